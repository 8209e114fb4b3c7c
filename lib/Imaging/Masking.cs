namespace NotebookLib.Imaging;

/// <summary>Bad-pixel masking: data-quality flags, bad-pixel maps, non-finite values, the reference
/// border. Each step returns a frame whose mask is the union of the old mask and the new bad pixels.</summary>
public static class Masking
{
    /// <summary>Masks the pixels whose data-quality value has any of the bits of <paramref name="flags"/>
    /// set (all bits by default: any non-zero DQ value is bad).</summary>
    public static Frame MaskDataQuality(this Frame frame, ReadOnlySpan<int> dq, int flags = ~0)
    {
        CheckSize(frame, dq.Length, "data-quality array");
        var mask = CopyMask(frame);
        for (int i = 0; i < dq.Length; i++)
            if ((dq[i] & flags) != 0) mask[i] = true;
        return frame.WithMask(mask);
    }

    /// <summary>The same, for a DQ array read as floating point (FITS readers give float32 by default).</summary>
    public static Frame MaskDataQuality(this Frame frame, ReadOnlySpan<float> dq, int flags = ~0)
    {
        CheckSize(frame, dq.Length, "data-quality array");
        var mask = CopyMask(frame);
        for (int i = 0; i < dq.Length; i++)
        {
            float v = dq[i];
            if (!float.IsFinite(v) || v != MathF.Round(v))
                throw new ArgumentException($"data-quality value {v} at pixel ({i % frame.Width}, {i / frame.Width}) is not an integer bit field", nameof(dq));
            if (((long)v & flags) != 0) mask[i] = true;
        }
        return frame.WithMask(mask);
    }

    /// <summary>Masks the pixels that are true in a bad-pixel map of the same size.</summary>
    public static Frame MaskBadPixels(this Frame frame, ReadOnlySpan<bool> badPixels)
    {
        CheckSize(frame, badPixels.Length, "bad-pixel map");
        var mask = CopyMask(frame);
        for (int i = 0; i < badPixels.Length; i++)
            if (badPixels[i]) mask[i] = true;
        return frame.WithMask(mask);
    }

    /// <summary>Masks NaN and infinite pixels (FITS BLANK values come out as NaN).</summary>
    public static Frame MaskNonFinite(this Frame frame)
    {
        var mask = CopyMask(frame);
        var p = frame.Pixels;
        for (int i = 0; i < p.Length; i++)
            if (!float.IsFinite(p[i])) mask[i] = true;
        return frame.WithMask(mask);
    }

    /// <summary>Masks a border of <paramref name="border"/> pixels on every side: NISP's reference
    /// pixels (4 on each side of a 2048×2048 detector) see no light.</summary>
    public static Frame MaskReferencePixels(this Frame frame, int border = 4)
    {
        ReferencePixels.CheckBorder(frame, border);
        var mask = CopyMask(frame);
        int w = frame.Width, h = frame.Height;
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
        return frame.WithMask(mask);
    }

    /// <summary>Replaces masked (and non-finite) pixels by <paramref name="value"/>, e.g. before the
    /// pixels go into a network; the mask is kept.</summary>
    public static Frame FillMasked(this Frame frame, float value = 0f)
    {
        var p = (float[])frame.Pixels.Clone();
        var m = frame.Mask;
        for (int i = 0; i < p.Length; i++)
            if ((m is not null && m[i]) || !float.IsFinite(p[i])) p[i] = value;
        return frame.WithPixels(p);
    }

    static bool[] CopyMask(Frame frame) => frame.Mask is null ? new bool[frame.Count] : (bool[])frame.Mask.Clone();

    static void CheckSize(Frame frame, int length, string what)
    {
        if (length != frame.Count)
            throw new ArgumentException($"the {what} holds {length} values but the {frame.Width}×{frame.Height} frame has {frame.Count} pixels");
    }
}
