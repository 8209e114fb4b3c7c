namespace NotebookLib.Imaging;

/// <summary>What <see cref="Photometry.Measure"/> finds for the object at the centre of a cut-out: its
/// flux within the aperture, half-light radius and isophotal area (pixels above the threshold) in pixels,
/// its flux-weighted centre, and its azimuthally averaged radial profile (mean pixel value in annuli
/// one pixel wide, from the centre outwards).</summary>
public sealed record GalaxyMeasurement(double Flux, double HalfLightRadius, int Area, double CentreX, double CentreY, double[] Profile);

/// <summary>
/// Aperture photometry of the object at the centre of a cut-out, as a quick astronomer's check of what an
/// autoencoder keeps: brightness (flux in a circular aperture), angular size (the radius enclosing half of
/// that flux, from the growth curve), isophotal area and the radial profile, around the flux-weighted centre
/// of the positive pixels near the cut-out's middle.
/// </summary>
public static class Photometry
{
    /// <summary>Measures the central object. <paramref name="threshold"/> is the isophote of the area (e.g. 3 × the sky σ);
    /// the aperture radius defaults to half the cut-out's side; the profile has one value per pixel of radius.</summary>
    public static GalaxyMeasurement Measure(this Image image, double threshold, double? apertureRadius = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        var radius = apertureRadius ?? Math.Min(w, h) / 2.0;
        if (!(radius > 0)) throw new ArgumentOutOfRangeException(nameof(apertureRadius), apertureRadius, "the aperture radius must be positive");
        var p = image.Pixels;
        // The centre: flux-weighted mean of the positive pixels within a quarter of the side, refined once within the
        // half-light-sized region around the first guess.
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        foreach (var r in new[] { Math.Min(w, h) / 4.0, Math.Min(w, h) / 8.0 })
        {
            double sx = 0, sy = 0, s = 0;
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var v = p[y * w + x];
                    if (!(v > 0)) continue;
                    double dx = x - cx, dy = y - cy;
                    if (dx * dx + dy * dy > r * r) continue;
                    sx += v * x; sy += v * y; s += v;
                }
            if (s > 0) { cx = sx / s; cy = sy / s; }
        }
        var bins = (int)Math.Ceiling(radius);
        var ringSum = new double[bins];
        var ringCount = new int[bins];
        var area = 0;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var v = p[y * w + x];
                if (!float.IsFinite(v)) continue;
                double dx = x - cx, dy = y - cy, d = Math.Sqrt(dx * dx + dy * dy);
                if (d >= radius) continue;
                var k = (int)d;
                ringSum[k] += v; ringCount[k]++;
                if (v > threshold) area++;
            }
        var flux = ringSum.Sum();
        var profile = new double[bins];
        for (var k = 0; k < bins; k++) profile[k] = ringCount[k] > 0 ? ringSum[k] / ringCount[k] : double.NaN;
        // The growth curve reaches half of the flux between two ring edges: interpolate linearly.
        var half = flux / 2;
        double cum = 0, hlr = double.NaN;
        if (flux > 0)
            for (var k = 0; k < bins; k++)
            {
                if (cum + ringSum[k] >= half)
                {
                    hlr = k + (ringSum[k] > 0 ? (half - cum) / ringSum[k] : 0);
                    break;
                }
                cum += ringSum[k];
            }
        return new GalaxyMeasurement(flux, hlr, area, cx, cy, profile);
    }

    /// <summary>Measures channel <paramref name="channel"/> of every image of a channels-first batch [N, C, H, W], in parallel.</summary>
    public static GalaxyMeasurement[] MeasureAll(float[] batch, int channels, int width, int height, int channel, double threshold, double? apertureRadius = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if ((uint)channel >= (uint)channels) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"the images have {channels} channels");
        long plane = (long)width * height, sample = plane * channels;
        if (plane <= 0 || batch.Length % sample != 0)
            throw new ArgumentException($"{batch.Length} values are not a whole number of {channels}×{height}×{width} images", nameof(batch));
        var result = new GalaxyMeasurement[batch.Length / sample];
        Parallel.For(0, result.Length, new ParallelOptions { MaxDegreeOfParallelism = Configuration.EnvironmentSettings.Current.EffectiveThreads }, i =>
            result[i] = new Image(width, height, batch.AsSpan((int)(i * sample + channel * plane), (int)plane).ToArray()).Measure(threshold, apertureRadius));
        return result;
    }

    /// <summary>The azimuthally averaged radial profile around (cx, cy): mean pixel value in annuli one pixel wide.</summary>
    public static double[] RadialProfile(this Image image, double cx, double cy, int bins)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "a profile needs at least one annulus");
        var sum = new double[bins];
        var count = new int[bins];
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var v = image.Pixels[y * image.Width + x];
                if (!float.IsFinite(v)) continue;
                double dx = x - cx, dy = y - cy;
                var k = (int)Math.Sqrt(dx * dx + dy * dy);
                if (k < bins) { sum[k] += v; count[k]++; }
            }
        return Enumerable.Range(0, bins).Select(k => count[k] > 0 ? sum[k] / count[k] : double.NaN).ToArray();
    }
}
