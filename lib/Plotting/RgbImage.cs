using System.Globalization;
using NotebookLib.Imaging;
using NotebookLib.IO;

namespace NotebookLib.Plotting;

/// <summary>How an image becomes colours.</summary>
public sealed record ImageOptions
{
    public Stretch Stretch { get; init; } = Stretch.Linear;
    /// <summary>Value drawn as the first colour; default the data minimum (or the zscale lower limit).</summary>
    public double? Min { get; init; }
    /// <summary>Value drawn as the last colour; default the data maximum (or the zscale upper limit).</summary>
    public double? Max { get; init; }
    public ColorMap ColorMap { get; init; } = ColorMap.Gray;
    /// <summary>The colour of NaN and infinite pixels (transparent by default, as matplotlib).</summary>
    public Color NanColor { get; init; } = Color.Transparent;
    /// <summary>Adds a colour bar with the limits labelled on the right.</summary>
    public bool ColorBar { get; init; }
    /// <summary>Each pixel drawn as zoom × zoom (nearest neighbour): small cutouts stay visible.</summary>
    public int Zoom { get; init; } = 1;
    /// <summary>Row 0 at the bottom, as FITS images and imshow(origin="lower") show them; default row 0 at the top.</summary>
    public bool OriginLower { get; init; }
}

