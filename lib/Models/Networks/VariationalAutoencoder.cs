using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;
using F = NotebookLib.Torch.torch.nn.functional;

namespace NotebookLib.Models.Networks;

/// <summary>
/// A convolutional variational autoencoder (Kingma &amp; Welling 2014) that samples new images:
/// the ConvAutoencoder's stages, with two heads giving the mean and log-variance of q(z|x);
/// training draws z = μ + σ·ε, evaluation uses μ. Its loss (IHasOwnLoss) is the per-pixel binary
/// cross-entropy summed over the image plus β times the KL divergence to N(0, I).
/// </summary>
public sealed class VariationalAutoencoder : Module<Tensor, Tensor>, IAutoencoder, IHasOwnLoss
{
    readonly Sequential encoder;
    readonly Linear mu;
    readonly Linear logVar;
    readonly Linear fromLatent;
    readonly Sequential decoder;
    readonly long[] mapShape;

    public VariationalAutoencoder(long height = 220, long width = 220, long channels = 3, long latentDim = 100,
        long[]? filters = null, long[]? pools = null, bool batchNorm = true, double beta = 1.0)
    {
        filters ??= [32, 64, 64];
        pools ??= height % 20 == 0 && width % 20 == 0 ? [2, 2, 5] : Enumerable.Repeat(2L, filters.Length).ToArray();
        var reduction = ConvStages.Check(nameof(VariationalAutoencoder), height, width, filters, pools);
        if (latentDim <= 0) throw new ArgumentException($"VariationalAutoencoder: latentDim must be positive, not {latentDim}");
        if (beta < 0) throw new ArgumentException($"VariationalAutoencoder: beta must be non-negative, not {beta}");
        InputShape = [channels, height, width];
        LatentDim = latentDim;
        Beta = beta;
        encoder = ConvStages.Encoder(channels, filters, pools, batchNorm);
        mapShape = [filters[^1], height / reduction, width / reduction];
        var flat = mapShape.Aggregate(1L, (a, b) => a * b);
        mu = nn.Linear(flat, latentDim);
        logVar = nn.Linear(flat, latentDim);
        fromLatent = nn.Linear(latentDim, flat);
        decoder = ConvStages.Decoder(channels, filters, pools, batchNorm);
        register_module("encoder", encoder);
        register_module("mu", mu);
        register_module("log_var", logVar);
        register_module("from_latent", fromLatent);
        register_module("decoder", decoder);
    }

    public long[] InputShape { get; }
    public long LatentDim { get; }
    public long[] LatentShape => [LatentDim];
    public double Beta { get; }

    /// <summary>The mean and log-variance of q(z|x), each (N, latentDim).</summary>
    public (Tensor mu, Tensor logVar) EncodeDistribution(Tensor input)
    {
        this.CheckInput(input, nameof(VariationalAutoencoder));
        using var maps = encoder.call(input);
        using var flat = maps.flatten(1);
        return (mu.call(flat), logVar.call(flat));
    }

    /// <summary>The latent mean μ (the representation used for similarity and clustering).</summary>
    public Tensor Encode(Tensor input)
    {
        var (m, lv) = EncodeDistribution(input);
        lv.Dispose();
        return m;
    }

    public Tensor Decode(Tensor latent)
    {
        using var flat = fromLatent.call(latent);
        using var maps = flat.reshape([flat.size(0), .. mapShape]);
        return decoder.call(maps);
    }

    /// <summary>Reconstruction, mean and log-variance; z is sampled in training mode, μ in eval mode.</summary>
    public (Tensor reconstruction, Tensor mu, Tensor logVar) ForwardWithDistribution(Tensor input)
    {
        var (m, lv) = EncodeDistribution(input);
        if (!training) return (Decode(m), m, lv);
        using var scope = NewDisposeScope();
        var z = m + randn_like(m) * (lv * 0.5).exp();
        return (Decode(z).MoveToOuterDisposeScope(), m, lv);
    }

    public override Tensor forward(Tensor input)
    {
        var (r, m, lv) = ForwardWithDistribution(input);
        m.Dispose(); lv.Dispose();
        return r;
    }

    public Tensor Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        using var scope = NewDisposeScope();
        var (r, m, lv) = ForwardWithDistribution(input);
        return Elbo(r, target, m, lv, Beta, reduction).MoveToOuterDisposeScope();
    }

    /// <summary>The negative ELBO per sample, reduced: binary cross-entropy of the reconstruction <paramref name="r"/>
    /// against <paramref name="target"/> summed over the image, plus β times KL(q(z|x) ‖ N(0, I)) from its mean and
    /// log-variance. Shared by the conditional VAE.</summary>
    internal static Tensor Elbo(Tensor r, Tensor target, Tensor mu, Tensor logVar, double beta, Reduction reduction)
    {
        var reconstruction = F.binary_cross_entropy(r, target, reduction: Reduction.None).reshape(r.size(0), -1).sum(1);
        var kl = ((1 + logVar - mu.square() - logVar.exp()).sum(1)) * -0.5;
        var perSample = reconstruction + kl * beta;
        return reduction switch { Reduction.None => perSample, Reduction.Sum => perSample.sum(), _ => perSample.mean() };
    }

    /// <summary>n new images decoded from z ~ N(0, I), (n, C, H, W).</summary>
    public Tensor Sample(long n, int? seed = null)
    {
        if (n <= 0) throw new ArgumentException($"VariationalAutoencoder.Sample needs a positive count, not {n}");
        if (seed is { } s) manual_seed(s);
        var device = mu.weight.device;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var wasTraining = training;
        eval();
        try
        {
            var z = randn([n, LatentDim], device: device);
            return Decode(z).MoveToOuterDisposeScope();
        }
        finally { train(wasTraining); }
    }
}
