namespace NotebookLib.Imaging;

/// <summary>Statistics over the good pixels of an image (not masked, finite), as numpy's
/// nan-aware functions and astropy.stats compute them.</summary>
public static class ImageStatistics
{
    /// <summary>The good pixels (unmasked and finite) in row-major order.</summary>
    public static float[] GoodPixels(this Image image)
    {
        var p = image.Pixels;
        var m = image.Mask?.Pixels;
        int n = 0;
        for (int i = 0; i < p.Length; i++)
            if ((m is null || !m[i]) && float.IsFinite(p[i])) n++;
        if (n == p.Length) return (float[])p.Clone();
        var good = GC.AllocateUninitializedArray<float>(n);
        for (int i = 0, j = 0; i < p.Length; i++)
            if ((m is null || !m[i]) && float.IsFinite(p[i])) good[j++] = p[i];
        return good;
    }

    /// <summary>Smallest and largest good pixel.</summary>
    public static (float Min, float Max) MinMax(this Image image)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        var p = image.Pixels;
        var m = image.Mask?.Pixels;
        for (int i = 0; i < p.Length; i++)
        {
            float v = p[i];
            if (!float.IsFinite(v) || (m is not null && m[i])) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (min > max) throw new InvalidOperationException($"the {image.Width}×{image.Height} image has no good pixel (all masked or not finite)");
        return (min, max);
    }

    /// <summary>Mean of the good pixels (accumulated in double).</summary>
    public static double Mean(this Image image)
    {
        double s = 0;
        long n = 0;
        var p = image.Pixels;
        var m = image.Mask?.Pixels;
        for (int i = 0; i < p.Length; i++)
        {
            float v = p[i];
            if (!float.IsFinite(v) || (m is not null && m[i])) continue;
            s += v;
            n++;
        }
        if (n == 0) throw new InvalidOperationException($"the {image.Width}×{image.Height} image has no good pixel (all masked or not finite)");
        return s / n;
    }

    /// <summary>Median of the good pixels (numpy's: the mean of the two middle values for an even count).</summary>
    public static double Median(this Image image) => Median(image.GoodPixels(), inPlace: true);

    /// <summary>Median absolute deviation, median(|x − median(x)|) over good pixels
    /// (scipy.stats.median_abs_deviation with scale=1; multiply by 1.4826 for astropy's mad_std).</summary>
    public static double MedianAbsoluteDeviation(this Image image) => MedianAbsoluteDeviation(image.GoodPixels(), inPlace: true).Mad;

    /// <summary>Median, numpy-style. With <paramref name="inPlace"/> the values are reordered.</summary>
    public static double Median(float[] values, bool inPlace = false)
    {
        if (values.Length == 0) throw new ArgumentException("the median of no values is undefined", nameof(values));
        var a = inPlace ? values : (float[])values.Clone();
        int n = a.Length;
        int k = n / 2;
        float upper = Select(a, k);
        if (n % 2 == 1) return upper;
        // The largest value left of k is the lower middle one.
        float lower = float.NegativeInfinity;
        for (int i = 0; i < k; i++) if (a[i] > lower) lower = a[i];
        return ((double)lower + upper) / 2;
    }

    /// <summary>Median and MAD of <paramref name="values"/> (reordered and overwritten when <paramref name="inPlace"/>).</summary>
    public static (double Median, double Mad) MedianAbsoluteDeviation(float[] values, bool inPlace = false)
    {
        var a = inPlace ? values : (float[])values.Clone();
        double med = Median(a, inPlace: true);
        var dev = new double[a.Length];
        for (int i = 0; i < a.Length; i++) dev[i] = Math.Abs(a[i] - med);
        return (med, MedianOfDoubles(dev));
    }

    /// <summary>Fraction of good pixels that are exactly zero: the naive artifact metric of talk 003
    /// (mock CFIS images with masked or empty regions).</summary>
    public static double ZeroFluxFraction(this Image image, float tolerance = 0f)
    {
        if (tolerance < 0) throw new ArgumentOutOfRangeException(nameof(tolerance), $"tolerance must be ≥ 0, not {tolerance}");
        long zero = 0, n = 0;
        var p = image.Pixels;
        var m = image.Mask?.Pixels;
        for (int i = 0; i < p.Length; i++)
        {
            float v = p[i];
            if (!float.IsFinite(v) || (m is not null && m[i])) continue;
            n++;
            if (Math.Abs(v) <= tolerance) zero++;
        }
        if (n == 0) throw new InvalidOperationException($"the {image.Width}×{image.Height} image has no good pixel (all masked or not finite)");
        return (double)zero / n;
    }

    static double MedianOfDoubles(double[] a)
    {
        int n = a.Length, k = n / 2;
        double upper = Select(a, k);
        if (n % 2 == 1) return upper;
        double lower = double.NegativeInfinity;
        for (int i = 0; i < k; i++) if (a[i] > lower) lower = a[i];
        return (lower + upper) / 2;
    }

    /// <summary>Quickselect: puts the k-th smallest value at a[k], smaller ones left of it.</summary>
    internal static T Select<T>(T[] a, int k) where T : System.Numerics.INumber<T>
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            int mid = lo + (hi - lo) / 2;
            // Median of three as pivot keeps sorted input linear.
            if (a[mid] < a[lo]) (a[mid], a[lo]) = (a[lo], a[mid]);
            if (a[hi] < a[lo]) (a[hi], a[lo]) = (a[lo], a[hi]);
            if (a[hi] < a[mid]) (a[hi], a[mid]) = (a[mid], a[hi]);
            T pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { (a[i], a[j]) = (a[j], a[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }
}
