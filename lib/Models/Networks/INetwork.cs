using NotebookLib.Torch;

namespace NotebookLib.Models.Networks;

/// <summary>A network that knows the shape of one input sample (C, H, W) or (features), so
/// its summary runs without being told.</summary>
public interface INetwork
{
    /// <summary>The shape of one sample, without the batch dimension.</summary>
    long[] InputShape { get; }
}

/// <summary>An encoder–decoder: Encode gives the latent representation, Decode maps it back.</summary>
public interface IAutoencoder : INetwork
{
    Tensor Encode(Tensor input);
    Tensor Decode(Tensor latent);
    /// <summary>The shape of one sample's latent representation.</summary>
    long[] LatentShape { get; }
}

/// <summary>A model that computes its own training loss (a VAE's reconstruction + KL term).</summary>
public interface IHasOwnLoss
{
    /// <summary>The mean loss over the batch, with per-sample values when reduction is None.</summary>
    Tensor Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean);
}

public static class NetworkExtensions
{
    /// <summary>The Keras-like summary (layers, output shapes, parameters) for one sample of the network's input shape.</summary>
    public static ModelSummary Summary<T>(this T network) where T : Module, INetwork => network.summary([1, .. network.InputShape]);

    /// <summary>The summary as Keras prints it: batch normalisation's running statistics count as non-trainable parameters.</summary>
    public static ModelSummary KerasSummary<T>(this T network) where T : Module, INetwork => network.summary([1, .. network.InputShape], runningStatistics: true);

    /// <summary>Throws a clear error when a batch does not have the network's sample shape.</summary>
    internal static void CheckInput(this INetwork network, Tensor input, string name, bool anySpatialSize = false)
    {
        var s = input.shape;
        var want = network.InputShape;
        var ok = s.Length == want.Length + 1 && (anySpatialSize ? s[1] == want[0] : s.AsSpan(1).SequenceEqual(want));
        if (!ok)
        {
            var expected = anySpatialSize ? [want[0].ToString(), .. want.Skip(1).Select(_ => "*")] : want.Select(v => v.ToString()).ToArray();
            throw new ArgumentException($"{name} takes a batch of shape (N, {string.Join(", ", expected)}), not ({string.Join(", ", s)})");
        }
    }
}
