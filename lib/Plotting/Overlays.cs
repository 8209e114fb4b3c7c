using NotebookLib.Imaging;

namespace NotebookLib.Plotting;

/// <summary>
/// An image with something drawn over it: chosen patches outlined (red edges for one cluster), a
/// segmentation mask, a saliency map.
/// </summary>
public static class Overlays
{
    /// <summary>The image with each box (x, y, width, height in image pixels) outlined.</summary>
    public static RgbImage Outline(Image image, IEnumerable<(int X, int Y, int Width, int Height)> boxes,
        Color? color = null, int thickness = 2, ImageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        var o = (options ?? new ImageOptions()) with { ColorBar = false };
        var img = RgbImage.FromImage(image, o);
        var c = color ?? Color.Red;
        foreach (var (x, y, w, h) in boxes)
        {
            if (w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > width || y + h > height)
                throw new ArgumentOutOfRangeException(nameof(boxes), $"box at ({x}, {y}) of {w}×{h} is not inside the {width}×{height} image");
            var top = o.OriginLower ? height - y - h : y;
            img.DrawRectangle(x * o.Zoom, top * o.Zoom, w * o.Zoom, h * o.Zoom, c, thickness);
        }
        return options?.ColorBar == true ? WithBar(img, image, o) : img;
    }

    /// <summary>The image with a circle (centre x, y and radius in image pixels) drawn around each source;
    /// circles may run off the edge, where they are clipped.</summary>
    public static RgbImage Circles(Image image, IEnumerable<(double X, double Y, double Radius)> circles,
        Color? color = null, int thickness = 1, ImageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(circles);
        int height = image.Height;
        var o = (options ?? new ImageOptions()) with { ColorBar = false };
        var img = RgbImage.FromImage(image, o);
        var c = color ?? Color.Red;
        foreach (var (x, y, r) in circles)
        {
            if (!(r > 0)) throw new ArgumentOutOfRangeException(nameof(circles), $"a circle at ({x}, {y}) has radius {r}; radii are positive");
            double cx = (x + 0.5) * o.Zoom, cy = ((o.OriginLower ? height - 1 - y : y) + 0.5) * o.Zoom, rr = r * o.Zoom;
            var steps = Math.Max(16, (int)(2 * Math.PI * rr * 2));
            for (var k = 0; k < steps; k++)
            {
                var a = 2 * Math.PI * k / steps;
                for (var t = 0; t < thickness; t++)
                {
                    int px = (int)Math.Floor(cx + (rr + t) * Math.Cos(a)), py = (int)Math.Floor(cy + (rr + t) * Math.Sin(a));
                    if (px >= 0 && py >= 0 && px < img.Width && py < img.Height) img[px, py] = c;
                }
            }
        }
        return options?.ColorBar == true ? WithBar(img, image, o) : img;
    }

    /// <summary>The image with the pixels where <paramref name="mask"/> is set tinted with <paramref name="color"/>.</summary>
    public static RgbImage Mask(Image image, Mask mask, Color? color = null, double alpha = 0.5, ImageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        RgbImage.CheckSize(mask.Width, mask.Height, image, "the mask");
        var o = (options ?? new ImageOptions()) with { ColorBar = false };
        var img = RgbImage.FromImage(image, o);
        var c = color ?? Color.Red;
        var m = mask.Pixels;
        int width = image.Width;
        Paint(img, image.Width, image.Height, o, (x, y) => m[y * width + x] ? alpha : 0, (_, _) => c);
        return options?.ColorBar == true ? WithBar(img, image, o) : img;
    }

    /// <summary>
    /// The image in gray with a saliency map (same size) over it: saliency scaled to [0, 1] between its
    /// minimum and maximum, coloured with <paramref name="colorMap"/> (magma) and mixed in with weight
    /// alpha × saliency, so that unimportant pixels keep the image visible.
    /// </summary>
    public static RgbImage Saliency(Image image, Image saliency, double alpha = 0.7, ColorMap? colorMap = null, ImageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(saliency);
        RgbImage.CheckSize(saliency.Width, saliency.Height, image, "the saliency map");
        var o = (options ?? new ImageOptions()) with { ColorBar = false };
        var img = RgbImage.FromImage(image, o);
        var map = colorMap ?? ColorMap.Magma;
        var s = saliency.Pixels;
        var (lo, hi) = DisplayStretch.MinMax(s);
        var scale = hi > lo ? 1 / (hi - lo) : 0;
        int width = image.Width;
        double T(int x, int y)
        {
            var v = s[y * width + x];
            return float.IsFinite(v) ? Math.Clamp((v - lo) * scale, 0, 1) : 0;
        }
        Paint(img, image.Width, image.Height, o, (x, y) => alpha * T(x, y), (x, y) => map.Map(T(x, y)));
        return img;
    }

    // Blends a colour into every displayed pixel of image pixel (x, y), honouring zoom and origin.
    static void Paint(RgbImage img, int width, int height, ImageOptions o, Func<int, int, double> weight, Func<int, int, Color> color)
    {
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var w = weight(x, y);
                if (w <= 0) continue;
                var c = color(x, y);
                var top = o.OriginLower ? height - 1 - y : y;
                for (var dy = 0; dy < o.Zoom; dy++)
                    for (var dx = 0; dx < o.Zoom; dx++)
                        img.Blend(x * o.Zoom + dx, top * o.Zoom + dy, c, w);
            }
    }

    static RgbImage WithBar(RgbImage img, Image image, ImageOptions o)
    {
        var (lo, hi) = RgbImage.Limits(image, o);
        return img.WithColorBar(o.ColorMap, o.Stretch, lo, hi);
    }
}