/// <summary>
/// An 8-bit RGBA raster that notebooks show as image/png: images drawn with a stretch and a colour map,
/// galleries, overlays, captions. Pixels are row-major from the top-left corner.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, Color? background = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"an image needs a positive size, not {width}×{height}");
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 4)];
        if (background is { } bg) FillRectangle(0, 0, width, height, bg);
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>RGBA bytes, row-major, 4 per pixel.</summary>
    public byte[] Pixels { get; }

    public Color this[int x, int y]
    {
        get
        {
            CheckInside(x, y);
            var i = 4 * (y * Width + x);
            return new(Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
        }
        set
        {
            CheckInside(x, y);
            Set(x, y, value);
        }
    }

    void CheckInside(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {Width}×{Height} image");
    }

    void Set(int x, int y, Color c)
    {
        var i = 4 * (y * Width + x);
        Pixels[i] = c.R; Pixels[i + 1] = c.G; Pixels[i + 2] = c.B; Pixels[i + 3] = c.A;
    }

    /// <summary>
    /// Draws an image with a stretch and a colour map: values are scaled to [0, 1] between the limits,
    /// clipped, stretched, and looked up in the colour map; NaN and infinite pixels get
    /// <see cref="ImageOptions.NanColor"/> (the image's mask is not drawn: <c>Overlays.Mask</c> shows masks).
    /// </summary>
    public static RgbImage FromImage(Image image, ImageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var o = options ?? new ImageOptions();
        if (o.Zoom < 1) throw new ArgumentOutOfRangeException(nameof(options), $"zoom must be 1 or more, not {o.Zoom}");
        var (lo, hi) = Limits(image, o);
        int width = image.Width, height = image.Height;
        var data = image.Pixels;
        var img = new RgbImage(width * o.Zoom, height * o.Zoom);
        var range = hi - lo;
        for (var y = 0; y < height; y++)
        {
            var row = o.OriginLower ? height - 1 - y : y;
            for (var x = 0; x < width; x++)
            {
                var v = data[row * width + x];
                var c = float.IsFinite(v) ? o.ColorMap.Map(DisplayStretch.Apply(o.Stretch, range > 0 ? Math.Clamp((v - lo) / range, 0, 1) : 0)) : o.NanColor;
                for (var dy = 0; dy < o.Zoom; dy++)
                    for (var dx = 0; dx < o.Zoom; dx++)
                        img.Set(x * o.Zoom + dx, y * o.Zoom + dy, c);
            }
        }
        return o.ColorBar ? img.WithColorBar(o.ColorMap, o.Stretch, lo, hi) : img;
    }

    /// <summary>
    /// Colour composites of a batch of channels-first images [N, C, H, W] whose values are already on [0, 1]
    /// (a network's input or output): the channels <paramref name="red"/>, <paramref name="green"/> and
    /// <paramref name="blue"/> of each image in <paramref name="indices"/> become its R, G and B, clipped.
    /// For g, r, z cut-outs the default draws z as red and g as blue, as colour images of galaxies are made.
    /// </summary>
    public static RgbImage[] FromChannels(ReadOnlySpan<float> batch, int channels, int width, int height, IEnumerable<int> indices,
        int red = 2, int green = 1, int blue = 0)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"an image needs a positive width and height, not {width}×{height}");
        if ((uint)red >= (uint)channels || (uint)green >= (uint)channels || (uint)blue >= (uint)channels)
            throw new ArgumentOutOfRangeException(nameof(channels), $"channels {red}, {green}, {blue} are not all among the {channels} channels");
        long plane = (long)width * height, sample = plane * channels;
        if (batch.Length % sample != 0)
            throw new ArgumentException($"{batch.Length} values are not a whole number of {channels}×{height}×{width} images", nameof(batch));
        var n = batch.Length / sample;
        var result = new List<RgbImage>();
        foreach (var i in indices)
        {
            if ((ulong)i >= (ulong)n) throw new ArgumentOutOfRangeException(nameof(indices), i, $"the batch holds {n} images");
            var img = new RgbImage(width, height);
            var o = i * sample;
            for (var k = 0; k < plane; k++)
            {
                img.Pixels[4 * k] = Byte(batch[(int)(o + red * plane + k)]);
                img.Pixels[4 * k + 1] = Byte(batch[(int)(o + green * plane + k)]);
                img.Pixels[4 * k + 2] = Byte(batch[(int)(o + blue * plane + k)]);
                img.Pixels[4 * k + 3] = 255;
            }
            result.Add(img);
        }
        return result.ToArray();
    }

    static byte Byte(float v) => float.IsFinite(v) ? (byte)Math.Round(255 * Math.Clamp(v, 0f, 1f)) : (byte)0;

    /// <summary>The values drawn as the first and last colours: given, zscale, or the data range.</summary>
    public static (double Min, double Max) Limits(Image image, ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        var data = image.Pixels.AsSpan();
        var (lo, hi) = options.Stretch == Stretch.ZScale ? DisplayStretch.ZScale(data) : DisplayStretch.MinMax(data);
        lo = options.Min ?? lo;
        hi = options.Max ?? hi;
        if (double.IsNaN(lo) || double.IsNaN(hi)) return (0, 1); // nothing finite: every pixel is NaN
        return (lo, hi);
    }

    internal static void CheckSize(int width, int height, Image image, string what)
    {
        if (width != image.Width || height != image.Height)
            throw new ArgumentException($"{what} is {width}×{height}, but the image is {image.Width}×{image.Height}");
    }

    /// <summary>This image with a vertical colour bar on the right, labelled with the limits.</summary>
    public RgbImage WithColorBar(ColorMap map, Stretch stretch, double min, double max)
    {
        const int gap = 6, barWidth = 12, pad = 4;
        string top = Label(max), bottom = Label(min);
        var textWidth = Math.Max(BitmapFont.Measure(top).Width, BitmapFont.Measure(bottom).Width);
        var barHeight = Math.Max(Height, 2 * BitmapFont.LineHeight + 4);
        var result = new RgbImage(Width + gap + barWidth + pad + textWidth + 2, barHeight, Color.White);
        result.Paste(this, 0, 0);
        int bx = Width + gap;
        for (var y = 0; y < barHeight; y++)
        {
            // Top of the bar is the maximum; the bar shows the stretch as the image does.
            var t = barHeight == 1 ? 1 : 1 - (double)y / (barHeight - 1);
            var c = map.Map(DisplayStretch.Apply(stretch, t));
            for (var x = 0; x < barWidth; x++) result.Set(bx + x, y, c);
        }
        var tx = bx + barWidth + pad;
        result.DrawText(tx, 0, top, Color.Black);
        result.DrawText(tx, barHeight - BitmapFont.GlyphHeight, bottom, Color.Black);
        return result;
    }

    static string Label(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Each pixel repeated factor × factor times (nearest neighbour).</summary>
    public RgbImage Zoom(int factor)
    {
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), $"zoom must be 1 or more, not {factor}");
        return Resize(Width * factor, Height * factor);
    }

    /// <summary>Nearest-neighbour resampling to width × height.</summary>
    public RgbImage Resize(int width, int height)
    {
        var r = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var sy = (int)((long)y * Height / height);
            for (var x = 0; x < width; x++)
            {
                var sx = (int)((long)x * Width / width);
                Buffer.BlockCopy(Pixels, 4 * (sy * Width + sx), r.Pixels, 4 * (y * width + x), 4);
            }
        }
        return r;
    }

    /// <summary>Copies <paramref name="source"/> with its top-left corner at (x, y), clipped to this image.</summary>
    public void Paste(RgbImage source, int x, int y)
    {
        for (var sy = 0; sy < source.Height; sy++)
        {
            var ty = y + sy;
            if ((uint)ty >= (uint)Height) continue;
            var x0 = Math.Max(0, -x);
            var x1 = Math.Min(source.Width, Width - x);
            if (x1 <= x0) return;
            Buffer.BlockCopy(source.Pixels, 4 * (sy * source.Width + x0), Pixels, 4 * (ty * Width + x + x0), 4 * (x1 - x0));
        }
    }

    public void FillRectangle(int x, int y, int width, int height, Color color)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + height); yy++)
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + width); xx++)
                Set(xx, yy, color);
    }

    /// <summary>The edges of a rectangle, <paramref name="thickness"/> pixels wide, drawn inside it.</summary>
    public void DrawRectangle(int x, int y, int width, int height, Color color, int thickness = 1)
    {
        if (width <= 0 || height <= 0) return;
        var t = Math.Max(1, Math.Min(thickness, Math.Min(width, height)));
        FillRectangle(x, y, width, t, color);
        FillRectangle(x, y + height - t, width, t, color);
        FillRectangle(x, y, t, height, color);
        FillRectangle(x + width - t, y, t, height, color);
    }

    /// <summary>Mixes <paramref name="color"/> into pixel (x, y) with weight alpha in [0, 1].</summary>
    public void Blend(int x, int y, Color color, double alpha)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        var a = Math.Clamp(alpha, 0, 1);
        var i = 4 * (y * Width + x);
        Pixels[i] = (byte)Math.Round(Pixels[i] * (1 - a) + color.R * a);
        Pixels[i + 1] = (byte)Math.Round(Pixels[i + 1] * (1 - a) + color.G * a);
        Pixels[i + 2] = (byte)Math.Round(Pixels[i + 2] * (1 - a) + color.B * a);
        Pixels[i + 3] = (byte)Math.Round(Pixels[i + 3] * (1 - a) + 255 * a);
    }

    /// <summary>One line of text in the built-in 5×7 font, top-left at (x, y), clipped to the image.</summary>
    public void DrawText(int x, int y, string text, Color color, int scale = 1)
    {
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), $"text scale must be 1 or more, not {scale}");
        for (var k = 0; k < text.Length; k++)
            for (var gy = 0; gy < BitmapFont.GlyphHeight; gy++)
                for (var gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                    if (BitmapFont.Ink(text[k], gx, gy))
                        FillRectangle(x + (k * BitmapFont.Advance + gx) * scale, y + gy * scale, scale, scale, color);
    }

    public byte[] ToPng() => Png.Encode(Pixels, Width, Height, PngFormat.Rgba);

    public string ToBase64() => Convert.ToBase64String(ToPng());

    public string ToDataUri() => "data:image/png;base64," + ToBase64();

    /// <summary>Writes a PNG file (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToPng());

    public override string ToString() => $"RgbImage {Width}×{Height}";
}
