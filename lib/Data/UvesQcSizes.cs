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
    /// <summary>The input method whose descriptors the supervised classifier is trained on (one of <see cref="Methods"/>):
    /// Binned, whose block-averaging shows the few-ADU structure that tells one CCD's bias from another's.</summary>
    public InputMethod ClassifierMethod { get; init; } = InputMethod.Binned;
    /// <summary>Images per descriptor batch.</summary>
    public required int BatchSize { get; init; }
    /// <summary>Epochs of the fully-connected classifier on the descriptors.</summary>
    public required int ClassifierEpochs { get; init; }
    /// <summary>The number-of-clusters sweep tries 2 to this many clusters.</summary>
    public required int MaxClusters { get; init; }
}
