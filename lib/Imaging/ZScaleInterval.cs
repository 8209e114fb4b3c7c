namespace NotebookLib.Imaging;

/// <summary>
/// IRAF's zscale display limits, computed exactly as astropy.visualization.ZScaleInterval does:
/// up to <see cref="Samples"/> pixels taken at a regular stride, sorted, a line fitted with iterative
/// k-sigma rejection (the rejected set grown by 1 % of the samples), and the limits read off the
/// line's slope divided by <see cref="Contrast"/> around the median.
/// </summary>
public sealed record ZScaleInterval(int Samples = 1000, double Contrast = 0.25, double MaxReject = 0.5,
                                    int MinPixels = 5, double KRej = 2.5, int MaxIterations = 5)
{
    /// <summary>(vmin, vmax) for the good pixels (unmasked, finite) of the image.</summary>
    public (double Min, double Max) GetLimits(Image image) => GetLimits(image.GoodPixels());

    /// <summary>(vmin, vmax) for values in row-major order; non-finite values are skipped.</summary>
    public (double Min, double Max) GetLimits(ReadOnlySpan<float> values)
    {
        if (Samples <= 0) throw new ArgumentOutOfRangeException(nameof(Samples), $"zscale needs a positive number of samples, not {Samples}");
        int finite = 0;
        foreach (var v in values) if (float.IsFinite(v)) finite++;
        if (finite == 0) throw new ArgumentException("zscale needs at least one finite value");
        int stride = (int)Math.Max(1.0, (double)finite / Samples);
        var samples = new List<float>(Math.Min(Samples, finite));
        // Every stride-th finite value (values[isfinite][::stride]), stopping once the sample is full.
        var skip = 0;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (skip-- > 0) continue;
            samples.Add(v);
            if (samples.Count == Samples) break;
            skip = stride - 1;
        }
        var s = samples.ToArray();
        Array.Sort(s);
        int npix = s.Length;
        double vmin = s[0], vmax = s[npix - 1];

        int minpix = Math.Max(MinPixels, (int)(npix * MaxReject));
        int ngrow = Math.Max(1, (int)(npix * 0.01));
        var bad = new bool[npix];
        var grown = new bool[npix];
        int ngood = npix, lastNgood = npix + 1;
        double slope = 0, intercept = 0;
        for (int iter = 0; iter < MaxIterations; iter++)
        {
            if (ngood >= lastNgood || ngood < minpix) break;
            // Least-squares line through the good samples (numpy.polyfit with 0/1 weights).
            double sx = 0, sy = 0; int n = 0;
            for (int i = 0; i < npix; i++) if (!bad[i]) { sx += i; sy += s[i]; n++; }
            double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
            for (int i = 0; i < npix; i++) if (!bad[i]) { sxx += (i - mx) * (i - mx); sxy += (i - mx) * (s[i] - my); }
            slope = sxx > 0 ? sxy / sxx : 0;
            intercept = my - slope * mx;
            // Population standard deviation of the residuals of the good samples.
            double sum = 0, sum2 = 0;
            for (int i = 0; i < npix; i++) if (!bad[i]) sum += s[i] - (intercept + slope * i);
            double mean = sum / n;
            for (int i = 0; i < npix; i++) if (!bad[i]) { double d = s[i] - (intercept + slope * i) - mean; sum2 += d * d; }
            double threshold = KRej * Math.Sqrt(sum2 / n);
            for (int i = 0; i < npix; i++)
            {
                double flat = s[i] - (intercept + slope * i);
                if (flat < -threshold || flat > threshold) bad[i] = true;
            }
            // numpy.convolve(bad, ones(ngrow), mode="same"): i is bad when any of
            // bad[i + (ngrow-1)/2 - (ngrow-1)] .. bad[i + (ngrow-1)/2] is.
            int ahead = (ngrow - 1) / 2;
            for (int i = 0; i < npix; i++)
            {
                bool any = false;
                for (int j = Math.Max(0, i + ahead - (ngrow - 1)), end = Math.Min(npix - 1, i + ahead); j <= end && !any; j++) any = bad[j];
                grown[i] = any;
            }
            (bad, grown) = (grown, bad);
            lastNgood = ngood;
            ngood = 0;
            for (int i = 0; i < npix; i++) if (!bad[i]) ngood++;
        }
        if (ngood >= minpix)
        {
            if (Contrast > 0) slope /= Contrast;
            int center = (npix - 1) / 2;
            // numpy's median of float32 samples is float32 (the mean of the two middle ones in float32).
            double median = npix % 2 == 1 ? s[npix / 2] : (float)((s[npix / 2 - 1] + s[npix / 2]) / 2f);
            vmin = Math.Max(vmin, median - (center - 1) * slope);
            vmax = Math.Min(vmax, median + (npix - center) * slope);
        }
        return (vmin, vmax);
    }
}
