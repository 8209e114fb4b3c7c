namespace NotebookLib.Data;

/// <summary>Where a patch lies: frame number and the pixel (row, column) of its top-left corner.</summary>
public readonly record struct PatchOrigin(int Frame, int Row, int Column);

/// <summary>
/// Square patches tiled over frames (notebook 01's 136/68/51/34-px patches of a 2048² frame whose
/// 4-px reference border is left out: 2040 = 15 × 136 = 30 × 68 = 40 × 51 = 60 × 34). Patches are
/// copied from the frames on demand, shape [1, P, P]. With truth masks, each patch gets the fraction
/// of masked pixels and a label: 1 when that fraction exceeds LabelFraction, else 0.
/// </summary>
public sealed class PatchDataset : IDataset
{
    readonly IReadOnlyList<float[]> frames;
    readonly double[]? maskFraction;

    PatchDataset(IReadOnlyList<float[]> frames, int height, int width, int patchSize, PatchOrigin[] origins,
                 double[]? maskFraction, double labelFraction)
    {
        this.frames = frames;
        FrameHeight = height; FrameWidth = width; PatchSize = patchSize;
        Origins = origins;
        this.maskFraction = maskFraction;
        LabelFraction = labelFraction;
    }

    public int FrameHeight { get; }
    public int FrameWidth { get; }
    public int PatchSize { get; }
    public double LabelFraction { get; }
    public IReadOnlyList<PatchOrigin> Origins { get; }
    public int Count => Origins.Count;
    public int[] SampleShape => [1, PatchSize, PatchSize];

    /// <summary>Tiles every frame (row-major height × width) with patches of side
    /// <paramref name="patchSize"/> every <paramref name="stride"/> pixels (default: non-overlapping),
    /// inside a margin of <paramref name="border"/> pixels; a remainder too small for a patch is left out.</summary>
    public static PatchDataset FromFrames(IReadOnlyList<float[]> frames, int height, int width, int patchSize,
        int? stride = null, int border = 0, IReadOnlyList<bool[]>? masks = null, double labelFraction = 0)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var step = stride ?? patchSize;
        if (patchSize <= 0 || step <= 0) throw new ArgumentOutOfRangeException(nameof(patchSize), $"patch size {patchSize} and stride {step} must be positive");
        if (patchSize > Math.Min(height, width) - 2 * border)
            throw new ArgumentException($"a {patchSize}-px patch does not fit a {height}×{width} frame with a {border}-px border");
        for (var f = 0; f < frames.Count; f++)
            if (frames[f].Length != height * width)
                throw new ArgumentException($"frame {f} has {frames[f].Length} pixels, not {height}×{width} = {height * width}");
        if (masks is not null && (masks.Count != frames.Count || masks.Any(m => m.Length != height * width)))
            throw new ArgumentException($"need one {height}×{width} mask per frame ({frames.Count}), got {masks.Count}");
        var origins = new List<PatchOrigin>();
        for (var f = 0; f < frames.Count; f++)
            for (var r = border; r + patchSize <= height - border; r += step)
                for (var c = border; c + patchSize <= width - border; c += step)
                    origins.Add(new(f, r, c));
        double[]? fraction = null;
        if (masks is not null)
        {
            fraction = new double[origins.Count];
            Parallel.For(0, origins.Count, i =>
            {
                var (f, r0, c0) = origins[i];
                var m = masks[f];
                var n = 0;
                for (var r = r0; r < r0 + patchSize; r++)
                    for (var c = c0; c < c0 + patchSize; c++)
                        if (m[r * width + c]) n++;
                fraction[i] = n / (double)(patchSize * patchSize);
            });
        }
        return new PatchDataset(frames, height, width, patchSize, origins.ToArray(), fraction, labelFraction);
    }

    /// <summary>Patches of NISP-like darks (their science pixels in ADU), leaving out the reference
    /// border, labelled by the persistence truth mask.</summary>
    public static PatchDataset FromNisp(IReadOnlyList<NispSlewDark> darks, int patchSize, int? stride = null, double labelFraction = 0)
    {
        if (darks.Count == 0) throw new ArgumentException("no frames given");
        var n = darks[0].Size;
        if (darks.Any(d => d.Size != n)) throw new ArgumentException("all frames must have the same size");
        return FromFrames(darks.Select(d => d.Data).ToList(), n, n, patchSize, stride, darks[0].Options.ReferenceBorder,
                          darks.Select(d => d.PersistenceMask).ToList(), labelFraction);
    }

    public void CopyTo(int index, Span<float> destination)
    {
        var (f, r0, c0) = Origins[index];
        if (destination.Length < PatchSize * PatchSize)
            throw new ArgumentException($"destination holds {destination.Length} values, a patch needs {PatchSize * PatchSize}");
        var frame = frames[f];
        for (var r = 0; r < PatchSize; r++)
            frame.AsSpan((r0 + r) * FrameWidth + c0, PatchSize).CopyTo(destination.Slice(r * PatchSize, PatchSize));
    }

    /// <summary>Fraction of the patch's pixels set in its frame's mask (NaN without masks).</summary>
    public double MaskFraction(int index) => maskFraction is null ? double.NaN : maskFraction[index];

    public int Label(int index) => maskFraction is null ? -1 : maskFraction[index] > LabelFraction ? 1 : 0;

    public override string ToString() =>
        $"{Count} patches of {PatchSize}×{PatchSize} px from {frames.Count} frame(s) of {FrameHeight}×{FrameWidth}" +
        (maskFraction is null ? "" : $", {Enumerable.Range(0, Count).Count(i => Label(i) == 1)} labelled 1");
}
