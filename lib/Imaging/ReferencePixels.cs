namespace NotebookLib.Imaging;

/// <summary>Which offsets the reference pixels correct.</summary>
public enum ReferenceCorrection
{
    /// <summary>Per column, the mean of the top and bottom reference rows.</summary>
    Columns,
    /// <summary>Per row, the mean of the left and right reference columns.</summary>
    Rows,
    /// <summary>Columns first, then rows (the residual row offsets after the column correction).</summary>
    ColumnsAndRows,
}

/// <summary>NISP-style reference pixels: a border (4 pixels wide on the H2RG detectors) that is not
/// sensitive to light and tracks the electronic offsets of its rows and columns.</summary>
public static class ReferencePixels
{
    /// <summary>The image without its reference border (2048×2048 → 2040×2040 for NISP).</summary>
    public static Image ExcludeReferencePixels(this Image image, int border = 4)
    {
        CheckBorder(image, border);
        return image.Crop(border, border, image.Width - 2 * border, image.Height - 2 * border);
    }

    /// <summary>The mask without the reference border, as <see cref="ExcludeReferencePixels(Image, int)"/>
    /// crops its image (e.g. a truth mask of the full detector against masks of the light-sensitive pixels).</summary>
    public static Mask ExcludeReferencePixels(this Mask mask, int border = 4)
    {
        ArgumentNullException.ThrowIfNull(mask);
        CheckBorder(mask.Width, mask.Height, border);
        return mask.Crop(border, border, mask.Width - 2 * border, mask.Height - 2 * border);
    }

    /// <summary>Subtracts the row and/or column offsets measured on the reference border (means of the
    /// good reference pixels of each column / row). The border stays in the image; exclude it afterwards.</summary>
    public static Image CorrectReferencePixels(this Image image, int border = 4,
        ReferenceCorrection correction = ReferenceCorrection.ColumnsAndRows)
    {
        CheckBorder(image, border);
        int w = image.Width, h = image.Height;
        var p = (float[])image.Pixels.Clone();
        var m = image.Mask?.Pixels;
        if (correction is ReferenceCorrection.Columns or ReferenceCorrection.ColumnsAndRows)
        {
            var sum = new double[w];
            var n = new int[w];
            for (int y = 0; y < h; y++)
            {
                if (y >= border && y < h - border) continue;
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    if ((m is not null && m[i]) || !float.IsFinite(p[i])) continue;
                    sum[x] += p[i];
                    n[x]++;
                }
            }
            var offset = new float[w];
            for (int x = 0; x < w; x++)
            {
                if (n[x] == 0) throw new InvalidOperationException($"column {x} has no good reference pixel in the {border}-pixel top and bottom border");
                offset[x] = (float)(sum[x] / n[x]);
            }
            RowParallel.For(h, w, (y0, y1) =>
            {
                for (int y = y0; y < y1; y++)
                    System.Numerics.Tensors.TensorPrimitives.Subtract(p.AsSpan(y * w, w), offset, p.AsSpan(y * w, w));
            });
        }
        if (correction is ReferenceCorrection.Rows or ReferenceCorrection.ColumnsAndRows)
        {
            RowParallel.For(h, w, (y0, y1) =>
            {
                for (int y = y0; y < y1; y++)
                {
                    double sum = 0;
                    int n = 0;
                    for (int k = 0; k < 2 * border; k++)
                    {
                        int x = k < border ? k : w - 2 * border + k;
                        int i = y * w + x;
                        if ((m is not null && m[i]) || !float.IsFinite(p[i])) continue;
                        sum += p[i];
                        n++;
                    }
                    if (n == 0) throw new InvalidOperationException($"row {y} has no good reference pixel in the {border}-pixel left and right border");
                    System.Numerics.Tensors.TensorPrimitives.Subtract(p.AsSpan(y * w, w), (float)(sum / n), p.AsSpan(y * w, w));
                }
            });
        }
        return image.WithPixels(p);
    }

    internal static void CheckBorder(Image image, int border) => CheckBorder(image.Width, image.Height, border);

    static void CheckBorder(int width, int height, int border)
    {
        if (border <= 0 || 2 * border >= width || 2 * border >= height)
            throw new ArgumentOutOfRangeException(nameof(border),
                $"a reference border of {border} pixels does not fit a {width}×{height} image (needs 0 < 2·border < width and height)");
    }
}
