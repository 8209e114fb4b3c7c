using NotebookLib.Configuration;
using NotebookLib.Data;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Inference;

/// <summary>Runs a model over a dataset (<see cref="IDataset"/>) batch by batch in eval mode without
/// gradients, moving each batch to the device and each result back to the CPU, so inference over more
/// samples than fit in memory at once (200,000 patches) never holds them all as one tensor.</summary>
public static class Batched
{
    /// <summary>Calls f on each batch (a device tensor of the current scope) and hands its result to sink with the batch's first index.</summary>
    public static void ForEach<TModel>(TModel model, IDataset source, Func<TModel, Tensor, Tensor> f, Action<long, Tensor> sink,
        int batchSize = 256, Device? device = null) where TModel : Module
    {
        ArgumentNullException.ThrowIfNull(source);
        if (batchSize < 1) throw new ArgumentException($"batchSize must be at least 1, not {batchSize}");
        var dev = device ?? model.parameters().FirstOrDefault()?.device ?? Device.CPU;
        var wasTraining = model.training;
        model.eval();
        var len = source.SampleLength();
        var buffer = new float[checked(Math.Min(batchSize, source.Count) * len)];
        var indices = new int[Math.Min(batchSize, source.Count)];
        try
        {
            using var _ = no_grad();
            for (var start = 0; start < source.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, source.Count - start);
                for (var i = 0; i < count; i++) indices[i] = start + i;
                using var scope = NewDisposeScope();
                var x = Samples(source, indices.AsSpan(0, count), buffer, dev);
                var result = f(model, x);
                sink(start, result.device.IsCuda ? result.cpu() : result);
            }
        }
        finally { model.train(wasTraining); }
    }

    /// <summary>The results of f over all samples, concatenated along the first dimension on the CPU.</summary>
    public static Tensor Map<TModel>(TModel model, IDataset source, Func<TModel, Tensor, Tensor> f, int batchSize = 256, Device? device = null)
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

    /// <summary>The samples at <paramref name="indices"/> as one tensor [n, ..SampleShape] on the device
    /// (a tensor of the current DisposeScope), copied through <paramref name="buffer"/>.</summary>
    internal static Tensor Samples(IDataset data, ReadOnlySpan<int> indices, float[] buffer, Device device) =>
        Gather(data.SampleLength(), data.SampleShape, indices, buffer, device, data.CopyTo);

    /// <summary>The targets at <paramref name="indices"/> as one tensor [n, ..TargetShape] on the device.</summary>
    internal static Tensor Targets(IDataset data, ReadOnlySpan<int> indices, float[] buffer, Device device) =>
        Gather(data.TargetLength(), data.TargetShape ?? throw new InvalidOperationException("the dataset has no targets"), indices, buffer, device, data.CopyTargetTo);

    static Tensor Gather(int length, int[] shape, ReadOnlySpan<int> indices, float[] buffer, Device device, Action<int, Span<float>> copy)
    {
        var n = indices.Length;
        var span = buffer.AsSpan(0, checked(n * length));
        if ((long)n * length > 1 << 16)
        {
            var idx = indices.ToArray();
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads },
                         i => copy(idx[i], buffer.AsSpan(i * length, length)));
        }
        else
            for (var i = 0; i < n; i++) copy(indices[i], span.Slice(i * length, length));
        return tensor<float>(span, [n, .. shape.Select(s => (long)s)], device);
    }
}
