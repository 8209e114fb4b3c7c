namespace NotebookLib.Models.Search;

/// <summary>Chooses parameter values for a trial, knowing the trials finished so far.</summary>
public interface ISampler
{
    /// <summary>The internal number (value, or categorical index) for parameter <paramref name="name"/> of <paramref name="trial"/>.</summary>
    double Sample(Study study, Trial trial, string name, Distribution distribution);
}

/// <summary>
/// A numeric distribution as samplers see it: a continuous interval (log of the value for log
/// scales; ints and grids widened by half a step on each side) and the way back onto the grid.
/// </summary>
internal readonly record struct NumericSpace(double Low, double High, bool Log, double Step, double Origin, double Max)
{
    public static NumericSpace Of(Distribution d) => d switch
    {
        FloatDistribution { Step: { } s } f => new(f.Low - s / 2, f.High + s / 2, false, s, f.Low, f.High),
        FloatDistribution f => f.Log ? new(Math.Log(f.Low), Math.Log(f.High), true, 0, f.Low, f.High) : new(f.Low, f.High, false, 0, f.Low, f.High),
        IntDistribution i when i.Log => new(Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), true, 1, i.Low, i.High),
        IntDistribution i => new(i.Low - i.Step / 2.0, i.High + i.Step / 2.0, false, i.Step, i.Low, i.High),
        _ => throw new ArgumentException($"{d} is not numeric"),
    };

    /// <summary>The coordinate of a distribution's internal value in this interval.</summary>
    public double Transform(double value) => Log ? Math.Log(value) : value;

    /// <summary>The distribution's internal value of a coordinate: back from log, onto the grid, into range.</summary>
    public double Untransform(double x)
    {
        var v = Log ? Math.Exp(x) : x;
        if (Step > 0) v = Origin + Math.Round((v - Origin) / Step) * Step;
        return Math.Clamp(v, Origin, Max);
    }
}
