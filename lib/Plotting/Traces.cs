using System.Text.Json.Serialization;

namespace NotebookLib.Plotting;

// The plotly.js trace types the talks use. Each property is the plotly.js attribute of the same name
// (lower-cased in JSON); data attributes (X, Y, Z, Text, colours) take any array: numbers, float32,
// strings for categories. Anything not modelled here goes into Extra and is written as it is.

/// <summary>One plotly.js trace: a set of data drawn one way.</summary>
public abstract class Trace
{
    /// <summary>The plotly.js trace type ("scatter", "histogram", …).</summary>
    [JsonPropertyOrder(-10)]
    public abstract string Type { get; }
    /// <summary>The legend entry.</summary>
    public string? Name { get; set; }
    public bool? ShowLegend { get; set; }
    public string? LegendGroup { get; set; }
    public double? Opacity { get; set; }
    /// <summary>Text shown on hover for each point (sample ids, file names).</summary>
    public object? HoverText { get; set; }
    /// <summary>A plotly.js hover template, e.g. "%{hovertext}&lt;br&gt;x=%{x}".</summary>
    public string? HoverTemplate { get; set; }
    /// <summary>Which axes this trace is drawn on ("x2", "y2" in subplots); null for the first.</summary>
    public string? XAxis { get; set; }
    public string? YAxis { get; set; }
    /// <summary>Any further plotly.js attribute, written under its own name.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; set; }

    /// <summary>Sets a plotly.js attribute that has no property here.</summary>
    public Trace Set(string attribute, object? value)
    {
        (Extra ??= new())[attribute] = value;
        return this;
    }
}

public sealed class Marker
{
    /// <summary>A colour ("red", "#1f77b4") or one value per point (numbers for a colour scale).</summary>
    public object? Color { get; set; }
    /// <summary>A plotly.js colour scale name ("Viridis", "Portland") or a list of [position, colour] pairs.</summary>
    public object? ColorScale { get; set; }
    public bool? ShowScale { get; set; }
    public bool? ReverseScale { get; set; }
    public double? CMin { get; set; }
    public double? CMax { get; set; }
    public ColorBar? ColorBar { get; set; }
    /// <summary>A size in pixels, or one per point.</summary>
    public object? Size { get; set; }
    public double? Opacity { get; set; }
    public string? Symbol { get; set; }
    public LineStyle? Line { get; set; }
}

public sealed class LineStyle
{
    public string? Color { get; set; }
    public double? Width { get; set; }
    /// <summary>"solid", "dash", "dot", "dashdot".</summary>
    public string? Dash { get; set; }
    /// <summary>"linear", "hv", "vh", "spline".</summary>
    public string? Shape { get; set; }
}

public sealed class ColorBar
{
    public Title? Title { get; set; }
    public double? Thickness { get; set; }
}

/// <summary>Points and lines: line plots, scatter plots, embeddings.</summary>
public sealed class Scatter : Trace
{
    /// <summary>Drawn with WebGL ("scattergl"): needed to stay responsive from about 100,000 points.</summary>
    [JsonIgnore]
    public bool WebGl { get; set; }
    public override string Type => WebGl ? "scattergl" : "scatter";
    public object? X { get; set; }
    public object? Y { get; set; }
    /// <summary>"markers", "lines", "lines+markers".</summary>
    public string? Mode { get; set; }
    public Marker? Marker { get; set; }
    public LineStyle? Line { get; set; }
    public object? Text { get; set; }
    /// <summary>"tozeroy", "tonexty", …</summary>
    public string? Fill { get; set; }
}

/// <summary>Bars over categories or values.</summary>
public sealed class Bar : Trace
{
    public override string Type => "bar";
    public object? X { get; set; }
    public object? Y { get; set; }
    /// <summary>"v" (default) or "h".</summary>
    public string? Orientation { get; set; }
    public Marker? Marker { get; set; }
    public object? Text { get; set; }
    public double? Width { get; set; }
    public object? Base { get; set; }
}

public sealed class Bins
{
    public double? Start { get; set; }
    public double? End { get; set; }
    public double? Size { get; set; }
}

/// <summary>A histogram plotly.js bins itself from the raw values.</summary>
public sealed class Histogram : Trace
{
    public override string Type => "histogram";
    public object? X { get; set; }
    public object? Y { get; set; }
    /// <summary>"" (counts), "percent", "probability", "density", "probability density".</summary>
    public string? HistNorm { get; set; }
    public int? NBinsX { get; set; }
    public Bins? XBins { get; set; }
    public Marker? Marker { get; set; }
}

/// <summary>A grid of values drawn as colours (confusion matrices, affinity matrices).</summary>
public sealed class Heatmap : Trace
{
    public override string Type => "heatmap";
    /// <summary>Rows of values: double[][] or double[,]; Z[i][j] is drawn at (X[j], Y[i]).</summary>
    public object? Z { get; set; }
    public object? X { get; set; }
    public object? Y { get; set; }
    public object? ColorScale { get; set; }
    public bool? ShowScale { get; set; }
    public bool? ReverseScale { get; set; }
    public double? ZMin { get; set; }
    public double? ZMax { get; set; }
    public ColorBar? ColorBar { get; set; }
    /// <summary>Text per cell, same shape as Z; shown on the cells with TextTemplate = "%{text}".</summary>
    public object? Text { get; set; }
    public string? TextTemplate { get; set; }
}

/// <summary>Box plots: one box per trace (or per x category).</summary>
public sealed class Box : Trace
{
    public override string Type => "box";
    public object? X { get; set; }
    public object? Y { get; set; }
    /// <summary>"all", "outliers", "suspectedoutliers", or false.</summary>
    public object? BoxPoints { get; set; }
    public bool? BoxMean { get; set; }
    public Marker? Marker { get; set; }
}

public sealed class Visibility
{
    public bool? Visible { get; set; }
}

/// <summary>Violin plots: a kernel density outline per trace, optionally with a box inside.</summary>
public sealed class Violin : Trace
{
    public override string Type => "violin";
    public object? X { get; set; }
    public object? Y { get; set; }
    public Visibility? Box { get; set; }
    public Visibility? MeanLine { get; set; }
    /// <summary>"all", "outliers", "suspectedoutliers", or false.</summary>
    public object? Points { get; set; }
    public Marker? Marker { get; set; }
}
