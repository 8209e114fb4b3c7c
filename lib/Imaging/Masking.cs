namespace NotebookLib.Imaging;

/// <summary>Bad-pixel masking: data-quality flags, bad-pixel maps, non-finite values, the reference
/// border. Each step returns an image whose mask is the union of the old mask and the new bad pixels.</summary>
public static class Masking
{
    /// <summary>Masks the pixels whose data-quality value has any of the bits of <paramref name="flags"/>
    /// set (all bits by default: any non-zero DQ value is bad).</summary>
    public static Image MaskDataQuality(this Image image, ReadOnlySpan<int> dq, int flags = ~0)
    {
        CheckSize(image, dq.Length, "data-quality array");
        var mask = CopyMask(image);
        for (int i = 0; i < dq.Length; i++)
            if ((dq[i] & flags) != 0) mask[i] = true;
        return image.WithMask(new Mask(image.Width, image.Height, mask));
    }

    /// <summary>The same, for a DQ extension read as an image (FITS readers give float32 by default).</summary>
    public static Image MaskDataQuality(this Image image, Image dq, int flags = ~0)
    {
        ArgumentNullException.ThrowIfNull(dq);
        CheckSize(image, dq.Width, dq.Height, "data-quality image");
        var mask = CopyMask(image);
        var q = dq.Pixels;
        for (int i = 0; i < q.Length; i++)
        {
            float v = q[i];
            if (!float.IsFinite(v) || v != MathF.Round(v))
                throw new ArgumentException($"data-quality value {v} at pixel ({i % image.Width}, {i / image.Width}) is not an integer bit field", nameof(dq));
            if (((long)v & flags) != 0) mask[i] = true;
        }
        return image.WithMask(new Mask(image.Width, image.Height, mask));
    }

    /// <summary>Masks the pixels that are set in a bad-pixel map of the same size.</summary>
    public static Image MaskBadPixels(this Image image, Mask badPixels)
    {
        ArgumentNullException.ThrowIfNull(badPixels);
        CheckSize(image, badPixels.Width, badPixels.Height, "bad-pixel map");
        var mask = CopyMask(image);
        var bad = badPixels.Pixels;
        for (int i = 0; i < bad.Length; i++)
            if (bad[i]) mask[i] = true;
        return image.WithMask(new Mask(image.Width, image.Height, mask));
    }

    /// <summary>Masks NaN and infinite pixels (FITS BLANK values come out as NaN).</summary>
    public static Image MaskNonFinite(this Image image)
    {
        var mask = CopyMask(image);
        var p = image.Pixels;
        for (int i = 0; i < p.Length; i++)
            if (!float.IsFinite(p[i])) mask[i] = true;
        return image.WithMask(new Mask(image.Width, image.Height, mask));
    }

    /// <summary>Masks a border of <paramref name="border"/> pixels on every side: NISP's reference
    /// pixels (4 on each side of a 2048×2048 detector) see no light.</summary>
    public static Image MaskReferencePixels(this Image image, int border = 4)
    {
        ReferencePixels.CheckBorder(image, border);
        var mask = CopyMask(image);
        int w = image.Width, h = image.Height;
        for (int y = 0; y < h; y++)
        {
            var row = mask.AsSpan(y * w, w);
            if (y < border || y >= h - border) row.Fill(true);
            else
            {
                row[..border].Fill(true);
                row[(w - border)..].Fill(true);
            }
        }
        return image.WithMask(new Mask(image.Width, image.Height, mask));
    }

    /// <summary>Replaces masked (and non-finite) pixels by <paramref name="value"/>, e.g. before the
    /// pixels go into a network; the mask is kept.</summary>
    public static Image FillMasked(this Image image, float value = 0f)
    {
        var p = (float[])image.Pixels.Clone();
        var m = image.Mask?.Pixels;
        for (int i = 0; i < p.Length; i++)
            if ((m is not null && m[i]) || !float.IsFinite(p[i])) p[i] = value;
        return image.WithPixels(p);
    }

    static bool[] CopyMask(Image image) => image.Mask is null ? new bool[image.Count] : (bool[])image.Mask.Pixels.Clone();

    static void CheckSize(Image image, int width, int height, string what)
    {
        if (width != image.Width || height != image.Height)
            throw new ArgumentException($"the {what} is {width}×{height} but the image is {image.Width}×{image.Height}");
    }

    static void CheckSize(Image image, int length, string what)
    {
        if (length != image.Count)
            throw new ArgumentException($"the {what} holds {length} values but the {image.Width}×{image.Height} image has {image.Count} pixels");
    }
}
