namespace NotebookLib.Imaging;

/// <summary>What tiling does with the part of an image that does not fill a whole patch.</summary>
public enum EdgePolicy
{
    /// <summary>Only whole patches: the last width % size columns and height % size rows are left out.</summary>
    Drop,
    /// <summary>The edge patches are completed with a pad value (and count those pixels as masked).</summary>
    Pad,
}

/// <summary>
/// Where a patch came from. <see cref="Image"/> is the index of the tiled image it was cut from (0 when one
/// image was tiled); <see cref="Column"/> and <see cref="Row"/> are its place in that image's patch grid
/// (grid indices, not pixels); <see cref="X"/> and <see cref="Y"/> are the pixel coordinates, in that image,
/// of its top-left corner (x = column of pixels, y = row of pixels, the tiling's border included).
/// </summary>
public readonly record struct PatchPosition(int Index, int Image, int Column, int Row, int X, int Y);

/// <summary>
/// Equal square patches of one or more images of one size as one contiguous float32 block of shape
/// [Count, Size, Size] (what a tensor is made from): image after image, each in row-major grid order,
/// with each patch's <see cref="PatchPosition"/>, so that per-patch results (labels, scores, masks) can
/// be put back on the full image. Made by <see cref="Tiling.Tile(Image, int, EdgePolicy, float, int)"/>.
/// </summary>
public sealed class Patches
{
    internal Patches(float[] data, int size, int columns, int rows, int imageCount, int imageWidth, int imageHeight,
                     int border, EdgePolicy edge, float padValue, float[]? maskedFraction)
    {
        Data = data; Size = size; Columns = columns; Rows = rows; ImageCount = imageCount;
        ImageWidth = imageWidth; ImageHeight = imageHeight; Border = border; Edge = edge; PadValue = padValue;
        MaskedFraction = maskedFraction;
    }

    /// <summary>Pixels, [Count, Size, Size] row-major.</summary>
    public float[] Data { get; }
    public int Size { get; }
    /// <summary>Patches per grid row and grid rows, in each image.</summary>
    public int Columns { get; }
    public int Rows { get; }
    /// <summary>Number of images tiled (each gives Columns × Rows patches).</summary>
    public int ImageCount { get; }
    public int PerImage => Columns * Rows;
    public int Count => PerImage * ImageCount;
    /// <summary>Size of each tiled image.</summary>
    public int ImageWidth { get; }
    public int ImageHeight { get; }
    /// <summary>Pixels left out on every side of each image before tiling (e.g. a reference border).</summary>
    public int Border { get; }
    public EdgePolicy Edge { get; }
    public float PadValue { get; }
    /// <summary>Per patch, the fraction of its pixels that were masked in the image or padded;
    /// null when no image had a mask and nothing was padded.</summary>
    public float[]? MaskedFraction { get; }

    /// <summary>The tensor shape [Count, Size, Size].</summary>
    public int[] Shape => [Count, Size, Size];

