using NotebookLib.Imaging;
using NotebookLib.Plotting;

namespace NotebookLib.Explorer;

/// <summary>Turns cutouts into grey levels at a display size and composes them into PNG tiles: a tile is
/// a grid of cells, each cutout resized (area average when shrinking, nearest when enlarging) into its
/// cell, centred when it is not square; empty cells are dark grey.</summary>
public static class CutoutRenderer
{
    public const byte Background = 24;

    public static DisplayStretch ParseStretch(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "asinh" => DisplayStretch.Asinh,
        "linear" => DisplayStretch.Linear,
        "log" => DisplayStretch.Log,
        "zscale" => DisplayStretch.ZScale,
        _ => throw new ArgumentException($"unknown stretch '{name}': linear, log, asinh or zscale"),
    };

    /// <summary>A tile of <paramref name="ids"/> (−1 = empty cell), <paramref name="columns"/> cells wide, as PNG.</summary>
    public static byte[] Tile(ICutouts cutouts, IReadOnlyList<int> ids, int columns, int cell, DisplayStretch stretch, bool invert)
    {
        var rows = (ids.Count + columns - 1) / columns;
        int w = columns * cell, h = rows * cell;
        var gray = new byte[w * h];
        Array.Fill(gray, Background);
        Parallel.For(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, k =>
        {
            if (ids[k] < 0) return;
            byte[] one;
            try { one = Render(cutouts.Read(ids[k]), cell, stretch, invert); }
            catch (Exception e) when (e is IOException or InvalidDataException or NotebookLib.Fits.FitsException)
            {   // one unreadable file in a folder must not blank its whole tile: a striped cell, the focus view says why
                one = new byte[cell * cell];
                for (var i = 0; i < one.Length; i++) one[i] = (byte)((i % cell + i / cell) % 8 < 4 ? 90 : Background);
            }
            int ox = k % columns * cell, oy = k / columns * cell;
            for (var y = 0; y < cell; y++) one.AsSpan(y * cell, cell).CopyTo(gray.AsSpan((oy + y) * w + ox, cell));
        });
        return Png.Encode(gray, w, h, PngFormat.Gray, System.IO.Compression.CompressionLevel.Fastest);
    }

    /// <summary>One cutout as a size × size PNG.</summary>
    public static byte[] Single(CutoutImage image, int size, DisplayStretch stretch, bool invert) =>
        Png.Encode(Render(image, size, stretch, invert), size, size, PngFormat.Gray, System.IO.Compression.CompressionLevel.Fastest);

    /// <summary>Grey levels of one cutout in a size × size cell.</summary>
    public static byte[] Render(CutoutImage image, int size, DisplayStretch stretch, bool invert)
    {
        var (lo, hi) = Limits(image.Pixels, stretch);
        var scale = Math.Max(image.Width, image.Height) / (double)size;
        int dw = Math.Max(1, (int)Math.Round(image.Width / scale)), dh = Math.Max(1, (int)Math.Round(image.Height / scale));
        int ox = (size - dw) / 2, oy = (size - dh) / 2;
        var outp = new byte[size * size];
        Array.Fill(outp, Background);
        var span = hi > lo ? hi - lo : 1;
        for (var y = 0; y < dh; y++)
        {
            int y0 = (int)(y * scale), y1 = Math.Max(y0 + 1, Math.Min(image.Height, (int)((y + 1) * scale)));
            for (var x = 0; x < dw; x++)
            {
                int x0 = (int)(x * scale), x1 = Math.Max(x0 + 1, Math.Min(image.Width, (int)((x + 1) * scale)));
                double sum = 0; var n = 0;
                for (var yy = y0; yy < y1; yy++)
                    for (var xx = x0; xx < x1; xx++)
                    {
                        var v = image.Pixels[yy * image.Width + xx];
                        if (float.IsFinite(v)) { sum += v; n++; }
                    }
                var t = n == 0 ? 0 : Math.Clamp((sum / n - lo) / span, 0, 1);
                t = stretch switch
                {
                    DisplayStretch.Log => Math.Log10(1000 * t + 1) / 3.0004340774793188, // log10(1001)
                    DisplayStretch.Asinh => Math.Asinh(t / 0.1) / 2.99822295029797,        // asinh(10)
                    _ => t,
                };
                var g = (byte)Math.Round(255 * t);
                outp[(oy + y) * size + ox + x] = invert ? (byte)(255 - g) : g;
            }
        }
        return outp;
    }

    static (double Lo, double Hi) Limits(float[] pixels, DisplayStretch stretch)
    {
        if (stretch == DisplayStretch.ZScale)
        {
            try { return new ZScaleInterval().GetLimits(pixels); }
            catch (ArgumentException) { return (0, 1); }   // no finite pixel
        }
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in pixels)
            if (float.IsFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
        return double.IsFinite(lo) ? (lo, hi) : (0, 1);
    }
}
