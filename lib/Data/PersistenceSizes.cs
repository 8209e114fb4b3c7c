namespace NotebookLib.Data;

/// <summary>
/// Notebook 01's sizes at one scale (see <see cref="DefaultData.Persistence"/>): how much synthetic
/// NISP data it makes, and how much work each step does on it.
/// </summary>
public sealed record PersistenceSizes
{
    /// <summary>Slew-dark frames of the calibration block.</summary>
    public required int Frames { get; init; }
    /// <summary>Side of each frame in pixels, the 4-pixel reference border included.</summary>
    public required int FrameSize { get; init; }
    /// <summary>The GMM sweeps try 1 to this many components first, and more while the lowest BIC sits at the
    /// end of the range (Analysis.LatentClustering).</summary>
    public required int MaxComponents { get; init; }
    /// <summary>At most this many training patches for the seed autoencoder, evenly spread (validation:
    /// a quarter as many); int.MaxValue for all.</summary>
    public required int TrainPatches { get; init; }
    /// <summary>At most this many training patches in each hyper-parameter trial (validation: a quarter).</summary>
    public required int SearchPatches { get; init; }
    /// <summary>Epochs of each trial: at least 3, since one-epoch trials scored a collapsed (flat-output)
    /// autoencoder best (issue 15).</summary>
    public required int SearchEpochs { get; init; }
    public required int SearchTrials { get; init; }
    /// <summary>Epochs of the seed autoencoder's training (early stopping may end it sooner).</summary>
    public required int Epochs { get; init; }
    /// <summary>Side of the central cut-out of the real HST frame; null for the whole frame.</summary>
    public int? RealFrameSide { get; init; }
    /// <summary>Frames whose patches and masks train the U-Net.</summary>
    public required int UnetFrames { get; init; }
    /// <summary>At most this many U-Net training patches (and a quarter as many to validate on).</summary>
    public required int UnetPatches { get; init; }
    public required int UnetEpochs { get; init; }

    /// <summary>The generator's options for frames of this size.</summary>
    public NispSlewDarkOptions DarkOptions => new() { Size = FrameSize };
}
