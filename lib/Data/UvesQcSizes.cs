using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>
/// Notebook 02's sizes at one scale (see <see cref="DefaultData.Uves"/>): how many UVES-like calibration
/// frames it makes and how much descriptor work it does on them.
/// </summary>
public sealed record UvesQcSizes
{
    /// <summary>The generator's options: years, frames per (arm, type, year), downscale, bad fraction.</summary>
    public required UvesCalibrationOptions Options { get; init; }
    /// <summary>The input methods compared (each one a full descriptor pass over every extension).</summary>
    public required InputMethod[] Methods { get; init; }
    /// <summary>At most this many extensions (evenly spread) get the random-init ResNet-50 baseline descriptors.</summary>
    public required int BaselineExtensions { get; init; }
    /// <summary>Folds of the cross-validation on the training rows that chooses the classifier's descriptors (the test rows
    /// stay out of that choice).</summary>
    public int ClassifierFolds { get; init; } = 5;
    /// <summary>Images per descriptor batch.</summary>
    public required int BatchSize { get; init; }
    /// <summary>Epochs of the fully-connected classifier on the descriptors.</summary>
    public required int ClassifierEpochs { get; init; }
    /// <summary>The number-of-clusters sweep tries 2 to this many clusters.</summary>
    public required int MaxClusters { get; init; }
}
