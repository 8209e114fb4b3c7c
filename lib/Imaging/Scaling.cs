using System.Numerics.Tensors;
using NotebookLib.Fits;

namespace NotebookLib.Imaging;

/// <summary>Pixel-value scaling: ADU to ADU per frame per pixel from header keywords, clipping,
/// normalising to [0, 1] and the per-image min-max of talk 001 and talk 003.</summary>
public static class Scaling
{
    /// <summary>
    /// Divides the pixels by the product of the header values named in <paramref name="keywords"/>
    /// (e.g. the number of frames co-added on board, and a binning factor for "per pixel").
    /// </summary>
    public static Image DivideByKeywords(this Image image, FitsHeader header, params string[] keywords)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (keywords.Length == 0) throw new ArgumentException("name at least one header keyword to divide by", nameof(keywords));
        double divisor = 1;
        foreach (var k in keywords)
        {
            if (!header.Contains(k))
                throw new KeyNotFoundException($"header keyword '{k}' is missing (needed to scale the pixels by {string.Join(" × ", keywords)})");
            var v = header.GetDouble(k);
            if (!(v > 0) || double.IsInfinity(v))
                throw new ArgumentException($"header keyword '{k}' = {v} cannot scale pixels: it must be a positive number");
            divisor *= v;
        }
        var p = GC.AllocateUninitializedArray<float>(image.Count);
        TensorPrimitives.Multiply(image.Pixels, (float)(1 / divisor), p);
        return image.WithPixels(p);
    }

    /// <summary>ADU → ADU/frame/px: divides by the number of frames (<paramref name="framesKeyword"/>,
    /// NFRAMES by default) and, when named, by the number of pixels each value sums
    /// (<paramref name="pixelsKeyword"/>, e.g. a binning-factor keyword).</summary>
    public static Image ToAduPerFramePerPixel(this Image image, FitsHeader header,
        string framesKeyword = "NFRAMES", string? pixelsKeyword = null) =>
        pixelsKeyword is null ? image.DivideByKeywords(header, framesKeyword)
                              : image.DivideByKeywords(header, framesKeyword, pixelsKeyword);

    /// <summary>Clips the pixels to [<paramref name="min"/>, <paramref name="max"/>] (NaN stays NaN).</summary>
    public static Image Clip(this Image image, float min, float max)
    {
        if (!(min <= max)) throw new ArgumentException($"clip needs min ≤ max, not [{min}, {max}]");
        var p = GC.AllocateUninitializedArray<float>(image.Count);
        var src = image.Pixels;
        RowParallel.For(image.Height, image.Width, (y0, y1) =>
        {
            for (int i = y0 * image.Width, end = y1 * image.Width; i < end; i++)
            {
                float v = src[i];
                p[i] = v < min ? min : v > max ? max : v;
            }
        });
        return image.WithPixels(p);
    }

    /// <summary>Maps [<paramref name="min"/>, <paramref name="max"/>] linearly onto [0, 1], clipping outside.</summary>
    public static Image Normalize(this Image image, float min, float max)
    {
        if (!(min < max)) throw new ArgumentException($"normalising needs min < max, not [{min}, {max}]");
        var p = GC.AllocateUninitializedArray<float>(image.Count);
        float scale = 1f / (max - min);
        var src = image.Pixels;
        RowParallel.For(image.Height, image.Width, (y0, y1) =>
        {
            int a = y0 * image.Width, n = (y1 - y0) * image.Width;
            var dst = p.AsSpan(a, n);
            TensorPrimitives.Subtract(src.AsSpan(a, n), min, dst);
            TensorPrimitives.Multiply(dst, scale, dst);
            TensorPrimitives.Clamp(dst, 0f, 1f, dst);
        });
        return image.WithPixels(p);
    }

    /// <summary>Per-image min-max normalisation to [0, 1] with this image's own good-pixel minimum and
    /// maximum. A constant image becomes all zeros.</summary>
    public static Image MinMaxNormalize(this Image image)
    {
        var (min, max) = image.MinMax();
        if (min == max)
        {
            var z = new float[image.Count];
            return image.WithPixels(z);
        }
        return image.Normalize(min, max);
    }
}
