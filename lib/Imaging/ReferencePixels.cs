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
    /// <summary>Per readout channel, as NISP does: the H2RG is read out in vertical channels (32 of 64 columns
    /// on the 2048² detector), each with its own offset, measured by the mean of all the good reference pixels
    /// in the channel's top and bottom border rows (64 × 8 = 512 on NISP). Averaging hundreds of pixels instead
    /// of the 8 of one column keeps the correction's own noise at read noise / √512 instead of / √8, so it
    /// removes the channel offsets without adding column stripes.</summary>
    Channels,
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
        ReferenceCorrection correction = ReferenceCorrection.ColumnsAndRows) =>
        image.CorrectReferencePixels(border, correction, channels: 32);

    /// <summary>As <see cref="CorrectReferencePixels(Image, int, ReferenceCorrection)"/>, with the number of
    /// readout <paramref name="channels"/> (equal vertical stripes; the last takes the remainder) that
    /// <see cref="ReferenceCorrection.Channels"/> uses.</summary>
    public static Image CorrectReferencePixels(this Image image, int border, ReferenceCorrection correction, int channels)
    {
        CheckBorder(image, border);
        int w = image.Width, h = image.Height;
        var p = (float[])image.Pixels.Clone();
        var m = image.Mask?.Pixels;
        if (correction is ReferenceCorrection.Channels)
        {
            if (channels < 1 || channels > w)
                throw new ArgumentOutOfRangeException(nameof(channels), channels, $"a {w}-pixel-wide image has 1 to {w} readout channels");
            var width = w / channels;
            int ChannelOf(int x) => Math.Min(channels - 1, x / width);
            var sum = new double[channels];
            var n = new int[channels];
            for (int y = 0; y < h; y++)
            {
                if (y >= border && y < h - border) continue;
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    if ((m is not null && m[i]) || !float.IsFinite(p[i])) continue;
                    sum[ChannelOf(x)] += p[i];
                    n[ChannelOf(x)]++;
                }
            }
            var offset = new float[w];
            for (int x = 0; x < w; x++)
            {
                var c = ChannelOf(x);
                if (n[c] == 0) throw new InvalidOperationException($"readout channel {c} has no good reference pixel in the {border}-pixel top and bottom border");
                offset[x] = (float)(sum[c] / n[c]);
            }
            RowParallel.For(h, w, (y0, y1) =>
            {
                for (int y = y0; y < y1; y++)
                    System.Numerics.Tensors.TensorPrimitives.Subtract(p.AsSpan(y * w, w), offset, p.AsSpan(y * w, w));
            });
            return image.WithPixels(p);
        }
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

    /// <summary>The spread (rms about their mean) of the interquartile means of the light-sensitive columns
    /// (the mean of each column's middle half of good pixels): what column stripes and channel offsets leave
    /// in an image (0 for a flat one). The middle half, so that sources along a column (spectra dispersed
    /// along y) do not count as a stripe, and a mean, so that integer ADU do not quantise it as a median would.</summary>
    public static double ColumnStripeRms(this Image image, int border = 4)
    {
        var light = image.ExcludeReferencePixels(border);
        var means = new List<double>(light.Width);
        var column = new List<float>(light.Height);
        for (var x = 0; x < light.Width; x++)
        {
            column.Clear();
            for (var y = 0; y < light.Height; y++)
                if (light.IsGood(y * light.Width + x)) column.Add(light.Pixels[y * light.Width + x]);
            if (column.Count == 0) continue;
            column.Sort();
            int lo = column.Count / 4, hi = Math.Max(lo + 1, column.Count - column.Count / 4);
            double sum = 0;
            for (var k = lo; k < hi; k++) sum += column[k];
            means.Add(sum / (hi - lo));
        }
        if (means.Count == 0) return double.NaN;
        var m = means.Average();
        return Math.Sqrt(means.Average(v => (v - m) * (v - m)));
    }

    internal static void CheckBorder(Image image, int border) => CheckBorder(image.Width, image.Height, border);

    static void CheckBorder(int width, int height, int border)
    {
        if (border <= 0 || 2 * border >= width || 2 * border >= height)
            throw new ArgumentOutOfRangeException(nameof(border),
                $"a reference border of {border} pixels does not fit a {width}×{height} image (needs 0 < 2·border < width and height)");
    }
}
