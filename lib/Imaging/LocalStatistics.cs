namespace NotebookLib.Imaging;

/// <summary>Moving-window statistics with scipy.ndimage's default "reflect" edges (d c b a | a b c d).</summary>
public static class LocalStatistics
{
    /// <summary>Standard deviation (population, as numpy.std) of each <paramref name="size"/>×<paramref name="size"/>
    /// window centred on a pixel: scipy.ndimage.generic_filter(data, np.std, size) with mode="reflect".
    /// Masks are ignored: fill masked pixels first.</summary>
    public static Image LocalStd(this Image image, int size = 3)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"window size must be positive, not {size}");
        int w = image.Width, h = image.Height;
        // scipy centres an even window at size/2 (the extra pixel is on the low side).
        int before = size / 2;
        var src = image.Pixels;
        var xIndex = new int[w + size - 1];
        for (int k = 0; k < xIndex.Length; k++) xIndex[k] = Reflect(k - before, w);
        var dst = new float[w * h];
        double inv = 1.0 / ((double)size * size);
        // Two passes per window (mean, then squared deviations), as numpy.std does: a flat region gives
        // exactly 0, which a running E[x²] − E[x]² would not.
        RowParallel.For(h, (long)w * size * size, (y0, y1) =>
        {
            var rows = new int[size];
            for (int y = y0; y < y1; y++)
            {
                for (int k = 0; k < size; k++) rows[k] = Reflect(y - before + k, h) * w;
                for (int x = 0; x < w; x++)
                {
                    double s = 0;
                    for (int k = 0; k < size; k++)
                        for (int j = 0; j < size; j++) s += src[rows[k] + xIndex[x + j]];
                    double mean = s * inv, q = 0;
                    for (int k = 0; k < size; k++)
                        for (int j = 0; j < size; j++) { double d = src[rows[k] + xIndex[x + j]] - mean; q += d * d; }
                    dst[y * w + x] = (float)Math.Sqrt(q * inv);
                }
            }
        });
        return new Image(w, h, dst, image.Mask);
    }

    /// <summary>scipy's "reflect" index: −1 → 0, n → n − 1, repeated for windows wider than the image.</summary>
    internal static int Reflect(int i, int n)
    {
        int period = 2 * n;
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - 1 - i;
    }
}
