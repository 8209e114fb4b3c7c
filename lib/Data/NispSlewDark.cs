using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>NISP grism wheel positions. The name is the dispersion direction's nominal angle:
/// RGS000 disperses along +y, RGS180 along −y, RGS270 along x; BGS000 is the blue grism.</summary>
public enum NispGrism { RGS000, RGS180, RGS270, BGS000 }

/// <summary>Data-quality bits of the generated DQ extension (documented in its header as DQBITn).</summary>
public static class NispDq
{
    public const int Hot = 1;
    public const int Dead = 2;
    public const int Saturated = 4;
    public const int Reference = 8;
}

/// <summary>The kinds of persistence a previous slew leaves.</summary>
public enum PersistenceKind
{
    /// <summary>A first-order spectrum of a bright source from the previous grism exposure.</summary>
    Spectrum,
    /// <summary>The compact zeroth-order image that belongs to a spectrum.</summary>
    ZerothOrder,
    /// <summary>A saturated star's round blob.</summary>
    Blob,
    /// <summary>A trail drawn by a bright star during the slew, brightest where the slew ended.</summary>
    SlewTrail,
}

/// <summary>One persistence feature, in pixel coordinates of the full frame (x = column, y = row);
/// (X0, Y0) → (X1, Y1) is its axis (equal for blobs), Width its Gaussian σ across, Amplitude the
/// peak persistence signal in ADU after decay.</summary>
public sealed record PersistenceFeature(PersistenceKind Kind, double X0, double Y0, double X1, double Y1,
                                        double Width, double Amplitude);

/// <summary>Settings of the NISP-like slew-dark generator. Size is the side of the square detector
/// (2048 for the real H2RG, smaller for quick defaults); lengths scale with Size / 2048.</summary>
public sealed record NispSlewDarkOptions
{
    public int Size { get; init; } = 2048;
    /// <summary>Reference-pixel border width (4 on the H2RG), not scaled with Size.</summary>
    public int ReferenceBorder { get; init; } = 4;
    /// <summary>Read noise in ADU (after onboard MACC fitting).</summary>
    public double ReadNoise { get; init; } = 6.0;
    /// <summary>Dark current in ADU per pixel over the exposure.</summary>
    public double DarkSignal { get; init; } = 3.0;
    public double HotPixelFraction { get; init; } = 1e-3;
    public double DeadPixelFraction { get; init; } = 5e-4;
    /// <summary>Cosmic-ray hits per pixel over the exposure.</summary>
    public double CosmicRayRate { get; init; } = 1e-4;
    /// <summary>Bright sources of the previous exposure that left persistence, at full size
    /// (scaled with the detector area).</summary>
    public int PersistentSources { get; init; } = 60;
    /// <summary>Seconds between the end of the slew and the start of the dark.</summary>
    public double SecondsSinceSlew { get; init; } = 90;
    /// <summary>Persistence e-folding time in seconds.</summary>
    public double DecayTime { get; init; } = 300;
    public double ExposureTime { get; init; } = 87.2;
    public int Detector { get; init; } = 11;
    public double Saturation { get; init; } = 32000;
    /// <summary>Pixels whose true persistence signal exceeds this many ADU are in the persistence mask.</summary>
    public double PersistenceMaskThreshold { get; init; } = 3.0;
    /// <summary>Grism left in the beam after the previous exposure, and its tilt in degrees.</summary>
    public NispGrism Grism { get; init; } = NispGrism.RGS000;
    public int Tilt { get; init; }
    public DateTime DateObs { get; init; } = new(2025, 1, 10, 3, 0, 0, DateTimeKind.Utc);
    public int ObservationId { get; init; } = 1;
    /// <summary>Onboard MACC(ngroup, nframe, ndrop) read mode: ADU/frame = ADU / (NGROUP × NFRAME).</summary>
    public int Groups { get; init; } = 15;
    public int FramesPerGroup { get; init; } = 16;
    public int DropFrames { get; init; } = 11;

    internal void Validate()
    {
        if (Size < 16 || Size > 8192) throw new ArgumentOutOfRangeException(nameof(Size), Size, "Size must be between 16 and 8192 pixels");
        if (ReferenceBorder < 0 || 2 * ReferenceBorder >= Size) throw new ArgumentOutOfRangeException(nameof(ReferenceBorder), ReferenceBorder, $"ReferenceBorder must leave light-sensitive pixels in a {Size}×{Size} frame");
        if (ReadNoise < 0 || HotPixelFraction is < 0 or > 1 || DeadPixelFraction is < 0 or > 1 || CosmicRayRate is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(ReadNoise), "noise must be ≥ 0 and fractions/rates in [0, 1]");
        if (Tilt is < -10 or > 10) throw new ArgumentOutOfRangeException(nameof(Tilt), Tilt, "Tilt is the grism tilt in degrees, within ±10");
        if (DecayTime <= 0) throw new ArgumentOutOfRangeException(nameof(DecayTime), DecayTime, "DecayTime must be positive");
    }
}

