using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Inference;

/// <summary>Runs a model over a SampleSource batch by batch in eval mode without gradients,
/// moving each batch to the device and each result back to the CPU.</summary>
public static class Batched
{
    /// <summary>Calls f on each batch (a device tensor of the current scope) and hands its result to sink with the batch's first index.</summary>
    public static void ForEach<TModel>(TModel model, SampleSource source, Func<TModel, Tensor, Tensor> f, Action<long, Tensor> sink,
        int batchSize = 256, Device? device = null) where TModel : Module
    {
        if (batchSize < 1) throw new ArgumentException($"batchSize must be at least 1, not {batchSize}");
        var dev = device ?? model.parameters().FirstOrDefault()?.device ?? Device.CPU;
        var wasTraining = model.training;
        model.eval();
        var buffer = new float[checked(batchSize * source.SampleSize)];
        try
        {
            using var _ = no_grad();
            for (long start = 0; start < source.Count; start += batchSize)
            {
                var count = (int)Math.Min(batchSize, source.Count - start);
                var n = checked((int)(count * source.SampleSize));
                source.Read(start, count, buffer.AsSpan(0, n));
                using var scope = NewDisposeScope();
                var x = tensor<float>(buffer.AsSpan(0, n), [count, .. source.SampleShape], dev);
                var result = f(model, x);
                sink(start, result.device.IsCuda ? result.cpu() : result);
            }
        }
        finally { model.train(wasTraining); }
    }

    /// <summary>The results of f over all samples, concatenated along the first dimension on the CPU.</summary>
    public static Tensor Map<TModel>(TModel model, SampleSource source, Func<TModel, Tensor, Tensor> f, int batchSize = 256, Device? device = null)
        where TModel : Module
    {
        var parts = new List<Tensor>();
        try
        {
            ForEach(model, source, f, (_, r) => parts.Add(r.contiguous().DetachFromDisposeScope()), batchSize, device);
            return cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }
}
