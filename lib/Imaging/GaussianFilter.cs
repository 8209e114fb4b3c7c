namespace NotebookLib.Imaging;

/// <summary>
/// Separable convolution of an image with a 1-D kernel along x then y, and the Gaussian filter built on
/// it, as scipy.ndimage.gaussian_filter computes it: a kernel sampled at integer offsets out to
/// truncate·σ, normalised to sum 1, and edges extended by reflection ("reflect": d c b a | a b c d).
/// </summary>
public static class GaussianFilter
{
    /// <summary>The sampled, normalised 1-D Gaussian of scipy (radius = round(truncate·σ)).</summary>
    public static float[] Kernel(double sigma, double truncate = 4.0)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be positive and finite");
        var radius = (int)(truncate * sigma + 0.5);
        var k = new double[2 * radius + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++) sum += k[i + radius] = Math.Exp(-0.5 * i * i / (sigma * sigma));
        return k.Select(v => (float)(v / sum)).ToArray();
    }

    /// <summary>The image smoothed by a circular Gaussian of <paramref name="sigma"/> pixels.</summary>
    public static Image Gaussian(this Image image, double sigma, double truncate = 4.0) =>
        image.ConvolveSeparable(Kernel(sigma, truncate));

    /// <summary>The image convolved with kernel[i]·kernel[j] (odd length, centred), edges reflected.
    /// The mask travels with the result.</summary>
    public static Image ConvolveSeparable(this Image image, float[] kernel)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.Length % 2 != 1) throw new ArgumentException($"a centred kernel has an odd length, not {kernel.Length}", nameof(kernel));
        int w = image.Width, h = image.Height, r = kernel.Length / 2;
        var src = image.Pixels;
        var tmp = new float[src.Length];
        var dst = new float[src.Length];
        RowParallel.For(h, w, (y0, y1) =>
        {
            var line = new float[w + 2 * r];
            for (var y = y0; y < y1; y++)
            {
                var row = src.AsSpan(y * w, w);
                for (var x = 0; x < line.Length; x++) line[x] = row[Reflect(x - r, w)];
                var o = tmp.AsSpan(y * w, w);
                for (var x = 0; x < w; x++)
                {
                    float s = 0;
                    for (var k = 0; k < kernel.Length; k++) s += kernel[k] * line[x + k];
                    o[x] = s;
                }
            }
        });
        RowParallel.For(h, w, (y0, y1) =>
        {
            var acc = new float[w];
            for (var y = y0; y < y1; y++)
            {
                Array.Clear(acc);
                for (var k = 0; k < kernel.Length; k++)
                {
                    var row = tmp.AsSpan(Reflect(y + k - r, h) * w, w);
                    var kk = kernel[k];
                    for (var x = 0; x < w; x++) acc[x] += kk * row[x];
                }
                acc.CopyTo(dst, y * w);
            }
        });
        return new Image(w, h, dst, image.Mask);
    }

    /// <summary>scipy's "reflect" boundary: the edge pixel is repeated (half-sample symmetric).</summary>
    static int Reflect(int i, int n)
    {
        if (n == 1) return 0;
        var period = 2 * n;
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - 1 - i;
    }
}
