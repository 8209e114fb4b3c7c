namespace NotebookLib.Imaging;

/// <summary>Background removal as in talk 000: pixels at or below a threshold (median + k·MAD, or the
/// mean) become 0, then connected clusters smaller than n pixels are removed as noise.</summary>
public static class Background
{
    /// <summary>median + <paramref name="k"/>·MAD of the good pixels (MAD unscaled, as
    /// scipy.stats.median_abs_deviation; pass k·1.4826 for a Gaussian-σ threshold).</summary>
    public static double MedianMadThreshold(this Frame frame, double k = 3)
    {
        var (median, mad) = FrameStatistics.MedianAbsoluteDeviation(frame.GoodPixels(), inPlace: true);
        return median + k * mad;
    }

    /// <summary>Sets every pixel at or below <paramref name="threshold"/> (and every masked or non-finite
    /// pixel) to 0; brighter pixels keep their value.</summary>
    public static Frame RemoveBelow(this Frame frame, double threshold)
    {
        var p = GC.AllocateUninitializedArray<float>(frame.Count);
        var src = frame.Pixels;
        var m = frame.Mask;
        RowParallel.For(frame.Height, frame.Width, (y0, y1) =>
        {
            for (int i = y0 * frame.Width, end = y1 * frame.Width; i < end; i++)
            {
                float v = src[i];
                p[i] = v > threshold && float.IsFinite(v) && (m is null || !m[i]) ? v : 0f;
            }
        });
        return frame.WithPixels(p);
    }

    /// <summary>Background removal with the median + k·MAD threshold.</summary>
    public static Frame RemoveBackgroundMad(this Frame frame, double k = 3) => frame.RemoveBelow(frame.MedianMadThreshold(k));

    /// <summary>Background removal with the mean of the good pixels as threshold.</summary>
    public static Frame RemoveBackgroundMean(this Frame frame) => frame.RemoveBelow(frame.Mean());

    /// <summary>Zeroes the connected clusters of non-zero pixels that have fewer than
    /// <paramref name="minPixels"/> pixels.</summary>
    public static Frame RemoveSmallClusters(this Frame frame, int minPixels, Connectivity connectivity = Connectivity.Eight)
    {
        var kept = ConnectedComponents.Label(frame, connectivity).RemoveSmall(minPixels).Labels;
        var p = (float[])frame.Pixels.Clone();
        for (int i = 0; i < p.Length; i++) if (kept[i] == 0) p[i] = 0f;
        return frame.WithPixels(p);
    }
}
