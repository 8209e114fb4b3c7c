namespace NotebookLib.Fits;

/// <summary>
/// The plain 2-D image the FITS reader gives and lib/Imaging accepts: float32 pixels, row-major,
/// <see cref="Height"/> rows of <see cref="Width"/> pixels, pixel (x, y) at Pixels[y * Width + x]
/// (FITS pixel (x+1, y+1); astropy's <c>data[y, x]</c>). Undefined pixels are NaN.
/// </summary>
public sealed class Image2D
{
    public int Width { get; }
    public int Height { get; }
    public float[] Pixels { get; }

    public Image2D(int width, int height, float[] pixels)
    {
        if (width < 0 || height < 0) throw new ArgumentException($"image size {width}x{height} is negative");
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"{pixels.Length} pixels do not make a {width}x{height} image ({(long)width * height} pixels)");
        Width = width; Height = height; Pixels = pixels;
    }

    public Image2D(int width, int height) : this(width, height, new float[(long)width * height]) { }

    public float this[int x, int y]
    {
        get => Pixels[Offset(x, y)];
        set => Pixels[Offset(x, y)] = value;
    }

    /// <summary>Row y as a span of Width pixels.</summary>
    public Span<float> Row(int y) => Pixels.AsSpan(Offset(0, y), Width);

    /// <summary>The same pixels as a [Height, Width] array (shared, not copied).</summary>
    public FitsArray<float> ToArray() => new(Pixels, Height, Width);

    /// <summary>A 2-D float array as an image (shared, not copied).</summary>
    public static Image2D FromArray(FitsArray<float> array) => array.Shape.Length == 2
        ? new Image2D(array.Shape[1], array.Shape[0], array.Data)
        : throw new ArgumentException($"an Image2D needs a 2-D array, this one has shape ({string.Join(", ", array.Shape)})");

    int Offset(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new IndexOutOfRangeException($"pixel ({x}, {y}) is outside the {Width}x{Height} image");
        return y * Width + x;
    }

    public override string ToString() => $"Image2D {Width}x{Height}";
}
