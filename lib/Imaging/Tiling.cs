namespace NotebookLib.Imaging;

/// <summary>Cutting a frame into equal square patches (talk 001 uses 136, 68, 51 and 34 pixels),
/// and into horizontal channels.</summary>
public static class Tiling
{
    /// <summary>Tiles the frame into <paramref name="size"/>×<paramref name="size"/> patches in row-major
    /// grid order, starting at pixel (0, 0). With <see cref="EdgePolicy.Drop"/> the partial edge is left
    /// out; with <see cref="EdgePolicy.Pad"/> it is completed with <paramref name="padValue"/>.</summary>
    public static PatchBatch Tile(this Frame frame, int size, EdgePolicy edge = EdgePolicy.Drop, float padValue = 0f)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"patch size must be positive, not {size}");
        int w = frame.Width, h = frame.Height;
        int cols = edge == EdgePolicy.Drop ? w / size : (w + size - 1) / size;
        int rows = edge == EdgePolicy.Drop ? h / size : (h + size - 1) / size;
        if (cols == 0 || rows == 0)
            throw new ArgumentException($"a {w}×{h} frame holds no whole {size}×{size} patch (use EdgePolicy.Pad or a smaller size)");
        int ss = size * size;
        var data = GC.AllocateUninitializedArray<float>(checked(cols * rows * ss));
        var src = frame.Pixels;
        PatchCopy.Copy(src, w, h, data, size, cols, rows, padValue);
        float[]? masked = null;
        bool padded = edge == EdgePolicy.Pad && (w % size != 0 || h % size != 0);
        if (frame.Mask is not null || padded)
        {
            masked = new float[cols * rows];
            var m = frame.Mask;
            for (int gr = 0; gr < rows; gr++)
                for (int gc = 0; gc < cols; gc++)
                {
                    int x0 = gc * size, y0 = gr * size;
                    int xw = Math.Min(size, w - x0), yh = Math.Min(size, h - y0);
                    int bad = ss - xw * yh;
                    if (m is not null)
                        for (int py = 0; py < yh; py++) bad += m.AsSpan((y0 + py) * w + x0, xw).Count(true);
                    masked[gr * cols + gc] = (float)bad / ss;
                }
        }
        return new PatchBatch(data, size, cols, rows, w, h, edge, padValue, masked);
    }

    /// <summary>Splits the frame into <paramref name="count"/> horizontal bands of whole rows, top to
    /// bottom (talk 001 analyses 10 channels separately). When the height does not divide, the first
    /// height % count channels get one row more.</summary>
    public static IReadOnlyList<Channel> SplitChannels(this Frame frame, int count)
    {
        if (count <= 0 || count > frame.Height)
            throw new ArgumentOutOfRangeException(nameof(count), $"cannot split a frame of {frame.Height} rows into {count} channels");
        var list = new List<Channel>(count);
        int y = 0;
        for (int c = 0; c < count; c++)
        {
            int rows = frame.Height / count + (c < frame.Height % count ? 1 : 0);
            list.Add(new Channel(c, y, frame.Crop(0, y, frame.Width, rows)));
            y += rows;
        }
        return list;
    }
}

/// <summary>One horizontal channel of a frame: its index, its first row in the frame, and its pixels.</summary>
public sealed record Channel(int Index, int Y, Frame Frame)
{
    public int Height => Frame.Height;
}
