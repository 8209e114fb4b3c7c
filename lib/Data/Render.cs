namespace NotebookLib.Data;

/// <summary>Drawing of sources into row-major float images, shared by the generators: Gaussian and
/// Moffat PSFs, Sérsic profiles, lines. Each adds within a bounding box only (no per-pixel allocation).</summary>
internal static class Render
{
    /// <summary>Adds a circular Gaussian of total flux <paramref name="flux"/> (pixel-centre sampled).</summary>
    public static void Gaussian(Span<float> img, int width, int height, double x, double y, double flux, double sigma)
    {
        var r = (int)Math.Ceiling(5 * sigma);
        var norm = flux / (2 * Math.PI * sigma * sigma);
        var inv = 1 / (2 * sigma * sigma);
        for (int yy = Math.Max(0, (int)y - r); yy <= Math.Min(height - 1, (int)y + r); yy++)
            for (int xx = Math.Max(0, (int)x - r); xx <= Math.Min(width - 1, (int)x + r); xx++)
            {
                double dx = xx - x, dy = yy - y;
                img[yy * width + xx] += (float)(norm * Math.Exp(-(dx * dx + dy * dy) * inv));
            }
    }

    /// <summary>Adds a Moffat PSF (β, FWHM) of total flux <paramref name="flux"/>, out to <paramref name="radius"/> pixels.</summary>
    public static void Moffat(Span<float> img, int width, int height, double x, double y, double flux, double fwhm, double beta, int radius)
    {
        var alpha = fwhm / (2 * Math.Sqrt(Math.Pow(2, 1 / beta) - 1));
        var norm = flux * (beta - 1) / (Math.PI * alpha * alpha);
        for (int yy = Math.Max(0, (int)y - radius); yy <= Math.Min(height - 1, (int)y + radius); yy++)
            for (int xx = Math.Max(0, (int)x - radius); xx <= Math.Min(width - 1, (int)x + radius); xx++)
            {
                double dx = xx - x, dy = yy - y;
                img[yy * width + xx] += (float)(norm * Math.Pow(1 + (dx * dx + dy * dy) / (alpha * alpha), -beta));
            }
    }

    /// <summary>Ciotti &amp; Bertin (1999) b_n, so that R_e encloses half the light.</summary>
    public static double SersicB(double n) => 2 * n - 1.0 / 3 + 4 / (405 * n) + 46 / (25515 * n * n);

    /// <summary>Adds a Sérsic profile (index n, effective radius re along the major axis, axis ratio q,
    /// position angle pa in radians from +x) normalised to a total of <paramref name="flux"/>
    /// over the plane (drawn out to 6 re), smoothed by a Gaussian core of <paramref name="psfSigma"/> added in quadrature to
    /// the radius so that the centre is finite and seeing-like.</summary>
    public static void Sersic(Span<float> img, int width, int height, double x, double y, double flux,
                              double re, double n, double q, double pa, double psfSigma)
    {
        var bn = SersicB(n);
        var extent = (int)Math.Ceiling(Math.Min(6 * re + 3 * psfSigma, Math.Max(width, height)));
        int x0 = Math.Max(0, (int)x - extent), x1 = Math.Min(width - 1, (int)x + extent);
        int y0 = Math.Max(0, (int)y - extent), y1 = Math.Min(height - 1, (int)y + extent);
        if (x0 > x1 || y0 > y1) return;
        double c = Math.Cos(pa), s = Math.Sin(pa);
        // Total light of the profile exp(-b_n((r/re)^(1/n) - 1)) over the plane: 2π q re² n e^{b_n} b_n^{-2n} Γ(2n),
        // so a source cut by the image edge loses light as a real one does.
        var total = 2 * Math.PI * q * re * re * n * Math.Exp(bn) * Math.Pow(bn, -2 * n) * MathNet.Numerics.SpecialFunctions.Gamma(2 * n);
        var k = (float)(flux / total);
        // In single precision, with (r/re)^(1/n) = exp(ln(r²/re²) / 2n): no square root, no Pow.
        float cf = (float)c, sf = (float)s, invQ = (float)(1 / q), s2 = (float)(psfSigma * psfSigma), invRe2 = (float)(1 / (re * re));
        float half = (float)(0.5 / n), b = (float)bn;
        for (var yy = y0; yy <= y1; yy++)
        {
            var dy = (float)(yy - y);
            var row = img.Slice(yy * width, width);
            for (var xx = x0; xx <= x1; xx++)
            {
                var dx = (float)(xx - x);
                var u = dx * cf + dy * sf;
                var v = (dy * cf - dx * sf) * invQ;
                var r2 = (u * u + v * v + s2) * invRe2;
                row[xx] += k * MathF.Exp(b - b * MathF.Exp(half * MathF.Log(r2)));
            }
        }
    }

    /// <summary>Adds a line of Gaussian cross-section σ from (x0, y0) to (x1, y1), peak <paramref name="peak"/>.</summary>
    public static void Line(Span<float> img, int width, int height, double x0, double y0, double x1, double y1, double peak, double sigma)
    {
        var reach = 4 * sigma;
        int bx0 = Math.Max(0, (int)Math.Floor(Math.Min(x0, x1) - reach)), bx1 = Math.Min(width - 1, (int)Math.Ceiling(Math.Max(x0, x1) + reach));
        int by0 = Math.Max(0, (int)Math.Floor(Math.Min(y0, y1) - reach)), by1 = Math.Min(height - 1, (int)Math.Ceiling(Math.Max(y0, y1) + reach));
        double ax = x1 - x0, ay = y1 - y0, len2 = ax * ax + ay * ay, inv = 1 / (2 * sigma * sigma);
        for (var yy = by0; yy <= by1; yy++)
            for (var xx = bx0; xx <= bx1; xx++)
            {
                double px = xx - x0, py = yy - y0;
                var t = len2 > 0 ? Math.Clamp((px * ax + py * ay) / len2, 0, 1) : 0;
                double ex = px - t * ax, ey = py - t * ay;
                var d2 = ex * ex + ey * ey;
                if (d2 < 16 * sigma * sigma) img[yy * width + xx] += (float)(peak * Math.Exp(-d2 * inv));
            }
    }
}
