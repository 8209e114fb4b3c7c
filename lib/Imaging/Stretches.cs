namespace NotebookLib.Imaging;

/// <summary>Display stretches. <see cref="Log10"/> is the plain logarithm of the pixels; the others map
/// onto [0, 1] as astropy.visualization's LogStretch, AsinhStretch and ZScaleInterval do.</summary>
public static class Stretches
{
    /// <summary>log10 of each pixel; pixels ≤ 0 become NaN and are masked (numpy gives NaN / −inf there).</summary>
    public static Frame Log10(this Frame frame)
    {
        var p = GC.AllocateUninitializedArray<float>(frame.Count);
        var m = frame.Mask is null ? new bool[frame.Count] : (bool[])frame.Mask.Clone();
        bool any = frame.Mask is not null;
        var src = frame.Pixels;
        for (int i = 0; i < p.Length; i++)
        {
            float v = src[i];
            if (v > 0) p[i] = MathF.Log10(v);
            else { p[i] = float.NaN; m[i] = true; any = true; }
        }
        return new Frame(frame.Width, frame.Height, p, any ? m : null);
    }

    /// <summary>astropy's LogStretch: log(a·x + 1) / log(a + 1), for pixels already in [0, 1].</summary>
    public static Frame LogStretch(this Frame frame, double a = 1000)
    {
        if (!(a > 0)) throw new ArgumentOutOfRangeException(nameof(a), $"LogStretch needs a > 0, not {a}");
        double norm = Math.Log(a + 1);
        return Map(frame, v => (float)(Math.Log(a * v + 1) / norm));
    }

    /// <summary>astropy's AsinhStretch: asinh(x / a) / asinh(1 / a), for pixels already in [0, 1].</summary>
    public static Frame AsinhStretch(this Frame frame, double a = 0.1)
    {
        if (!(a > 0) || a > 1) throw new ArgumentOutOfRangeException(nameof(a), $"AsinhStretch needs 0 < a ≤ 1, not {a}");
        double norm = Math.Asinh(1 / a);
        return Map(frame, v => (float)(Math.Asinh(v / a) / norm));
    }

    /// <summary>Maps the zscale limits of the frame onto [0, 1], clipping outside.</summary>
    public static Frame ZScale(this Frame frame, ZScaleInterval? interval = null)
    {
        var (min, max) = (interval ?? new ZScaleInterval()).GetLimits(frame);
        if (min == max) return frame.WithPixels(new float[frame.Count]);
        return frame.Normalize((float)min, (float)max);
    }

    static Frame Map(Frame frame, Func<double, float> f)
    {
        var p = GC.AllocateUninitializedArray<float>(frame.Count);
        var src = frame.Pixels;
        RowParallel.For(frame.Height, frame.Width * 8L, (y0, y1) =>
        {
            for (int i = y0 * frame.Width, end = y1 * frame.Width; i < end; i++) p[i] = f(src[i]);
        });
        return frame.WithPixels(p);
    }
}
