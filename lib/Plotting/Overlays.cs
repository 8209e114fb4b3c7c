namespace NotebookLib.Plotting;

/// <summary>
/// A frame with something drawn over it: chosen patches outlined (red edges for one cluster), a
/// segmentation mask, a saliency map. Inputs are row-major float32 arrays (width × height).
/// </summary>
public static class Overlays
{
    /// <summary>The frame with each box (x, y, width, height in array pixels) outlined.</summary>
    public static RgbImage Outline(float[] frame, int width, int height, IEnumerable<(int X, int Y, int Width, int Height)> boxes,
        Color? color = null, int thickness = 2, ImageOptions? options = null)
    {
        var o = (options ?? new ImageOptions()) with { ColorBar = false };
        var img = RgbImage.FromArray(frame, width, height, o);
        var c = color ?? Color.Red;
        foreach (var (x, y, w, h) in boxes)
        {
            if (w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > width || y + h > height)
                throw new ArgumentOutOfRangeException(nameof(boxes), $"box at ({x}, {y}) of {w}×{h} is not inside the {width}×{height} frame");
            var top = o.OriginLower ? height - y - h : y;
            img.DrawRectangle(x * o.Zoom, top * o.Zoom, w * o.Zoom, h * o.Zoom, c, thickness);
        }
        return options?.ColorBar == true ? WithBar(img, frame, o) : img;
    }

    /// <summary>The frame with the pixels where <paramref name="mask"/> is true tinted with <paramref name="color"/>.</summary>
    public static RgbImage Mask(float[] frame, int width, int height, bool[] mask, Color? color = null, double alpha = 0.5,
        ImageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mask);
        RgbImage.CheckShape(mask.Length, width, height, "mask");
        var o = (options ?? new ImageOptions()) with { ColorBar = false };
        var img = RgbImage.FromArray(frame, width, height, o);
        var c = color ?? Color.Red;
        Paint(img, width, height, o, (x, y) => mask[y * width + x] ? alpha : 0, (_, _) => c);
        return options?.ColorBar == true ? WithBar(img, frame, o) : img;
    }

    /// <summary>
    /// The image in gray with a saliency map over it: saliency scaled to [0, 1] between its minimum and
    /// maximum, coloured with <paramref name="colorMap"/> (magma) and mixed in with weight alpha × saliency,
    /// so that unimportant pixels keep the image visible.
    /// </summary>
    public static RgbImage Saliency(float[] image, int width, int height, float[] saliency, double alpha = 0.7,
        ColorMap? colorMap = null, ImageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(saliency);
        RgbImage.CheckShape(saliency.Length, width, height, "saliency");
        var o = (options ?? new ImageOptions()) with { ColorBar = false };
        var img = RgbImage.FromArray(image, width, height, o);
        var map = colorMap ?? ColorMap.Magma;
        var (lo, hi) = DisplayStretch.MinMax(saliency);
        var scale = hi > lo ? 1 / (hi - lo) : 0;
        double T(int x, int y)
        {
            var s = saliency[y * width + x];
            return float.IsFinite(s) ? Math.Clamp((s - lo) * scale, 0, 1) : 0;
        }
        Paint(img, width, height, o, (x, y) => alpha * T(x, y), (x, y) => map.Map(T(x, y)));
        return img;
    }

    // Blends a colour into every displayed pixel of array pixel (x, y), honouring zoom and origin.
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

    static RgbImage WithBar(RgbImage img, float[] frame, ImageOptions o)
    {
        var (lo, hi) = RgbImage.Limits(frame, o);
        return img.WithColorBar(o.ColorMap, o.Stretch, lo, hi);
    }
}
