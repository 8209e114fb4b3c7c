using NotebookLib.Imaging;

namespace NotebookLib.Plotting;

/// <summary>How pixel values map to brightness (astropy.visualization's names and defaults).</summary>
public enum Stretch
{
    /// <summary>Linear between the limits (data minimum and maximum unless given).</summary>
    Linear,
    /// <summary>log(a·x + 1) / log(a + 1), a = 1000 (astropy LogStretch).</summary>
    Log,
    /// <summary>asinh(x / a) / asinh(1 / a), a = 0.1 (astropy AsinhStretch): linear near 0, logarithmic above.</summary>
    Asinh,
    /// <summary>Linear between IRAF zscale limits (astropy ZScaleInterval): faint structure over the sky.</summary>
    ZScale,
}

/// <summary>The pieces of a display stretch: limits of the data, then a curve on [0, 1]. Kept small and
/// internal: the formulas are NotebookLib.Imaging.Stretches', the public home of stretches on images.</summary>
internal static class DisplayStretch
{

    /// <summary>Minimum and maximum of the finite values; (NaN, NaN) when there are none.</summary>
    public static (double Min, double Max) MinMax(ReadOnlySpan<float> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return min > max ? (double.NaN, double.NaN) : (min, max);
    }

    /// <summary>The stretch curve at x in [0, 1].</summary>
    public static double Apply(Stretch stretch, double x) => stretch switch
    {
        Stretch.Log => Stretches.Log(x),
        Stretch.Asinh => Stretches.Asinh(x),
        _ => x,
    };

    /// <summary>IRAF's zscale limits (NotebookLib.Imaging.ZScaleInterval, as astropy computes them);
    /// (NaN, NaN) when no value is finite, so that an empty image still draws in the NaN colour.</summary>
    public static (double Min, double Max) ZScale(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
            if (float.IsFinite(v)) return new ZScaleInterval().GetLimits(values);
        return (double.NaN, double.NaN);
    }
}
