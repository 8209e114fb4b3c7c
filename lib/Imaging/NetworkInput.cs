namespace NotebookLib.Imaging;

/// <summary>
/// How a detector image (a 4096 × 2048 UVES extension, say) becomes a CNN's square input in 0..255 —
/// the calibration-frame talk's "methods", compared in notebook 02.
/// </summary>
public enum InputMethod
{
    /// <summary>The whole image area-averaged to side × side (aspect ratio not kept), then its own minimum →
    /// 0 and maximum → 255.</summary>
    Resize,
    /// <summary>The central side × side pixels at the image's own sampling (padded with the median when the
    /// image is smaller), then min → 0, max → 255: full detail, a small part of the detector.</summary>
    CentreCrop,
    /// <summary>The whole image area-averaged to side × side, then one asinh stretch for every frame:
    /// 255 · asinh(x / 100 ADU) / asinh(65535 / 100 ADU). Unlike the per-image min–max it keeps the level
    /// of each frame, so an over- or under-exposed frame does not look like a good one.</summary>
    Stretch,
    /// <summary>The whole image area-averaged to side × side, then its zscale limits (IRAF's display
    /// interval) → 0..255, clipped.</summary>
    ZScale,
    /// <summary>The image block-averaged 4 × 4 (area), its zscale limits → [0, 1] (clipped), then resized to
    /// side × side and min → 0, max → 255. Binning lowers the pixel noise fourfold, so structure a few ADU deep —
    /// a bias's row pattern and column gradient, which tell one CCD's bias from another's — shows instead of
    /// drowning in noise, as on an astronomer's binned display.</summary>
    Binned,
}

public static class NetworkInput
{
    /// <summary>The soft-knee of <see cref="InputMethod.Stretch"/>, in ADU.</summary>
    public const double StretchScaleAdu = 100;
    /// <summary>The top of the 16-bit range <see cref="InputMethod.Stretch"/> maps onto 255.</summary>
    public const double FullScaleAdu = 65535;
    /// <summary>The block size of <see cref="InputMethod.Binned"/>.</summary>
    public const int BinFactor = 4;

    /// <summary>The side × side network input of <paramref name="image"/> by <paramref name="method"/>, pixels in 0..255.</summary>
    public static Image ToNetworkInput(this Image image, InputMethod method, int side = 224)
    {
        if (side <= 0) throw new ArgumentOutOfRangeException(nameof(side), side, "the input side must be positive");
        return method switch
        {
            InputMethod.Resize => MinMax(image.Resize(side, side)),
            InputMethod.CentreCrop => MinMax(CentreCrop(image, side)),
            InputMethod.Stretch => FixedAsinh(image.Resize(side, side)),
            InputMethod.ZScale => Scale255(image.Resize(side, side).ZScale()),
            InputMethod.Binned => MinMax(image.Resize(Math.Max(8, image.Width / BinFactor), Math.Max(8, image.Height / BinFactor)).ZScale().Resize(side, side)),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown input method"),
        };
    }

    static Image CentreCrop(Image image, int side)
    {
        if (image.Width >= side && image.Height >= side)
            return image.Crop((image.Width - side) / 2, (image.Height - side) / 2, side, side);
        var sorted = (float[])image.Pixels.Clone();
        Array.Sort(sorted);
        var fill = sorted[sorted.Length / 2];
        var p = new float[side * side];
        Array.Fill(p, fill);
        int w = Math.Min(side, image.Width), h = Math.Min(side, image.Height);
        int sx = (image.Width - w) / 2, sy = (image.Height - h) / 2, dx = (side - w) / 2, dy = (side - h) / 2;
        for (var y = 0; y < h; y++)
            image.Pixels.AsSpan((sy + y) * image.Width + sx, w).CopyTo(p.AsSpan((dy + y) * side + dx, w));
        return new Image(side, side, p);
    }

    static Image MinMax(Image image)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in image.Pixels) if (float.IsFinite(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        var p = new float[image.Count];
        if (max > min)
            for (var i = 0; i < p.Length; i++) p[i] = float.IsFinite(image.Pixels[i]) ? 255f * (image.Pixels[i] - min) / (max - min) : 0f;
        return new Image(image.Width, image.Height, p);
    }

    static Image FixedAsinh(Image image)
    {
        var norm = Math.Asinh(FullScaleAdu / StretchScaleAdu);
        var p = new float[image.Count];
        for (var i = 0; i < p.Length; i++)
        {
            var v = image.Pixels[i];
            p[i] = float.IsFinite(v) ? (float)(255 * Math.Asinh(Math.Max(v, 0) / StretchScaleAdu) / norm) : 0f;
        }
        return new Image(image.Width, image.Height, p);
    }

    static Image Scale255(Image unit)
    {
        var p = new float[unit.Count];
        for (var i = 0; i < p.Length; i++) p[i] = float.IsFinite(unit.Pixels[i]) ? 255f * Math.Clamp(unit.Pixels[i], 0f, 1f) : 0f;
        return new Image(unit.Width, unit.Height, p);
    }
}
