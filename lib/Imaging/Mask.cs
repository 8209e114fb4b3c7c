namespace NotebookLib.Imaging;

/// <summary>
/// The library's one 2-D mask: a row-major bool per pixel (pixel (x, y) at <c>y * Width + x</c>, as
/// <see cref="Image"/>), set where something is: a bad pixel, a segmented object, a persistent pixel
/// of the truth. An image's bad-pixel mask, the generators' truth masks, segmentation masks, overlays
/// and the mask metrics all take this type.
/// </summary>
public sealed class Mask
{
    public int Width { get; }
    public int Height { get; }
    /// <summary>Row-major, true = set; treat as read-only (the steps never write into their input).</summary>
    public bool[] Pixels { get; }

    /// <summary>A mask over <paramref name="pixels"/> (shared, not copied).</summary>
    public Mask(int width, int height, bool[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"a mask needs a positive width and height, not {width}×{height}");
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"the mask holds {pixels.Length} values but a {width}×{height} mask needs {(long)width * height}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>A mask with nothing set.</summary>
    public Mask(int width, int height) : this(width, height, new bool[(long)width * height]) { }

    /// <summary>A mask from a [height, width] array (numpy order), copied.</summary>
    public static Mask FromArray(bool[,] data)
    {
        int h = data.GetLength(0), w = data.GetLength(1);
        var pixels = new bool[w * h];
        Buffer.BlockCopy(data, 0, pixels, 0, pixels.Length);
        return new Mask(w, h, pixels);
    }

    public bool this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
                throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {Width}×{Height} mask");
            return Pixels[y * Width + x];
        }
    }

    /// <summary>Number of set pixels.</summary>
    public int Count => Pixels.AsSpan().Count(true);

    /// <summary>The rectangle [x, x + width) × [y, y + height), which must lie inside the mask.</summary>
    public Mask Crop(int x, int y, int width, int height)
    {
        Image.CheckCrop(x, y, width, height, Width, Height, "mask");
        var m = new bool[width * height];
        for (int r = 0; r < height; r++)
            Pixels.AsSpan((y + r) * Width + x, width).CopyTo(m.AsSpan(r * width, width));
        return new Mask(width, height, m);
    }

    /// <summary>Set where either mask is set (same size).</summary>
    public Mask Or(Mask other)
    {
        CheckSameSize(other);
        var m = new bool[Pixels.Length];
        for (int i = 0; i < m.Length; i++) m[i] = Pixels[i] | other.Pixels[i];
        return new Mask(Width, Height, m);
    }

    /// <summary>Set where both masks are set (same size).</summary>
    public Mask And(Mask other)
    {
        CheckSameSize(other);
        var m = new bool[Pixels.Length];
        for (int i = 0; i < m.Length; i++) m[i] = Pixels[i] & other.Pixels[i];
        return new Mask(Width, Height, m);
    }

    /// <summary>Set where this mask is not.</summary>
    public Mask Not()
    {
        var m = new bool[Pixels.Length];
        for (int i = 0; i < m.Length; i++) m[i] = !Pixels[i];
        return new Mask(Width, Height, m);
    }

    /// <summary>The mask as numbers: <paramref name="set"/> where set, <paramref name="unset"/> elsewhere
    /// (e.g. the 0/1 target a U-Net is trained on).</summary>
    public Image ToImage(float set = 1f, float unset = 0f)
    {
        var p = GC.AllocateUninitializedArray<float>(Pixels.Length);
        for (int i = 0; i < p.Length; i++) p[i] = Pixels[i] ? set : unset;
        return new Image(Width, Height, p);
    }

    public override string ToString() => $"Mask {Width}×{Height}, {Count} set";

    void CheckSameSize(Mask other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Width != Width || other.Height != Height)
            throw new ArgumentException($"masks of different sizes: {Width}×{Height} and {other.Width}×{other.Height}", nameof(other));
    }
}
