namespace NotebookLib.Imaging;

/// <summary>
/// Forced PSF photometry: the flux of a point source of Gaussian PSF σ at a given position, by the
/// least-squares PSF fit with the position fixed, F = Σ p·d / Σ p², and its error √(Σ p²·var) / Σ p²
/// (p the PSF sampled at pixel centres within 3σ). Measured whether or not anything was detected there,
/// which is what a light curve needs.
/// </summary>
public static class ForcedPhotometry
{
    public static (double Flux, double Error) PsfFlux(Image image, Image variance, double x, double y, double psfSigma)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(variance);
        if (image.Width != variance.Width || image.Height != variance.Height)
            throw new ArgumentException($"the variance is {variance.Width}×{variance.Height} but the image {image.Width}×{image.Height}");
        if (!(psfSigma > 0)) throw new ArgumentOutOfRangeException(nameof(psfSigma), psfSigma, "the PSF σ must be positive");
        int w = image.Width, h = image.Height;
        var r = (int)Math.Ceiling(3 * psfSigma);
        double num = 0, p2 = 0, var = 0;
        int cx = (int)Math.Round(x), cy = (int)Math.Round(y);
        for (int yy = Math.Max(0, cy - r); yy <= Math.Min(h - 1, cy + r); yy++)
            for (int xx = Math.Max(0, cx - r); xx <= Math.Min(w - 1, cx + r); xx++)
            {
                double dx = xx - x, dy = yy - y;
                var p = Math.Exp(-(dx * dx + dy * dy) / (2 * psfSigma * psfSigma)) / (2 * Math.PI * psfSigma * psfSigma);
                num += p * image.Pixels[yy * w + xx];
                p2 += p * p;
                var += p * p * variance.Pixels[yy * w + xx];
            }
        return p2 > 0 ? (num / p2, Math.Sqrt(var) / p2) : (double.NaN, double.NaN);
    }
}
