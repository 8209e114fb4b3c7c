namespace NotebookLib.Imaging;

/// <summary>Cutouts around a position, padded where they leave the image (astropy's
/// <c>Cutout2D(data, (x, y), size, mode="partial", fill_value=...)</c>).</summary>
public static class Cutouts
{
    /// <summary>A <paramref name="size"/>×<paramref name="size"/> cutout centred on (x, y).</summary>
    public static Image Cutout(this Image image, double x, double y, int size, float padValue = float.NaN) =>
        image.Cutout(x, y, size, size, padValue);

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> cutout centred on (x, y): it starts at
    /// ceil(x − width/2), ceil(y − height/2) as astropy places it. Pixels outside the image hold
    /// <paramref name="padValue"/> and are masked.</summary>
    public static Image Cutout(this Image image, double x, double y, int width, int height, float padValue = float.NaN)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"cutout size must be positive, not {width}×{height}");
        if (!double.IsFinite(x) || !double.IsFinite(y)) throw new ArgumentException($"cutout centre ({x}, {y}) is not finite");
        int x0 = (int)Math.Ceiling(x - width / 2.0), y0 = (int)Math.Ceiling(y - height / 2.0);
        if (x0 >= image.Width || y0 >= image.Height || x0 + width <= 0 || y0 + height <= 0)
            throw new ArgumentOutOfRangeException(nameof(x), $"a {width}×{height} cutout at ({x}, {y}) does not overlap the {image.Width}×{image.Height} image");
        var p = new float[width * height];
        var m = new bool[width * height];
        bool anyMasked = false;
        int xs = Math.Max(0, x0), xe = Math.Min(image.Width, x0 + width);
        for (int r = 0; r < height; r++)
        {
            var dst = p.AsSpan(r * width, width);
            var dm = m.AsSpan(r * width, width);
            int fy = y0 + r;
            if (fy < 0 || fy >= image.Height)
            {
                dst.Fill(padValue); dm.Fill(true); anyMasked = true;
                continue;
            }
            if (xs > x0) { dst[..(xs - x0)].Fill(padValue); dm[..(xs - x0)].Fill(true); anyMasked = true; }
            if (xe < x0 + width) { dst[(xe - x0)..].Fill(padValue); dm[(xe - x0)..].Fill(true); anyMasked = true; }
            image.Pixels.AsSpan(fy * image.Width + xs, xe - xs).CopyTo(dst[(xs - x0)..]);
            if (image.Mask is not null)
            {
                image.Mask.Pixels.AsSpan(fy * image.Width + xs, xe - xs).CopyTo(dm[(xs - x0)..]);
                anyMasked = true;
            }
        }
        return new Image(width, height, p, anyMasked ? new Mask(width, height, m) : null);
    }
}
