namespace NotebookLib.Imaging;

/// <summary>A source detected on a (difference) image: its peak pixel, its SNR-weighted centroid, the
/// matched-filter (PSF) flux and error at the peak, the peak SNR, and the number of pixels above threshold.</summary>
public sealed record DetectedSource(int Id, int PeakX, int PeakY, double X, double Y, double Snr, double PsfFlux, double PsfFluxError, long Area);

/// <summary>
/// Detection as the LSST pipelines do it on difference images: the image is correlated with its PSF (a
/// Gaussian of σ pixels; the matched filter), divided by the square root of its variance correlated with
/// the squared PSF — a signal-to-noise image whose value at a pixel is the SNR of a point source's PSF
/// flux there — thresholded at <c>threshold</c> σ, and the 8-connected footprints above it are the
/// sources (scipy.ndimage gaussian_filter, label, maximum_position and center_of_mass on the same arrays).
/// Positive sources only: a transient brightens.
/// </summary>
public static class SourceDetection
{
    /// <summary>The matched-filter SNR image (0 where the variance is not positive).</summary>
    public static Image SnrImage(Image image, Image variance, double psfSigma, double truncate = 4.0)
    {
        Check(image, variance);
        var k = GaussianFilter.Kernel(psfSigma, truncate);
        var filtered = image.ConvolveSeparable(k);
        var v = variance.ConvolveSeparable(k.Select(x => x * x).ToArray());
        var snr = new float[image.Count];
        for (var i = 0; i < snr.Length; i++)
            snr[i] = v.Pixels[i] > 0 ? filtered.Pixels[i] / MathF.Sqrt(v.Pixels[i]) : 0f;
        return new Image(image.Width, image.Height, snr, image.Mask);
    }

    /// <summary>The sources of a difference image (see the class summary).</summary>
    public static IReadOnlyList<DetectedSource> Detect(this DifferenceImage difference, double threshold = 5, int minArea = 1) =>
        Detect(difference.Difference, difference.Variance, difference.PsfSigma, threshold, minArea);

    /// <summary>The sources of <paramref name="image"/> with PSF σ <paramref name="psfSigma"/>, at least
    /// <paramref name="minArea"/> pixels above <paramref name="threshold"/> σ, in raster order of their first pixel.</summary>
    public static IReadOnlyList<DetectedSource> Detect(Image image, Image variance, double psfSigma, double threshold = 5, int minArea = 1,
        double truncate = 4.0)
    {
        Check(image, variance);
        if (!(threshold > 0)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the threshold is a positive number of σ");
        var k = GaussianFilter.Kernel(psfSigma, truncate);
        double k2 = k.Sum(x => (double)x * x), psfNorm = k2 * k2;   // Σ over the 2-D kernel of its square
        var filtered = image.ConvolveSeparable(k);
        var fv = variance.ConvolveSeparable(k.Select(x => x * x).ToArray());
        int w = image.Width, n = image.Count;
        var snr = new float[n];
        var above = new bool[n];
        for (var i = 0; i < n; i++)
        {
            snr[i] = fv.Pixels[i] > 0 ? filtered.Pixels[i] / MathF.Sqrt(fv.Pixels[i]) : 0f;
            above[i] = snr[i] >= threshold && image.IsGood(i);
        }
        var labels = ConnectedComponents.Label(new Mask(w, image.Height, above));
        var count = labels.Count;
        var area = new long[count + 1];
        var peak = new int[count + 1];
        var sum = new double[count + 1]; var sx = new double[count + 1]; var sy = new double[count + 1];
        Array.Fill(peak, -1);
        var l = labels.Labels;
        for (var i = 0; i < n; i++)
        {
            var c = l[i];
            if (c == 0) continue;
            area[c]++;
            if (peak[c] < 0 || snr[i] > snr[peak[c]]) peak[c] = i;
            double s = snr[i];
            sum[c] += s; sx[c] += s * (i % w); sy[c] += s * (i / w);
        }
        var sources = new List<DetectedSource>();
        for (var c = 1; c <= count; c++)
        {
            if (area[c] < minArea) continue;
            var p = peak[c];
            var flux = filtered.Pixels[p] / psfNorm;
            var error = Math.Sqrt(fv.Pixels[p]) / psfNorm;
            sources.Add(new DetectedSource(sources.Count, p % w, p / w, sx[c] / sum[c], sy[c] / sum[c], snr[p], flux, error, area[c]));
        }
        return sources;
    }

    static void Check(Image image, Image variance)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(variance);
        if (image.Width != variance.Width || image.Height != variance.Height)
            throw new ArgumentException($"the variance is {variance.Width}×{variance.Height} but the image {image.Width}×{image.Height}");
    }
}
