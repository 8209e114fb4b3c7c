namespace NotebookLib.Plotting;

/// <summary>How pixel values map to brightness (astropy.visualization's names and defaults).</summary>
public enum Stretch
{
    /// <summary>Linear between the limits (data minimum and maximum unless given).</summary>
    Linear,
    /// <summary>log(a·x + 1) / log(a + 1), a = 1000 (astropy LogStretch).</summary>
    Log,
    /// <summary>asinh(x / a) / asinh(1 / a), a = 0.1 (astropy AsinhStretch): linear near 0, logarithmic above.</summary>
    Asinh,
    /// <summary>Linear between IRAF zscale limits (astropy ZScaleInterval): faint structure over the sky.</summary>
    ZScale,
}

/// <summary>The pieces of a display stretch: limits of the data, then a curve on [0, 1]. Kept small and
/// internal: NotebookLib.Imaging.Stretches is the public home of stretches on frames.</summary>
internal static class DisplayStretch
{
    public const double LogA = 1000, AsinhA = 0.1;

    /// <summary>Minimum and maximum of the finite values; (NaN, NaN) when there are none.</summary>
    public static (double Min, double Max) MinMax(ReadOnlySpan<float> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return min > max ? (double.NaN, double.NaN) : (min, max);
    }

    /// <summary>The stretch curve at x in [0, 1].</summary>
    public static double Apply(Stretch stretch, double x) => stretch switch
    {
        Stretch.Log => Math.Log(LogA * x + 1) / Math.Log(LogA + 1),
        Stretch.Asinh => Math.Asinh(x / AsinhA) / Math.Asinh(1 / AsinhA),
        _ => x,
    };

    /// <summary>
    /// IRAF's zscale limits, as astropy's ZScaleInterval.get_limits computes them: up to
    /// <paramref name="samples"/> evenly strided finite values, sorted; a line fitted with iterative
    /// k-sigma rejection (bad samples dilated by 1% of the sample count); limits at the median ∓ the
    /// slope / contrast over the sample range, within the sample minimum and maximum.
    /// </summary>
    public static (double Min, double Max) ZScale(ReadOnlySpan<float> values, int samples = 1000, double contrast = 0.25,
        double maxReject = 0.5, int minPixels = 5, double kRej = 2.5, int maxIterations = 5)
    {
        // Every stride-th finite value, counted among the finite ones only (as values[isfinite][::stride]).
        var finiteCount = 0;
        foreach (var v in values) if (float.IsFinite(v)) finiteCount++;
        if (finiteCount == 0) return (double.NaN, double.NaN);
        var stride = (int)Math.Max(1.0, (double)finiteCount / samples);
        var s = new List<float>(Math.Min(samples, finiteCount));
        var skip = 0;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (skip-- > 0) continue;
            s.Add(v);
            if (s.Count == samples) break;
            skip = stride - 1;
        }
        s.Sort();
        var npix = s.Count;
        double vmin = s[0], vmax = s[^1];
        var minpix = Math.Max(minPixels, (int)(npix * maxReject));
        var ngrow = Math.Max(1, (int)(npix * 0.01));
        var bad = new bool[npix];
        int ngood = npix, lastNgood = npix + 1;
        double slope = 0;
        var fitted = false;
        for (var it = 0; it < maxIterations; it++)
        {
            if (ngood >= lastNgood || ngood < minpix) break;
            // Least-squares line through the good samples (np.polyfit with 0/1 weights).
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (var i = 0; i < npix; i++)
            {
                if (bad[i]) continue;
                n++; sx += i; sy += s[i]; sxx += (double)i * i; sxy += i * (double)s[i];
            }
            slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            var intercept = (sy - slope * sx) / n;
            fitted = true;
            var flat = new double[npix];
            double mean = 0;
            for (var i = 0; i < npix; i++)
            {
                flat[i] = s[i] - (slope * i + intercept);
                if (!bad[i]) mean += flat[i];
            }
            mean /= n;
            double ss = 0;
            for (var i = 0; i < npix; i++) if (!bad[i]) ss += (flat[i] - mean) * (flat[i] - mean);
            var threshold = kRej * Math.Sqrt(ss / n);
            for (var i = 0; i < npix; i++) if (flat[i] < -threshold || flat[i] > threshold) bad[i] = true;
            // np.convolve(bad, ones(ngrow), "same"): sample i is bad when any of i - ngrow/2 … i + ngrow - 1 - ngrow/2 is.
            var grown = new bool[npix];
            for (var i = 0; i < npix; i++)
            {
                if (!bad[i]) continue;
                for (var j = Math.Max(0, i - (ngrow - 1 - ngrow / 2)); j <= Math.Min(npix - 1, i + ngrow / 2); j++) grown[j] = true;
            }
            bad = grown;
            lastNgood = ngood;
            ngood = bad.Count(b => !b);
        }
        if (ngood >= minpix && fitted)
        {
            if (contrast > 0) slope /= contrast;
            var center = (npix - 1) / 2;
            var median = npix % 2 == 1 ? s[npix / 2] : (s[npix / 2 - 1] + (double)s[npix / 2]) / 2;
            vmin = Math.Max(vmin, median - (center - 1) * slope);
            vmax = Math.Min(vmax, median + (npix - center) * slope);
        }
        return (vmin, vmax);
    }
}
