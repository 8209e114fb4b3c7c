namespace NotebookLib.Imaging;

/// <summary>Cutting an image into equal square patches (talk 001 uses 136, 68, 51 and 34 pixels),
/// and into horizontal channels.</summary>
public static class Tiling
{
    /// <summary>Tiles the image into <paramref name="size"/>×<paramref name="size"/> patches in row-major
    /// grid order, starting at pixel (<paramref name="border"/>, <paramref name="border"/>) and leaving
    /// <paramref name="border"/> pixels out on every side (a detector's reference pixels). With
    /// <see cref="EdgePolicy.Drop"/> the partial edge is left out; with <see cref="EdgePolicy.Pad"/> it is
    /// completed with <paramref name="padValue"/>.</summary>
    public static Patches Tile(this Image image, int size, EdgePolicy edge = EdgePolicy.Drop, float padValue = 0f, int border = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Tile([image], size, edge, padValue, border);
    }

    /// <summary>Tiles every image (all of one size) as <see cref="Tile(Image, int, EdgePolicy, float, int)"/>
    /// does, into one set of patches: image after image, <see cref="PatchPosition.Image"/> saying which.</summary>
    public static Patches Tile(this IReadOnlyList<Image> images, int size, EdgePolicy edge = EdgePolicy.Drop, float padValue = 0f, int border = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("no images to tile", nameof(images));
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"patch size must be positive, not {size}");
        int fw = images[0].Width, fh = images[0].Height;
        for (var k = 1; k < images.Count; k++)
            if (images[k].Width != fw || images[k].Height != fh)
                throw new ArgumentException($"images to tile together must have one size: image 0 is {fw}×{fh}, image {k} is {images[k].Width}×{images[k].Height}", nameof(images));
        if (border < 0 || 2 * border >= Math.Min(fw, fh))
            throw new ArgumentOutOfRangeException(nameof(border), $"a border of {border} pixels does not fit a {fw}×{fh} image");
        int w = fw - 2 * border, h = fh - 2 * border;
        int cols = edge == EdgePolicy.Drop ? w / size : (w + size - 1) / size;
        int rows = edge == EdgePolicy.Drop ? h / size : (h + size - 1) / size;
        if (cols == 0 || rows == 0)
            throw new ArgumentException($"a {fw}×{fh} image{(border > 0 ? $" inside a {border}-px border" : "")} holds no whole {size}×{size} patch (use EdgePolicy.Pad or a smaller size)");
        int ss = size * size, perImage = cols * rows;
        var data = GC.AllocateUninitializedArray<float>(checked(images.Count * perImage * ss));
        int origin = border * fw + border;
        for (var k = 0; k < images.Count; k++)
            PatchCopy.Copy(images[k].Pixels, origin, fw, w, h, data, (long)k * perImage * ss, size, cols, rows, padValue);
        float[]? masked = null;
        bool padded = edge == EdgePolicy.Pad && (w % size != 0 || h % size != 0);
        if (padded || images.Any(i => i.Mask is not null))
        {
            masked = new float[images.Count * perImage];
            for (var k = 0; k < images.Count; k++)
            {
                var m = images[k].Mask?.Pixels;
                for (int gr = 0; gr < rows; gr++)
                    for (int gc = 0; gc < cols; gc++)
                    {
                        int x0 = gc * size, y0 = gr * size;
                        int xw = Math.Min(size, w - x0), yh = Math.Min(size, h - y0);
                        int bad = ss - xw * yh;
                        if (m is not null)
                            for (int py = 0; py < yh; py++) bad += m.AsSpan(origin + (y0 + py) * fw + x0, xw).Count(true);
                        masked[k * perImage + gr * cols + gc] = (float)bad / ss;
                    }
            }
        }
        return new Patches(data, size, cols, rows, images.Count, fw, fh, border, edge, padValue, masked);
    }

    /// <summary>Splits the image into <paramref name="count"/> horizontal bands of whole rows, top to
    /// bottom (talk 001 analyses 10 channels separately). When the height does not divide, the first
    /// height % count channels get one row more.</summary>
    public static IReadOnlyList<Channel> SplitChannels(this Image image, int count)
    {
        if (count <= 0 || count > image.Height)
            throw new ArgumentOutOfRangeException(nameof(count), $"cannot split an image of {image.Height} rows into {count} channels");
        var list = new List<Channel>(count);
        int y = 0;
        for (int c = 0; c < count; c++)
        {
            int rows = image.Height / count + (c < image.Height % count ? 1 : 0);
            list.Add(new Channel(c, y, image.Crop(0, y, image.Width, rows)));
            y += rows;
        }
        return list;
    }
}

/// <summary>One horizontal channel of an image: its index, its first row in the image, and its pixels.</summary>
public sealed record Channel(int Index, int Y, Image Image)
{
    public int Height => Image.Height;
}
