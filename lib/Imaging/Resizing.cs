namespace NotebookLib.Imaging;

/// <summary>How <see cref="Resizing.Resize"/> computes each new pixel.</summary>
public enum ResizeMethod
{
    /// <summary>Area averaging ("pixel mixing"): each new pixel is the overlap-weighted mean of the old
    /// pixels it covers. Keeps the mean; as skimage.transform.resize_local_mean (grid_mode=True), and
    /// equal to downscale_local_mean for whole factors.</summary>
    Area,
    /// <summary>Bilinear interpolation at pixel centres with edge values extended, as
    /// skimage.transform.resize(order=1, mode="edge", anti_aliasing=False).</summary>
    Bilinear,
}

/// <summary>Resizing to a new width and height (talk 003 resizes every image to 128×128).
/// The mask is not carried over: fill masked pixels first (<see cref="Masking.FillMasked"/>).</summary>
public static class Resizing
{
    public static Image Resize(this Image image, int width, int height, ResizeMethod method = ResizeMethod.Area)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"cannot resize to {width}×{height}");
        var wx = method == ResizeMethod.Area ? AreaWeights(image.Width, width) : BilinearWeights(image.Width, width);
        var wy = method == ResizeMethod.Area ? AreaWeights(image.Height, height) : BilinearWeights(image.Height, height);
        int W = image.Width;
        var src = image.Pixels;
        // Separable: rows first (into double), then columns.
        var tmp = new double[image.Height * width];
        RowParallel.For(image.Height, W, (y0, y1) =>
        {
            for (int y = y0; y < y1; y++)
            {
                var line = src.AsSpan(y * W, W);
                for (int x = 0; x < width; x++)
                {
                    var (first, weights) = wx[x];
                    double s = 0;
                    for (int k = 0; k < weights.Length; k++) s += weights[k] * line[first + k];
                    tmp[y * width + x] = s;
                }
            }
        });
        var dst = new float[width * height];
        RowParallel.For(height, width, (y0, y1) =>
        {
            var acc = new double[width];
            for (int y = y0; y < y1; y++)
            {
                Array.Clear(acc);
                var (first, weights) = wy[y];
                for (int k = 0; k < weights.Length; k++)
                {
                    double wk = weights[k];
                    var line = tmp.AsSpan((first + k) * width, width);
                    for (int x = 0; x < width; x++) acc[x] += wk * line[x];
                }
                for (int x = 0; x < width; x++) dst[y * width + x] = (float)acc[x];
            }
        });
        return new Image(width, height, dst);
    }

    /// <summary>Mean over <paramref name="factor"/>×<paramref name="factor"/> blocks (binning); the image
    /// size must be a multiple of the factor.</summary>
    public static Image Bin(this Image image, int factor)
    {
        if (factor <= 0 || image.Width % factor != 0 || image.Height % factor != 0)
            throw new ArgumentException($"a {image.Width}×{image.Height} image cannot be binned by {factor}: the factor must divide both sides");
        return image.Resize(image.Width / factor, image.Height / factor, ResizeMethod.Area);
    }

    /// <summary>For each new index, the first old index and the weights (summing to 1) of the old pixels it overlaps.</summary>
    static (int First, double[] Weights)[] AreaWeights(int oldSize, int newSize)
    {
        var result = new (int, double[])[newSize];
        double step = (double)oldSize / newSize;
        for (int i = 0; i < newSize; i++)
        {
            double lo = i * step, hi = (i + 1) * step;
            int first = (int)Math.Floor(lo), last = Math.Min(oldSize - 1, (int)Math.Ceiling(hi) - 1);
            var w = new double[last - first + 1];
            double total = 0;
            for (int k = first; k <= last; k++)
            {
                double overlap = Math.Max(0, Math.Min(hi, k + 1) - Math.Max(lo, k));
                w[k - first] = overlap;
                total += overlap;
            }
            for (int k = 0; k < w.Length; k++) w[k] /= total;
            result[i] = (first, w);
        }
        return result;
    }

    /// <summary>Pixel-centre aligned: new index i samples old coordinate (i + 0.5)·old/new − 0.5,
    /// clamped to the edge pixels.</summary>
    static (int First, double[] Weights)[] BilinearWeights(int oldSize, int newSize)
    {
        var result = new (int, double[])[newSize];
        double step = (double)oldSize / newSize;
        for (int i = 0; i < newSize; i++)
        {
            double c = Math.Clamp((i + 0.5) * step - 0.5, 0, oldSize - 1);
            int k = Math.Min((int)Math.Floor(c), Math.Max(0, oldSize - 2));
            double t = c - k;
            result[i] = oldSize == 1 ? (0, [1.0]) : (k, [1 - t, t]);
        }
        return result;
    }
}
