namespace NotebookLib.Imaging;

/// <summary>A point source to inject: position in pixels and total flux in counts.</summary>
public readonly record struct PointSource(double X, double Y, double Flux);

/// <summary>An exposure with sources injected into it: the new pixels and their variance.</summary>
public sealed record InjectedExposure(Image Image, Image Variance);

/// <summary>
/// Source injection as the LSST pipelines' <c>source_injection</c> does it for fakes: each point source is
/// the exposure's PSF (a Gaussian of σ pixels, sampled at pixel centres out to 5σ) scaled to its flux,
/// with its own photon noise (Gaussian of variance equal to the added counts), added to a copy of the
/// exposure; the variance plane gains the same counts. The input exposure is left as it was.
/// </summary>
public static class Injection
{
    public static InjectedExposure Inject(Image image, Image variance, IEnumerable<PointSource> sources, double psfSigma, int seed, bool photonNoise = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(variance);
        ArgumentNullException.ThrowIfNull(sources);
        if (image.Width != variance.Width || image.Height != variance.Height)
            throw new ArgumentException($"the variance is {variance.Width}×{variance.Height} but the image {image.Width}×{image.Height}");
        if (!(psfSigma > 0)) throw new ArgumentOutOfRangeException(nameof(psfSigma), psfSigma, "the PSF σ must be positive");
        int w = image.Width, h = image.Height;
        var model = new float[image.Count];
        var r = (int)Math.Ceiling(5 * psfSigma);
        var inv = 1 / (2 * psfSigma * psfSigma);
        foreach (var s in sources)
        {
            if (!double.IsFinite(s.Flux) || !double.IsFinite(s.X) || !double.IsFinite(s.Y))
                throw new ArgumentException($"a source to inject needs a finite position and flux, not ({s.X}, {s.Y}, {s.Flux})", nameof(sources));
            var norm = s.Flux / (2 * Math.PI * psfSigma * psfSigma);
            int cx = (int)Math.Round(s.X), cy = (int)Math.Round(s.Y);
            for (int yy = Math.Max(0, cy - r); yy <= Math.Min(h - 1, cy + r); yy++)
                for (int xx = Math.Max(0, cx - r); xx <= Math.Min(w - 1, cx + r); xx++)
                {
                    double dx = xx - s.X, dy = yy - s.Y;
                    model[yy * w + xx] += (float)(norm * Math.Exp(-(dx * dx + dy * dy) * inv));
                }
        }
        var pixels = (float[])image.Pixels.Clone();
        var vars = (float[])variance.Pixels.Clone();
        var rng = new Random(seed);
        for (var i = 0; i < pixels.Length; i++)
        {
            if (model[i] == 0) continue;
            var added = Math.Max(model[i], 0f);
            var noise = photonNoise ? Math.Sqrt(added) * Gaussian(rng) : 0;
            pixels[i] += (float)(model[i] + noise);
            vars[i] += added;
        }
        return new InjectedExposure(new Image(w, h, pixels, image.Mask), new Image(w, h, vars));
    }

    static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
