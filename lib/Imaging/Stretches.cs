namespace NotebookLib.Imaging;

/// <summary>Display stretches, the library's one set of stretch formulas (lib/Plotting draws with them).
/// <see cref="Log10"/> is the plain logarithm of the pixels; the others map onto [0, 1] as
/// astropy.visualization's LogStretch, AsinhStretch and ZScaleInterval do.</summary>
public static class Stretches
{
    /// <summary>log10 of each pixel; pixels ≤ 0 become NaN and are masked (numpy gives NaN / −inf there).</summary>
    public static Image Log10(this Image image)
    {
        var p = GC.AllocateUninitializedArray<float>(image.Count);
        var m = image.Mask is null ? new bool[image.Count] : (bool[])image.Mask.Pixels.Clone();
        bool any = image.Mask is not null;
        var src = image.Pixels;
        for (int i = 0; i < p.Length; i++)
        {
            float v = src[i];
            if (v > 0) p[i] = MathF.Log10(v);
            else { p[i] = float.NaN; m[i] = true; any = true; }
        }
        return new Image(image.Width, image.Height, p, any ? new Mask(image.Width, image.Height, m) : null);
    }

    /// <summary>astropy's LogStretch default a.</summary>
    public const double LogA = 1000;
    /// <summary>astropy's AsinhStretch default a.</summary>
    public const double AsinhA = 0.1;

    /// <summary>astropy's LogStretch curve at x: log(a·x + 1) / log(a + 1) (also what lib/Plotting draws).</summary>
    public static double Log(double x, double a = LogA) => Log(x, a, Math.Log(a + 1));
    static double Log(double x, double a, double norm) => Math.Log(a * x + 1) / norm;

    /// <summary>astropy's AsinhStretch curve at x: asinh(x / a) / asinh(1 / a) (also what lib/Plotting draws).</summary>
    public static double Asinh(double x, double a = AsinhA) => Asinh(x, a, Math.Asinh(1 / a));
    static double Asinh(double x, double a, double norm) => Math.Asinh(x / a) / norm;

    /// <summary>astropy's LogStretch: log(a·x + 1) / log(a + 1), for pixels already in [0, 1].</summary>
    public static Image LogStretch(this Image image, double a = LogA)
    {
        if (!(a > 0)) throw new ArgumentOutOfRangeException(nameof(a), $"LogStretch needs a > 0, not {a}");
        double norm = Math.Log(a + 1);
        return Map(image, v => (float)Log(v, a, norm));
    }

    /// <summary>astropy's AsinhStretch: asinh(x / a) / asinh(1 / a), for pixels already in [0, 1].</summary>
    public static Image AsinhStretch(this Image image, double a = AsinhA)
    {
        if (!(a > 0) || a > 1) throw new ArgumentOutOfRangeException(nameof(a), $"AsinhStretch needs 0 < a ≤ 1, not {a}");
        double norm = Math.Asinh(1 / a);
        return Map(image, v => (float)Asinh(v, a, norm));
    }

    /// <summary>Fluxes onto [0, 1] for a network with a sigmoid output: asinh(x / a) / asinh(max / a), clipped to
    /// [0, 1] (linear below a, logarithmic above, so faint outskirts and bright cores both count); one scale
    /// for a whole pool, so that brightness stays comparable between images. <see cref="InverseAsinhScale"/> undoes it.</summary>
    public static float[] AsinhScale(ReadOnlySpan<float> fluxes, double max, double a)
    {
        CheckAsinhScale(max, a);
        var norm = Math.Asinh(max / a);
        var y = GC.AllocateUninitializedArray<float>(fluxes.Length);
        for (var i = 0; i < y.Length; i++) y[i] = (float)Math.Clamp(Math.Asinh(fluxes[i] / a) / norm, 0, 1);
        return y;
    }

    /// <summary>Fluxes back from <see cref="AsinhScale"/>'s [0, 1] values: a · sinh(y · asinh(max / a)).</summary>
    public static float[] InverseAsinhScale(ReadOnlySpan<float> scaled, double max, double a)
    {
        CheckAsinhScale(max, a);
        var norm = Math.Asinh(max / a);
        var x = GC.AllocateUninitializedArray<float>(scaled.Length);
        for (var i = 0; i < x.Length; i++) x[i] = (float)(a * Math.Sinh(scaled[i] * norm));
        return x;
    }

    static void CheckAsinhScale(double max, double a)
    {
        if (!(a > 0)) throw new ArgumentOutOfRangeException(nameof(a), a, "the asinh softening a must be positive");
        if (!(max > 0)) throw new ArgumentOutOfRangeException(nameof(max), max, "the flux that maps to 1 must be positive");
    }

