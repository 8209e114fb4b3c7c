namespace NotebookLib.Data;

/// <summary>
/// Notebook 05's sizes at one scale (see <see cref="DefaultData.Similarity"/>): the pool of colour cut-outs and
/// the work done on it. The talk's 220 × 220 × 3 cut-outs and 100-d latent space are the full scale (a GPU);
/// the CPU default keeps the 100-d latent but shrinks the cut-outs, the pool and the networks' widths.
/// </summary>
public sealed record SimilaritySizes
{
    /// <summary>Cut-outs in the pool.</summary>
    public required int Count { get; init; }
    /// <summary>Side of each cut-out in pixels (220 in the talk).</summary>
    public required int Size { get; init; }
    /// <summary>The generator's anomaly rates (2 % in all) times this: a pool small enough for a CPU still holds
    /// enough oddities for a top-25 to be judged.</summary>
    public required double AnomalyRateFactor { get; init; }
    /// <summary>Filters of the three convolution stages of the autoencoders.</summary>
    public required long[] Filters { get; init; }
    /// <summary>Latent dimension of the autoencoder (the talk's 100).</summary>
    public int LatentDim { get; init; } = 100;
    /// <summary>Latent dimension of the (conditional) VAE.</summary>
    public required int VaeLatentDim { get; init; }
    public required int Epochs { get; init; }
    public required int VaeEpochs { get; init; }
    public required int BatchSize { get; init; }
    /// <summary>Optimisation iterations of t-SNE.</summary>
    public required int TsneIterations { get; init; }
    /// <summary>Side of the self-organising map's square grid.</summary>
    public required int SomSide { get; init; }

    /// <summary>The generator's options for this pool.</summary>
    public GalaxyCutoutOptions CutoutOptions => new GalaxyCutoutOptions { Count = Count, Size = Size }.WithAnomalyRatesTimes(AnomalyRateFactor);
    /// <summary>The pooling factors of the three stages: 2 · 2 · 5 for sides divisible by 20 (the talk's 220), else 2 · 2 · 2.</summary>
    public long[] Pools => Size % 20 == 0 ? [2, 2, 5] : [2, 2, 2];
}