    public PatchPosition Position(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"patch {index} is outside 0..{Count - 1}");
        int image = index / PerImage, k = index % PerImage;
        int row = k / Columns, col = k % Columns;
        return new PatchPosition(index, image, col, row, Border + col * Size, Border + row * Size);
    }

    public IEnumerable<PatchPosition> Positions => Enumerable.Range(0, Count).Select(Position);

    /// <summary>The pixels of patch <paramref name="index"/>, Size × Size row-major.</summary>
    public Span<float> Patch(int index)
    {
        Position(index);
        return Data.AsSpan(index * Size * Size, Size * Size);
    }

    /// <summary>Patch <paramref name="index"/> as an image of its own (a copy).</summary>
    public Image Image(int index) => new(Size, Size, Patch(index).ToArray());

    /// <summary>The patches at <paramref name="indices"/> as images (copies), e.g. for a gallery.</summary>
    public IReadOnlyList<Image> Images(IEnumerable<int> indices) => indices.Select(Image).ToList();

    /// <summary>Fraction of each patch's Size × Size pixels that are set in its image's mask (one mask per
    /// tiled image, of the image's size), e.g. how much of a patch the persistence truth covers.</summary>
    public double[] Coverage(IReadOnlyList<Mask> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.Count != ImageCount || masks.Any(m => m is null || m.Width != ImageWidth || m.Height != ImageHeight))
            throw new ArgumentException($"need one {ImageWidth}×{ImageHeight} mask per tiled image ({ImageCount}), got {masks.Count}", nameof(masks));
        var fraction = new double[Count];
        Parallel.For(0, Count, i =>
        {
            var pos = Position(i);
            var m = masks[pos.Image].Pixels;
            var (w, h) = Extent(pos);
            var n = 0;
            for (var r = 0; r < h; r++) n += m.AsSpan((pos.Y + r) * ImageWidth + pos.X, w).Count(true);
            fraction[i] = n / (double)(Size * Size);
        });
        return fraction;
    }

    /// <summary>1 for the patches of which more than <paramref name="fraction"/> is set in their image's
    /// mask (see <see cref="Coverage"/>), else 0: labels from a truth mask.</summary>
    public int[] Labels(IReadOnlyList<Mask> masks, double fraction = 0) =>
        Array.ConvertAll(Coverage(masks), c => c > fraction ? 1 : 0);

    /// <summary>Per-patch values of image <paramref name="image"/> laid out on its patch grid: [Rows, Columns].</summary>
    public T[,] ToGrid<T>(ReadOnlySpan<T> perPatch, int image = 0)
    {
        CheckPerPatch(perPatch.Length, "values");
        CheckImage(image);
        var g = new T[Rows, Columns];
        var first = image * PerImage;
        for (int k = 0; k < PerImage; k++) g[k / Columns, k % Columns] = perPatch[first + k];
        return g;
    }

    /// <summary>A full-image map of image <paramref name="image"/> (ImageWidth × ImageHeight, row-major) where
    /// every pixel of a patch holds that patch's value (a cluster label, an anomaly score); pixels outside
    /// every patch (the border, the dropped edge) hold <paramref name="outside"/>.</summary>
    public T[] ToImageMap<T>(ReadOnlySpan<T> perPatch, T outside, int image = 0)
    {
        CheckPerPatch(perPatch.Length, "values");
        CheckImage(image);
        var map = new T[ImageWidth * ImageHeight];
        if (Edge == EdgePolicy.Drop || Border > 0) Array.Fill(map, outside);
        for (int i = image * PerImage, end = i + PerImage; i < end; i++)
        {
            var pos = Position(i);
            var (w, h) = Extent(pos);
            for (int r = 0; r < h; r++) map.AsSpan((pos.Y + r) * ImageWidth + pos.X, w).Fill(perPatch[i]);
        }
        return map;
    }

    /// <summary>Reassembles per-pixel patch results ([Count, Size, Size]: reconstructions, saliency, masks)
    /// into the full image <paramref name="image"/>; padding is cut off, and the border and the dropped
    /// edge hold <paramref name="outside"/>.</summary>
    public Image ToImage(ReadOnlySpan<float> patchPixels, float outside = float.NaN, int image = 0)
    {
        CheckPatchPixels(patchPixels.Length, "patch pixels");
        CheckImage(image);
        var p = new float[ImageWidth * ImageHeight];
        if (Edge == EdgePolicy.Drop || Border > 0) Array.Fill(p, outside);
        for (int i = image * PerImage, end = i + PerImage; i < end; i++)
        {
            var pos = Position(i);
            var (w, h) = Extent(pos);
            for (int r = 0; r < h; r++)
                patchPixels.Slice(i * Size * Size + r * Size, w).CopyTo(p.AsSpan((pos.Y + r) * ImageWidth + pos.X, w));
        }
        return new Image(ImageWidth, ImageHeight, p);
    }

    /// <summary>The same for boolean per-pixel patch masks (e.g. a U-Net's thresholded output); pixels
    /// outside every patch are not set.</summary>
    public Mask ToMask(ReadOnlySpan<bool> patchMasks, int image = 0)
    {
        CheckPatchPixels(patchMasks.Length, "patch masks");
        CheckImage(image);
        var m = new bool[ImageWidth * ImageHeight];
        for (int i = image * PerImage, end = i + PerImage; i < end; i++)
        {
            var pos = Position(i);
            var (w, h) = Extent(pos);
            for (int r = 0; r < h; r++)
                patchMasks.Slice(i * Size * Size + r * Size, w).CopyTo(m.AsSpan((pos.Y + r) * ImageWidth + pos.X, w));
        }
        return new Mask(ImageWidth, ImageHeight, m);
    }

    public override string ToString() =>
        $"Patches [{Count}, {Size}, {Size}] ({Columns}×{Rows} grid of " +
        (ImageCount == 1 ? "a" : $"each of {ImageCount}") + $" {ImageWidth}×{ImageHeight} image{(ImageCount == 1 ? "" : "s")}" +
        (Border > 0 ? $" inside a {Border}-px border" : "") + $", edge {Edge})";

    /// <summary>How much of a patch lies on its image's tiled region (less than Size at a padded edge).</summary>
    (int Width, int Height) Extent(PatchPosition pos) =>
        (Math.Min(Size, ImageWidth - Border - pos.X), Math.Min(Size, ImageHeight - Border - pos.Y));

    void CheckPerPatch(int length, string what)
    {
        if (length != Count)
            throw new ArgumentException($"{length} per-patch {what} given but there are {Count} patches ({Columns}×{Rows} of {ImageCount} image(s))");
    }

    void CheckPatchPixels(int length, string what)
    {
        if (length != Data.Length)
            throw new ArgumentException($"{what} hold {length} values but these patches are [{Count}, {Size}, {Size}] = {Data.Length}");
    }

    void CheckImage(int image)
    {
        if ((uint)image >= (uint)ImageCount)
            throw new ArgumentOutOfRangeException(nameof(image), $"image {image} is outside 0..{ImageCount - 1}");
    }
}
