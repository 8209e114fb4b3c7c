using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// A conditional variational autoencoder (Sohn, Lee &amp; Yan 2015): the <see cref="VariationalAutoencoder"/>'s
/// stages, with a vector of attributes c (brightness, area, …, standardised) given to both sides — q(z|x, c) from
/// the image's features and c, p(x|z, c) from z and c — so that decoding z ~ N(0, I) with a chosen c generates
/// images with those attributes. Trained through <see cref="Models.Training.Trainer"/> on a dataset whose targets
/// are the attributes (shape [k]): its loss (IHasOwnLoss) takes the images and their attributes and is the
/// per-pixel binary cross-entropy summed over the image plus β times the KL divergence to N(0, I).
/// </summary>
public sealed class ConditionalVariationalAutoencoder : Module<Tensor, Tensor>, INetwork, IHasOwnLoss
{
    readonly Sequential encoder;
    readonly Linear mu;
    readonly Linear logVar;
    readonly Linear fromLatent;
    readonly Sequential decoder;
    readonly long[] mapShape;

    public ConditionalVariationalAutoencoder(long conditionDim, long height = 64, long width = 64, long channels = 3, long latentDim = 16,
        long[]? filters = null, long[]? pools = null, bool batchNorm = true, double beta = 1.0)
    {
        filters ??= [32, 64, 64];
        pools ??= height % 20 == 0 && width % 20 == 0 ? [2, 2, 5] : Enumerable.Repeat(2L, filters.Length).ToArray();
        var reduction = ConvStages.Check(nameof(ConditionalVariationalAutoencoder), height, width, filters, pools);
        if (conditionDim <= 0) throw new ArgumentException($"ConditionalVariationalAutoencoder: conditionDim must be positive, not {conditionDim}");
        if (latentDim <= 0) throw new ArgumentException($"ConditionalVariationalAutoencoder: latentDim must be positive, not {latentDim}");
        if (beta < 0) throw new ArgumentException($"ConditionalVariationalAutoencoder: beta must be non-negative, not {beta}");
        InputShape = [channels, height, width];
        LatentDim = latentDim;
        ConditionDim = conditionDim;
        Beta = beta;
        encoder = ConvStages.Encoder(channels, filters, pools, batchNorm);
        mapShape = [filters[^1], height / reduction, width / reduction];
        var flat = mapShape.Aggregate(1L, (a, b) => a * b);
        mu = nn.Linear(flat + conditionDim, latentDim);
        logVar = nn.Linear(flat + conditionDim, latentDim);
        fromLatent = nn.Linear(latentDim + conditionDim, flat);
        decoder = ConvStages.Decoder(channels, filters, pools, batchNorm);
        register_module("encoder", encoder);
        register_module("mu", mu);
        register_module("log_var", logVar);
        register_module("from_latent", fromLatent);
        register_module("decoder", decoder);
    }

    public long[] InputShape { get; }
    public long LatentDim { get; }
    /// <summary>Attributes per image (c's length).</summary>
    public long ConditionDim { get; }
    public double Beta { get; }

    void CheckCondition(Tensor c, long n)
    {
        if (c.dim() != 2 || c.size(0) != n || c.size(1) != ConditionDim)
            throw new ArgumentException($"ConditionalVariationalAutoencoder takes conditions of shape ({n}, {ConditionDim}), not ({string.Join(", ", c.shape)})");
    }

    /// <summary>The mean and log-variance of q(z|x, c), each (N, latentDim).</summary>
    public (Tensor mu, Tensor logVar) EncodeDistribution(Tensor input, Tensor condition)
    {
        this.CheckInput(input, nameof(ConditionalVariationalAutoencoder));
        CheckCondition(condition, input.size(0));
        using var maps = encoder.call(input);
        using var flat = maps.flatten(1);
        using var h = cat([flat, condition], 1);
        return (mu.call(h), logVar.call(h));
    }

    /// <summary>Images (N, C, H, W) decoded from latent vectors z (N, latentDim) with attributes c (N, conditionDim).</summary>
    public Tensor Decode(Tensor latent, Tensor condition)
    {
        CheckCondition(condition, latent.size(0));
        using var h = cat([latent, condition], 1);
        using var flat = fromLatent.call(h);
        using var maps = flat.reshape([flat.size(0), .. mapShape]);
        return decoder.call(maps);
    }

    /// <summary>Reconstruction, mean and log-variance; z is sampled in training mode, μ in eval mode.</summary>
    public (Tensor reconstruction, Tensor mu, Tensor logVar) ForwardWithDistribution(Tensor input, Tensor condition)
    {
        var (m, lv) = EncodeDistribution(input, condition);
        if (!training) return (Decode(m, condition), m, lv);
        using var scope = NewDisposeScope();
        var z = m + randn_like(m) * (lv * 0.5).exp();
        return (Decode(z, condition).MoveToOuterDisposeScope(), m, lv);
    }

    /// <summary>The network needs each image's attributes: call <see cref="Reconstruct"/> or <see cref="Sample"/>, or train it
    /// through its <see cref="Loss"/> (the Trainer does, with the dataset's targets as the attributes).</summary>
    public override Tensor forward(Tensor input) =>
        throw new InvalidOperationException("ConditionalVariationalAutoencoder needs the attributes of each image: use Reconstruct(images, attributes), Sample(attributes) or Loss(images, attributes)");

    /// <summary>Reconstructions of images with their attributes (eval mode: z = μ).</summary>
    public Tensor Reconstruct(Tensor input, Tensor condition)
    {
        using var _ = no_grad();
        var wasTraining = training;
        eval();
        try
        {
            var (r, m, lv) = ForwardWithDistribution(input, condition);
            m.Dispose(); lv.Dispose();
            return r;
        }
        finally { train(wasTraining); }
    }

    /// <summary>The loss of images (input) given their attributes (target: (N, conditionDim)).</summary>
    public Tensor Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        using var scope = NewDisposeScope();
        var (r, m, lv) = ForwardWithDistribution(input, target);
        return VariationalAutoencoder.Elbo(r, input, m, lv, Beta, reduction).MoveToOuterDisposeScope();
    }

    /// <summary>One new image per row of <paramref name="conditions"/> (N, conditionDim), decoded from z ~ N(0, I): (N, C, H, W).
    /// With <paramref name="sameLatent"/> one z is drawn for all rows, so that rows differing only in c show what c changes.</summary>
    public Tensor Sample(Tensor conditions, int? seed = null, bool sameLatent = false)
    {
        if (conditions.dim() != 2 || conditions.size(1) != ConditionDim)
            throw new ArgumentException($"ConditionalVariationalAutoencoder.Sample takes conditions of shape (N, {ConditionDim}), not ({string.Join(", ", conditions.shape)})");
        if (seed is { } s) manual_seed(s);
        var device = mu.weight.device;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var wasTraining = training;
        eval();
        try
        {
            var z = sameLatent ? randn([1, LatentDim], device: device).expand([conditions.size(0), LatentDim]).contiguous()
                               : randn([conditions.size(0), LatentDim], device: device);
            return Decode(z, conditions.to(device)).MoveToOuterDisposeScope();
        }
        finally { train(wasTraining); }
    }
}
