namespace NotebookLib.Imaging;

/// <summary>
/// The library's one 2-D image: row-major float32 pixels (pixel (x, y) at <c>y * Width + x</c>, as numpy's
/// <c>data[y, x]</c> of an astropy HDU; FITS pixel (x + 1, y + 1)) and an optional <see cref="Imaging.Mask"/>
/// of bad pixels. FITS HDUs read into it (<see cref="FitsImages.ReadImage2D"/>, <see cref="Read"/>),
/// the generators make it, figures, overlays and galleries draw it. Undefined pixels are NaN.
/// The processing steps are extension methods that return a new image and never change this one,
/// so a notebook can keep every intermediate step for display.
/// </summary>
public sealed partial class Image
{
    public int Width { get; }
    public int Height { get; }
    /// <summary>Row-major pixels; treat as read-only (the steps never write into their input).</summary>
    public float[] Pixels { get; }
    /// <summary>Bad pixels (set = bad), the image's size, or null when every pixel is good.</summary>
    public Mask? Mask { get; }

    /// <summary>An image over <paramref name="pixels"/> (shared, not copied).</summary>
    public Image(int width, int height, float[] pixels, Mask? mask = null)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"an image needs a positive width and height, not {width}×{height}");
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"pixels hold {pixels.Length} values but a {width}×{height} image needs {(long)width * height}", nameof(pixels));
        if (mask is not null && (mask.Width != width || mask.Height != height))
            throw new ArgumentException($"the mask is {mask.Width}×{mask.Height} but the image is {width}×{height}", nameof(mask));
        Width = width;
        Height = height;
        Pixels = pixels;
        Mask = mask;
    }

    /// <summary>An image from a [height, width] array (the numpy/astropy <c>data[y, x]</c> order), copied.</summary>
    public static Image FromArray(float[,] data, Mask? mask = null)
    {
        int h = data.GetLength(0), w = data.GetLength(1);
        var pixels = new float[w * h];
        Buffer.BlockCopy(data, 0, pixels, 0, pixels.Length * sizeof(float));
        return new Image(w, h, pixels, mask);
    }

    /// <summary>An image of one constant value.</summary>
    public static Image Filled(int width, int height, float value)
    {
        var p = new float[(long)width * height];
        Array.Fill(p, value);
        return new Image(width, height, p);
    }

    /// <summary>Samples of one shape stored one after the other ([n, height, width] row-major, as a
    /// network's output reads back from a tensor) as n images, each a copy.</summary>
    public static Image[] FromBatch(ReadOnlySpan<float> data, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"an image needs a positive width and height, not {width}×{height}");
        long size = (long)width * height;
        if (data.Length % size != 0)
            throw new ArgumentException($"{data.Length} values are not a whole number of {width}×{height} images ({size} values each)", nameof(data));
        var images = new Image[data.Length / size];
        for (var i = 0; i < images.Length; i++)
            images[i] = new Image(width, height, data.Slice((int)(i * size), (int)size).ToArray());
        return images;
    }

    public int Count => Pixels.Length;

    public float this[int x, int y]
    {
        get
        {
            CheckInside(x, y);
            return Pixels[y * Width + x];
        }
    }

    public bool IsMasked(int x, int y)
    {
        CheckInside(x, y);
        return Mask is not null && Mask.Pixels[y * Width + x];
    }

    /// <summary>True where a pixel can be used: not masked and finite.</summary>
    public bool IsGood(int index) => (Mask is null || !Mask.Pixels[index]) && float.IsFinite(Pixels[index]);

    /// <summary>Number of masked pixels.</summary>
    public int MaskedCount => Mask?.Count ?? 0;

    public ReadOnlySpan<float> Row(int y)
    {
        if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y), $"row {y} is outside 0..{Height - 1}");
        return Pixels.AsSpan(y * Width, Width);
    }

    /// <summary>The same mask with new pixels (same size).</summary>
    public Image WithPixels(float[] pixels) => new(Width, Height, pixels, Mask);

    /// <summary>The same pixels with another mask (null: no mask).</summary>
    public Image WithMask(Mask? mask) => new(Width, Height, Pixels, mask);

    /// <summary>A [height, width] copy, as numpy would index it.</summary>
    public float[,] ToArray()
    {
        var a = new float[Height, Width];
        Buffer.BlockCopy(Pixels, 0, a, 0, Pixels.Length * sizeof(float));
        return a;
    }

    /// <summary>The rectangle [x, x + width) × [y, y + height), which must lie inside the image
    /// (<c>Cutout</c> pads instead).</summary>
    public Image Crop(int x, int y, int width, int height)
    {
        CheckCrop(x, y, width, height, Width, Height, "image");
        var p = GC.AllocateUninitializedArray<float>(width * height);
        for (int r = 0; r < height; r++)
            Pixels.AsSpan((y + r) * Width + x, width).CopyTo(p.AsSpan(r * width, width));
        return new Image(width, height, p, Mask?.Crop(x, y, width, height));
    }

    public override string ToString() =>
        $"Image {Width}×{Height}" + (Mask is null ? "" : $", {MaskedCount} masked");

    void CheckInside(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {Width}×{Height} image");
    }

    internal static void CheckCrop(int x, int y, int width, int height, int fullWidth, int fullHeight, string what)
    {
        if (width <= 0 || height <= 0 || x < 0 || y < 0 || x + width > fullWidth || y + height > fullHeight)
            throw new ArgumentOutOfRangeException(nameof(x),
                $"crop [{x}, {x + width}) × [{y}, {y + height}) does not lie inside the {fullWidth}×{fullHeight} {what}");
    }
}
