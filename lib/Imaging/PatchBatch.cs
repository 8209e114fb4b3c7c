namespace NotebookLib.Imaging;

/// <summary>What tiling does with the part of the frame that does not fill a whole patch.</summary>
public enum EdgePolicy
{
    /// <summary>Only whole patches: the last width % size columns and height % size rows are left out.</summary>
    Drop,
    /// <summary>The edge patches are completed with a pad value (and count those pixels as masked).</summary>
    Pad,
}

/// <summary>Where a patch came from: its place in the patch grid and its top-left pixel in the frame.</summary>
public readonly record struct PatchPosition(int Index, int Column, int Row, int X, int Y);

/// <summary>
/// Equal square patches of one frame as one contiguous float32 block of shape [Count, Size, Size]
/// (what a tensor is made from), in row-major grid order, with each patch's position, so that
/// per-patch results (labels, scores, masks) can be put back on the full frame.
/// </summary>
public sealed class PatchBatch
{
    internal PatchBatch(float[] data, int size, int columns, int rows, int frameWidth, int frameHeight,
                        EdgePolicy edge, float padValue, float[]? maskedFraction)
    {
        Data = data; Size = size; Columns = columns; Rows = rows;
        FrameWidth = frameWidth; FrameHeight = frameHeight; Edge = edge; PadValue = padValue;
        MaskedFraction = maskedFraction;
    }

    /// <summary>Pixels, [Count, Size, Size] row-major.</summary>
    public float[] Data { get; }
    public int Size { get; }
    /// <summary>Patches per grid row and grid rows.</summary>
    public int Columns { get; }
    public int Rows { get; }
    public int Count => Columns * Rows;
    public int FrameWidth { get; }
    public int FrameHeight { get; }
    public EdgePolicy Edge { get; }
    public float PadValue { get; }
    /// <summary>Per patch, the fraction of its pixels that were masked in the frame or padded;
    /// null when the frame had no mask and nothing was padded.</summary>
    public float[]? MaskedFraction { get; }

    /// <summary>The tensor shape [Count, Size, Size].</summary>
    public int[] Shape => [Count, Size, Size];

    public PatchPosition Position(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"patch {index} is outside 0..{Count - 1}");
        int row = index / Columns, col = index % Columns;
        return new PatchPosition(index, col, row, col * Size, row * Size);
    }

    public IEnumerable<PatchPosition> Positions => Enumerable.Range(0, Count).Select(Position);

    /// <summary>The pixels of patch <paramref name="index"/>, Size × Size row-major.</summary>
    public Span<float> Patch(int index)
    {
        Position(index);
        return Data.AsSpan(index * Size * Size, Size * Size);
    }

    /// <summary>Patch <paramref name="index"/> as a frame of its own (a copy).</summary>
    public Frame PatchFrame(int index) => new(Size, Size, Patch(index).ToArray());

    /// <summary>Per-patch values laid out on the patch grid: [Rows, Columns].</summary>
    public T[,] ToGrid<T>(ReadOnlySpan<T> perPatch)
    {
        CheckPerPatch(perPatch.Length, "values");
        var g = new T[Rows, Columns];
        for (int i = 0; i < perPatch.Length; i++) g[i / Columns, i % Columns] = perPatch[i];
        return g;
    }

    /// <summary>A full-frame map (FrameWidth × FrameHeight, row-major) where every pixel of a patch holds
    /// that patch's value (a cluster label, an anomaly score); pixels outside every patch (the dropped
    /// edge) hold <paramref name="outside"/>.</summary>
    public T[] ToFrameMap<T>(ReadOnlySpan<T> perPatch, T outside)
    {
        CheckPerPatch(perPatch.Length, "values");
        var map = new T[FrameWidth * FrameHeight];
        if (Edge == EdgePolicy.Drop) Array.Fill(map, outside);
        for (int i = 0; i < perPatch.Length; i++)
        {
            var pos = Position(i);
            int w = Math.Min(Size, FrameWidth - pos.X), h = Math.Min(Size, FrameHeight - pos.Y);
            for (int r = 0; r < h; r++) map.AsSpan((pos.Y + r) * FrameWidth + pos.X, w).Fill(perPatch[i]);
        }
        return map;
    }

    /// <summary>Reassembles per-pixel patch results ([Count, Size, Size]: reconstructions, saliency,
    /// masks) into a full frame; padding is cut off and the dropped edge holds <paramref name="outside"/>.</summary>
    public Frame ToFrame(ReadOnlySpan<float> patchPixels, float outside = float.NaN)
    {
        if (patchPixels.Length != Data.Length)
            throw new ArgumentException($"patch pixels hold {patchPixels.Length} values but this batch is [{Count}, {Size}, {Size}] = {Data.Length}", nameof(patchPixels));
        var p = new float[FrameWidth * FrameHeight];
        if (Edge == EdgePolicy.Drop) Array.Fill(p, outside);
        for (int i = 0; i < Count; i++)
        {
            var pos = Position(i);
            int w = Math.Min(Size, FrameWidth - pos.X), h = Math.Min(Size, FrameHeight - pos.Y);
            for (int r = 0; r < h; r++)
                patchPixels.Slice(i * Size * Size + r * Size, w).CopyTo(p.AsSpan((pos.Y + r) * FrameWidth + pos.X, w));
        }
        return new Frame(FrameWidth, FrameHeight, p);
    }

    /// <summary>The same for boolean per-pixel patch masks.</summary>
    public bool[] ToFrameMask(ReadOnlySpan<bool> patchMasks)
    {
        if (patchMasks.Length != Data.Length)
            throw new ArgumentException($"patch masks hold {patchMasks.Length} values but this batch is [{Count}, {Size}, {Size}] = {Data.Length}", nameof(patchMasks));
        var m = new bool[FrameWidth * FrameHeight];
        for (int i = 0; i < Count; i++)
        {
            var pos = Position(i);
            int w = Math.Min(Size, FrameWidth - pos.X), h = Math.Min(Size, FrameHeight - pos.Y);
            for (int r = 0; r < h; r++)
                patchMasks.Slice(i * Size * Size + r * Size, w).CopyTo(m.AsSpan((pos.Y + r) * FrameWidth + pos.X, w));
        }
        return m;
    }

    public override string ToString() =>
        $"PatchBatch [{Count}, {Size}, {Size}] ({Columns}×{Rows} grid of a {FrameWidth}×{FrameHeight} frame, edge {Edge})";

    void CheckPerPatch(int length, string what)
    {
        if (length != Count)
            throw new ArgumentException($"{length} per-patch {what} given but the batch holds {Count} patches ({Columns}×{Rows})");
    }
}