    /// <summary>
    /// The talk's log10 thumbnail stretch as a network input on [0, 1]: the view is min-max normalised (the talk's
    /// step), then each pixel x becomes (log10(max(x, floor)) − log10(floor)) / −log10(floor), so that the sky,
    /// faint trails and outskirts take up most of the range instead of the bottom percent of it. Pixels whose flux
    /// is exactly 0 in <paramref name="image"/> (no data: masked regions, beyond the detector's edge — where the
    /// talk's log10 warns of log10(0)) go to 0, the bottom of the range, like −∞, instead of the sky's level
    /// that min-max normalisation gives them; with <paramref name="zeroFluxAsNoData"/> false they keep that level.
    /// </summary>
    public static Image Log10Input(this Image image, double floor = 1e-3, bool zeroFluxAsNoData = true)
    {
        if (!(floor > 0) || !(floor < 1)) throw new ArgumentOutOfRangeException(nameof(floor), floor, "the log10 floor must lie strictly between 0 and 1");
        var normalised = image.MinMaxNormalize().Pixels;
        var raw = image.Pixels;
        float lo = (float)Math.Log10(floor), min = (float)floor;
        var p = GC.AllocateUninitializedArray<float>(image.Count);
        for (var i = 0; i < p.Length; i++)
            p[i] = zeroFluxAsNoData && raw[i] == 0f ? 0f : Math.Clamp((MathF.Log10(Math.Max(normalised[i], min)) - lo) / -lo, 0f, 1f);
        return image.WithPixels(p);
    }

    /// <summary>
    /// A network input on [0, 1] in units of the image's own sky noise: each pixel x becomes
    /// z = (x − median) / σ, with the median and σ = 1.4826·MAD of the pixels that hold data (flux ≠ 0), then
    /// (asinh(z) + asinh(<paramref name="lowSigma"/>)) / (asinh(<paramref name="highSigma"/>) + asinh(<paramref name="lowSigma"/>)),
    /// clipped to [0, 1]: −lowSigma·σ maps to 0, highSigma·σ above the sky to 1 (linear near the sky, logarithmic
    /// above). Unlike <see cref="Log10Input"/>, whose floor is a fixed fraction of the image's brightest pixel, a
    /// feature of a given signal-to-noise (a faint trail, a halo's wings) takes the same input level next to a faint
    /// galaxy and next to a bright one, and the sky sits at one level in every image. Pixels whose flux is exactly 0
    /// (no data) go to 0, below the sky's noise.
    /// </summary>
    public static Image SkyAsinhInput(this Image image, double lowSigma = 5, double highSigma = 1e4)
    {
        if (!(lowSigma > 0) || !(highSigma > 0)) throw new ArgumentOutOfRangeException(nameof(lowSigma), $"lowSigma ({lowSigma}) and highSigma ({highSigma}) must be positive");
        var raw = image.Pixels;
        var withData = raw.Where(v => v != 0f && float.IsFinite(v)).ToArray();
        var p = new float[image.Count];
        if (withData.Length == 0) return image.WithPixels(p);
        var (median, mad) = ImageStatistics.MedianAbsoluteDeviation(withData, inPlace: true);
        var sigma = 1.4826 * mad;
        if (!(sigma > 0)) sigma = Math.Max(Math.Abs(median), 1) * 1e-6;   // a noiseless image: any positive unit
        double lo = Math.Asinh(lowSigma), range = Math.Asinh(highSigma) + lo;
        for (var i = 0; i < p.Length; i++)
            p[i] = raw[i] == 0f ? 0f : (float)Math.Clamp((Math.Asinh((raw[i] - median) / sigma) + lo) / range, 0, 1);
        return image.WithPixels(p);
    }

    /// <summary>Maps the zscale limits of the image onto [0, 1], clipping outside.</summary>
    public static Image ZScale(this Image image, ZScaleInterval? interval = null)
    {
        var (min, max) = (interval ?? new ZScaleInterval()).GetLimits(image);
        if (min == max) return image.WithPixels(new float[image.Count]);
        return image.Normalize((float)min, (float)max);
    }

    static Image Map(Image image, Func<double, float> f)
    {
        var p = GC.AllocateUninitializedArray<float>(image.Count);
        var src = image.Pixels;
        RowParallel.For(image.Height, image.Width * 8L, (y0, y1) =>
        {
            for (int i = y0 * image.Width, end = y1 * image.Width; i < end; i++) p[i] = f(src[i]);
        });
        return image.WithPixels(p);
    }
}
