using NotebookLib.Data;
using NotebookLib.Models.Networks;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Inference;

/// <summary>
/// What an autoencoder says about each sample: its reconstruction error (mean squared error per
/// sample, or per pixel), and its latent vector — batch by batch over a dataset (<see cref="IDataset"/>),
/// so 200,000 patches go through in bounded memory. Results come back on the CPU.
/// </summary>
public static class Reconstruction
{
    /// <summary>Mean squared reconstruction error of each sample (N values), the talk's reconstruction-loss distribution.</summary>
    public static float[] Errors(Module<Tensor, Tensor> autoencoder, IDataset samples, int batchSize = 256, Device? device = null)
    {
        var errors = new float[samples.Count];
        Batched.ForEach(autoencoder, samples, (m, x) =>
        {
            var r = m.call(x);
            CheckSameShape(x, r);
            return (r - x).square().flatten(1).mean(1);
        }, (start, e) => e.CopyTo<float>(errors.AsSpan(checked((int)start), checked((int)e.numel()))), batchSize, device);
        return errors;
    }

    /// <summary>Squared error of every pixel, handed to sink per batch as (first index, (n, C, H, W) tensor on the CPU);
    /// the tensor lives until sink returns (copy what you keep).</summary>
    public static void PixelErrors(Module<Tensor, Tensor> autoencoder, IDataset samples, Action<long, Tensor> sink, int batchSize = 256, Device? device = null) =>
        Batched.ForEach(autoencoder, samples, (m, x) =>
        {
            var r = m.call(x);
            CheckSameShape(x, r);
            return (r - x).square();
        }, sink, batchSize, device);

    /// <summary>Squared error of every pixel of a set small enough to hold: (N, C, H, W) on the CPU.</summary>
    public static Tensor PixelErrors(Module<Tensor, Tensor> autoencoder, IDataset samples, int batchSize = 256, Device? device = null) =>
        Batched.Map(autoencoder, samples, (m, x) =>
        {
            var r = m.call(x);
            CheckSameShape(x, r);
            return (r - x).square();
        }, batchSize, device);

    /// <summary>The latent representation of every sample, flattened: (N, latent size) floats row-major with
    /// the latent shape of one sample (e.g. (64, 34, 34) for the seed autoencoder, (100) for the galaxy one).</summary>
    public static (float[] values, long[] latentShape) Latents<TEncoder>(TEncoder encoder, IDataset samples, int batchSize = 256, Device? device = null)
        where TEncoder : Module, IAutoencoder
    {
        var size = encoder.LatentShape.Aggregate(1L, (a, b) => a * b);
        var total = (long)samples.Count * size;
        if (total > Array.MaxLength)
            throw new ArgumentException($"{samples.Count} latent vectors of {size} values ({total}) exceed one array; use LatentBatches and keep what you need per batch");
        var values = new float[total];
        long[]? shape = null;
        Batched.ForEach(encoder, samples, (m, x) => m.Encode(x), (start, z) =>
        {
            shape ??= z.shape[1..];
            z.CopyTo<float>(values.AsSpan(checked((int)(start * size)), checked((int)z.numel())));
        }, batchSize, device);
        return (values, shape ?? encoder.LatentShape);
    }

    /// <summary>Latent vectors handed to sink per batch as (first index, (n, latent...) tensor on the CPU).</summary>
    public static void LatentBatches<TEncoder>(TEncoder encoder, IDataset samples, Action<long, Tensor> sink, int batchSize = 256, Device? device = null)
        where TEncoder : Module, IAutoencoder =>
        Batched.ForEach(encoder, samples, (m, x) => m.Encode(x), sink, batchSize, device);

    static void CheckSameShape(Tensor x, Tensor r)
    {
        if (!x.shape.SequenceEqual(r.shape))
            throw new ArgumentException($"the model's output ({string.Join(", ", r.shape)}) does not have its input's shape ({string.Join(", ", x.shape)}): is it an autoencoder?");
    }
}
