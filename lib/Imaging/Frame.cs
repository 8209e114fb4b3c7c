namespace NotebookLib.Imaging;

/// <summary>
/// One detector image: row-major float32 pixels (pixel (x, y) at <c>y * Width + x</c>, as numpy's
/// <c>data[y, x]</c> of an astropy HDU) and an optional mask of bad pixels (true = bad).
/// The processing steps are extension methods that return a new frame and never change this one,
/// so a notebook can keep every intermediate step for display.
/// </summary>
public sealed class Frame
{
    public int Width { get; }
    public int Height { get; }
    /// <summary>Row-major pixels; treat as read-only (the steps never write into their input).</summary>
    public float[] Pixels { get; }
    /// <summary>Bad-pixel mask (true = bad), same layout as <see cref="Pixels"/>, or null when every pixel is good.</summary>
    public bool[]? Mask { get; }

    public Frame(int width, int height, float[] pixels, bool[]? mask = null)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"a frame needs a positive width and height, not {width}×{height}");
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"pixels hold {pixels.Length} values but a {width}×{height} frame needs {(long)width * height}", nameof(pixels));
        if (mask is not null && mask.Length != pixels.Length)
            throw new ArgumentException($"the mask holds {mask.Length} values but the {width}×{height} frame has {pixels.Length} pixels", nameof(mask));
        Width = width;
        Height = height;
        Pixels = pixels;
        Mask = mask;
    }

    /// <summary>A frame from a [height, width] array (the numpy/astropy <c>data[y, x]</c> order).</summary>
    public static Frame FromArray(float[,] data, bool[,]? mask = null)
    {
        int h = data.GetLength(0), w = data.GetLength(1);
        var pixels = new float[w * h];
        Buffer.BlockCopy(data, 0, pixels, 0, pixels.Length * sizeof(float));
        bool[]? m = null;
        if (mask is not null)
        {
            if (mask.GetLength(0) != h || mask.GetLength(1) != w)
                throw new ArgumentException($"the mask is [{mask.GetLength(0)}, {mask.GetLength(1)}] but the data are [{h}, {w}]", nameof(mask));
            m = new bool[w * h];
            Buffer.BlockCopy(mask, 0, m, 0, m.Length);
        }
        return new Frame(w, h, pixels, m);
    }

    /// <summary>A frame of one constant value.</summary>
    public static Frame Filled(int width, int height, float value)
    {
        var p = new float[(long)width * height];
        Array.Fill(p, value);
        return new Frame(width, height, p);
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
        return Mask is not null && Mask[y * Width + x];
    }

    /// <summary>True where a pixel can be used: not masked and finite.</summary>
    public bool IsGood(int index) => (Mask is null || !Mask[index]) && float.IsFinite(Pixels[index]);

    /// <summary>Number of masked pixels.</summary>
    public int MaskedCount => Mask is null ? 0 : Mask.AsSpan().Count(true);

    public ReadOnlySpan<float> Row(int y)
    {
        if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y), $"row {y} is outside 0..{Height - 1}");
        return Pixels.AsSpan(y * Width, Width);
    }

    /// <summary>The same mask with new pixels (same size).</summary>
    public Frame WithPixels(float[] pixels) => new(Width, Height, pixels, Mask);

    /// <summary>The same pixels with another mask (null: no mask).</summary>
    public Frame WithMask(bool[]? mask) => new(Width, Height, Pixels, mask);

    /// <summary>A [height, width] copy, as numpy would index it.</summary>
    public float[,] ToArray()
    {
        var a = new float[Height, Width];
        Buffer.BlockCopy(Pixels, 0, a, 0, Pixels.Length * sizeof(float));
        return a;
    }

    /// <summary>The rectangle [x, x + width) × [y, y + height), which must lie inside the frame
    /// (<c>Cutout</c> pads instead).</summary>
    public Frame Crop(int x, int y, int width, int height)
    {
        if (width <= 0 || height <= 0 || x < 0 || y < 0 || x + width > Width || y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x),
                $"crop [{x}, {x + width}) × [{y}, {y + height}) does not lie inside the {Width}×{Height} frame");
        var p = GC.AllocateUninitializedArray<float>(width * height);
        var m = Mask is null ? null : new bool[width * height];
        for (int r = 0; r < height; r++)
        {
            Pixels.AsSpan((y + r) * Width + x, width).CopyTo(p.AsSpan(r * width, width));
            Mask?.AsSpan((y + r) * Width + x, width).CopyTo(m.AsSpan(r * width, width));
        }
        return new Frame(width, height, p, m);
    }

    public override string ToString() =>
        $"Frame {Width}×{Height}" + (Mask is null ? "" : $", {MaskedCount} masked");

    void CheckInside(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {Width}×{Height} frame");
    }
}