/// <summary>
/// A NISP-like raw dark taken with the filter wheel CLOSED just after a slew, with its ground truth:
/// the science pixels in ADU (row-major, Size × Size), the DQ array a calibration would provide (hot,
/// dead, saturated, reference), per-pixel truth masks (persistence, cosmic rays, hot, dead, reference),
/// the noiseless persistence signal, the persistence features, and the raw product's header keywords.
/// </summary>
public sealed class NispSlewDark
{
    public required int Size { get; init; }
    /// <summary>The science pixels in ADU, Size × Size.</summary>
    public required Image Data { get; init; }
    /// <summary>DQ bit fields (<see cref="NispDq"/>), row-major Size × Size as <see cref="Data"/>.</summary>
    public required int[] DataQuality { get; init; }
    public required Image PersistenceSignal { get; init; }
    public required Mask PersistenceMask { get; init; }
    public required Mask CosmicRayMask { get; init; }
    public required Mask HotPixelMask { get; init; }
    public required Mask DeadPixelMask { get; init; }
    public required Mask ReferencePixelMask { get; init; }
    public required IReadOnlyList<PersistenceFeature> Features { get; init; }
    /// <summary>Per pixel (row-major), 1 + the <see cref="PersistenceKind"/> of the feature that gives it the
    /// most persistence signal, 0 where none does.</summary>
    public required byte[] PersistenceKinds { get; init; }

    /// <summary>The kind of feature that holds most of the persistent pixels (<see cref="PersistenceMask"/>) in a
    /// box of the frame, or null when it holds none: e.g. what a persistent patch shows.</summary>
    public PersistenceKind? DominantKind(int x, int y, int width, int height)
    {
        var counts = new int[5];
        for (var yy = Math.Max(0, y); yy < Math.Min(Size, y + height); yy++)
            for (var xx = Math.Max(0, x); xx < Math.Min(Size, x + width); xx++)
                if (PersistenceMask[xx, yy]) counts[PersistenceKinds[yy * Size + xx]]++;
        var best = Enumerable.Range(1, 4).MaxBy(k => counts[k]);
        return counts[best] > 0 ? (PersistenceKind)(best - 1) : null;
    }
    public required FitsHeader Header { get; init; }
    public required NispSlewDarkOptions Options { get; init; }
    public required int Seed { get; init; }

    public NispGrism Grism => Options.Grism;
    public int Tilt => Options.Tilt;
    public string DetectorName => $"DET{Options.Detector}";
    /// <summary>Frames integrated in the MACC ramp, for ADU → ADU/frame.</summary>
    public int FramesIntegrated => Options.Groups * Options.FramesPerGroup;
    public float this[int row, int column] => Data.Pixels[row * Size + column];

    /// <summary>The extensions a raw product file would hold: science (float32 ADU), DQ (int32), and
    /// the truth masks (uint8) and noiseless persistence (float32), each with EXTNAME-specific keywords.</summary>
    public IReadOnlyList<ImageHdu> Extensions()
    {
        FitsArray<byte> Bytes(Mask m) => new(Array.ConvertAll(m.Pixels, b => b ? (byte)1 : (byte)0), Size, Size);
        var det = DetectorName;
        return
        [
            new(Data.ToFitsArray()) { Name = $"{det}.SCI", Header = [new("BUNIT", "ADU", "raw counts over the MACC ramp"), new("DETECTOR", Options.Detector, "NISP detector number")] },
            new(new FitsArray<int>(DataQuality, Size, Size))
            {
                Name = $"{det}.DQ",
                Header = [new("DQBIT0", "HOT", $"value {NispDq.Hot}"), new("DQBIT1", "DEAD", $"value {NispDq.Dead}"),
                          new("DQBIT2", "SATURATED", $"value {NispDq.Saturated}"), new("DQBIT3", "REFERENCE", $"value {NispDq.Reference}")],
            },
            new(PersistenceSignal.ToFitsArray()) { Name = "TRUTH.PERSIST", Header = [new("BUNIT", "ADU", "noiseless persistence signal")] },
            new(Bytes(PersistenceMask)) { Name = "TRUTH.PMASK", Header = [new("THRESH", Options.PersistenceMaskThreshold, "ADU above which a pixel is persistent")] },
            new(Bytes(CosmicRayMask)) { Name = "TRUTH.CRMASK", Header = [new("COMMENT", "cosmic-ray hits")] },
            new(Bytes(HotPixelMask)) { Name = "TRUTH.HOT", Header = [new("COMMENT", "hot pixels")] },
            new(Bytes(DeadPixelMask)) { Name = "TRUTH.DEAD", Header = [new("COMMENT", "dead pixels")] },
        ];
    }

    public override string ToString() =>
        $"NISP-like slew dark {DetectorName} {Size}×{Size}, {Grism} tilt {Tilt:+0;-0;0}°, {Features.Count} persistence features, " +
        $"{PersistenceMask.Count} persistent pixels, {CosmicRayMask.Count} cosmic-ray pixels";
}
