using System.Numerics.Tensors;

namespace NotebookLib.Imaging;

/// <summary>Pixel-value scaling: ADU to ADU per frame per pixel from header keywords, clipping,
/// normalising to [0, 1] and the per-image min-max of talk 001 and talk 003.</summary>
public static class Scaling
{
    /// <summary>
    /// Divides the pixels by the product of the header values named in <paramref name="keywords"/>
    /// (e.g. the number of frames co-added on board, and a binning factor for "per pixel").
    /// <paramref name="header"/> looks a keyword up (a FITS header plugs in as
    /// <c>k => header.TryGetDouble(k)</c>) and returns null when it is missing.
    /// </summary>
    public static Frame DivideByKeywords(this Frame frame, Func<string, double?> header, params string[] keywords)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (keywords.Length == 0) throw new ArgumentException("name at least one header keyword to divide by", nameof(keywords));
        double divisor = 1;
        foreach (var k in keywords)
        {
            var v = header(k) ?? throw new KeyNotFoundException($"header keyword '{k}' is missing (needed to scale the pixels by {string.Join(" × ", keywords)})");
            if (!(v > 0) || double.IsInfinity(v))
                throw new ArgumentException($"header keyword '{k}' = {v} cannot scale pixels: it must be a positive number");
            divisor *= v;
        }
        var p = GC.AllocateUninitializedArray<float>(frame.Count);
        TensorPrimitives.Multiply(frame.Pixels, (float)(1 / divisor), p);
        return frame.WithPixels(p);
    }

    /// <summary>ADU → ADU/frame/px: divides by the number of frames (<paramref name="framesKeyword"/>,
    /// NFRAMES by default) and, when named, by the number of pixels each value sums
    /// (<paramref name="pixelsKeyword"/>, e.g. a binning-factor keyword).</summary>
    public static Frame ToAduPerFramePerPixel(this Frame frame, Func<string, double?> header,
        string framesKeyword = "NFRAMES", string? pixelsKeyword = null) =>
        pixelsKeyword is null ? frame.DivideByKeywords(header, framesKeyword)
                              : frame.DivideByKeywords(header, framesKeyword, pixelsKeyword);

    /// <summary>The same with the keyword values in a dictionary.</summary>
    public static Frame ToAduPerFramePerPixel(this Frame frame, IReadOnlyDictionary<string, double> header,
        string framesKeyword = "NFRAMES", string? pixelsKeyword = null) =>
        frame.ToAduPerFramePerPixel(k => header.TryGetValue(k, out var v) ? v : null, framesKeyword, pixelsKeyword);

    /// <summary>Clips the pixels to [<paramref name="min"/>, <paramref name="max"/>] (NaN stays NaN).</summary>
    public static Frame Clip(this Frame frame, float min, float max)
    {
        if (!(min <= max)) throw new ArgumentException($"clip needs min ≤ max, not [{min}, {max}]");
        var p = GC.AllocateUninitializedArray<float>(frame.Count);
        var src = frame.Pixels;
        RowParallel.For(frame.Height, frame.Width, (y0, y1) =>
        {
            for (int i = y0 * frame.Width, end = y1 * frame.Width; i < end; i++)
            {
                float v = src[i];
                p[i] = v < min ? min : v > max ? max : v;
            }
        });
        return frame.WithPixels(p);
    }

    /// <summary>Maps [<paramref name="min"/>, <paramref name="max"/>] linearly onto [0, 1], clipping outside.</summary>
    public static Frame Normalize(this Frame frame, float min, float max)
    {
        if (!(min < max)) throw new ArgumentException($"normalising needs min < max, not [{min}, {max}]");
        var p = GC.AllocateUninitializedArray<float>(frame.Count);
        float scale = 1f / (max - min);
        var src = frame.Pixels;
        RowParallel.For(frame.Height, frame.Width, (y0, y1) =>
        {
            int a = y0 * frame.Width, n = (y1 - y0) * frame.Width;
            var dst = p.AsSpan(a, n);
            TensorPrimitives.Subtract(src.AsSpan(a, n), min, dst);
            TensorPrimitives.Multiply(dst, scale, dst);
            TensorPrimitives.Clamp(dst, 0f, 1f, dst);
        });
        return frame.WithPixels(p);
    }

    /// <summary>Per-image min-max normalisation to [0, 1] with this frame's own good-pixel minimum and
    /// maximum. A constant frame becomes all zeros.</summary>
    public static Frame MinMaxNormalize(this Frame frame)
    {
        var (min, max) = frame.MinMax();
        if (min == max)
        {
            var z = new float[frame.Count];
            return frame.WithPixels(z);
        }
        return frame.Normalize(min, max);
    }
}
