namespace NotebookLib.Imaging;

/// <summary>Background removal as in talk 000: pixels at or below a threshold (median + k·MAD, or the
/// mean) become 0, then connected clusters smaller than n pixels are removed as noise.</summary>
public static class Background
{
    /// <summary>median + <paramref name="k"/>·MAD of the good pixels (MAD unscaled, as
    /// scipy.stats.median_abs_deviation; pass k·1.4826 for a Gaussian-σ threshold).</summary>
    public static double MedianMadThreshold(this Image image, double k = 3)
    {
        var (median, mad) = ImageStatistics.MedianAbsoluteDeviation(image.GoodPixels(), inPlace: true);
        return median + k * mad;
    }

    /// <summary>Sets every pixel at or below <paramref name="threshold"/> (and every masked or non-finite
    /// pixel) to 0; brighter pixels keep their value.</summary>
    public static Image RemoveBelow(this Image image, double threshold)
    {
        var p = GC.AllocateUninitializedArray<float>(image.Count);
        var src = image.Pixels;
        var m = image.Mask?.Pixels;
        RowParallel.For(image.Height, image.Width, (y0, y1) =>
        {
            for (int i = y0 * image.Width, end = y1 * image.Width; i < end; i++)
            {
                float v = src[i];
                p[i] = v > threshold && float.IsFinite(v) && (m is null || !m[i]) ? v : 0f;
            }
        });
        return image.WithPixels(p);
    }

    /// <summary>Background removal with the median + k·MAD threshold.</summary>
    public static Image RemoveBackgroundMad(this Image image, double k = 3) => image.RemoveBelow(image.MedianMadThreshold(k));

    /// <summary>Background removal that detects on a smoothed copy: the image is convolved with a Gaussian of
    /// <paramref name="sigma"/> pixels (a matched filter for features a few pixels wide, as SExtractor's detection
    /// filter), the median + <paramref name="k"/>·MAD threshold is taken on that copy, and the pixels where the
    /// copy exceeds it keep their own (unsmoothed) value; the others, and masked pixels, become 0. Smoothing
    /// averages the noise of neighbouring pixels, so a feature near the per-pixel noise level still stands out.</summary>
    public static Image RemoveBackgroundMad(this Image image, double k, double sigma)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (sigma <= 0) return image.RemoveBackgroundMad(k);
        var smooth = image.Gaussian(sigma);
        var threshold = smooth.MedianMadThreshold(k);
        var s = smooth.Pixels;
        var src = image.Pixels;
        var m = image.Mask?.Pixels;
        var p = new float[image.Count];
        for (var i = 0; i < p.Length; i++)
            p[i] = s[i] > threshold && float.IsFinite(src[i]) && (m is null || !m[i]) ? src[i] : 0f;
        return image.WithPixels(p);
    }

    /// <summary>Background removal with the mean of the good pixels as threshold.</summary>
    public static Image RemoveBackgroundMean(this Image image) => image.RemoveBelow(image.Mean());

    /// <summary>Zeroes the connected clusters of non-zero pixels that have fewer than
    /// <paramref name="minPixels"/> pixels.</summary>
    public static Image RemoveSmallClusters(this Image image, int minPixels, Connectivity connectivity = Connectivity.Eight)
    {
        var kept = ConnectedComponents.Label(image, connectivity).RemoveSmall(minPixels).Labels;
        var p = (float[])image.Pixels.Clone();
        for (int i = 0; i < p.Length; i++) if (kept[i] == 0) p[i] = 0f;
        return image.WithPixels(p);
    }
}
