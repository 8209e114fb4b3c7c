using System.Text.Json.Serialization;

namespace NotebookLib.Plotting;

/// <summary>A title; plotly.js wants {"text": …}.</summary>
public sealed class Title
{
    public Title() { }
    public Title(string text) => Text = text;
    public string? Text { get; set; }
    public static implicit operator Title(string text) => new(text);
}

public sealed class Axis
{
    public Title? Title { get; set; }
    /// <summary>"linear", "log", "category", "date".</summary>
    public string? Type { get; set; }
    /// <summary>[from, to]; for a log axis in decades (log10 of the values).</summary>
    public double[]? Range { get; set; }
    /// <summary>true, false or "reversed".</summary>
    public object? AutoRange { get; set; }
    /// <summary>The part of the figure this axis spans, [0, 1] in figure fractions (subplots).</summary>
    public double[]? Domain { get; set; }
    /// <summary>The axis this one is attached to ("y2" for "xaxis2").</summary>
    public string? Anchor { get; set; }
    public bool? ShowGrid { get; set; }
    public bool? ZeroLine { get; set; }
    public bool? ShowTickLabels { get; set; }
    public object? TickVals { get; set; }
    public object? TickText { get; set; }
    public double? TickAngle { get; set; }
    /// <summary>Equal aspect: the axis whose scale this one follows ("x").</summary>
    public string? ScaleAnchor { get; set; }
    public double? ScaleRatio { get; set; }
}

public sealed class Annotation
{
    public string? Text { get; set; }
    public object? X { get; set; }
    public object? Y { get; set; }
    /// <summary>"paper" for figure fractions, or an axis ("x", "x2").</summary>
    public string? XRef { get; set; }
    public string? YRef { get; set; }
    public bool? ShowArrow { get; set; }
    public string? XAnchor { get; set; }
    public string? YAnchor { get; set; }
    public Font? Font { get; set; }
}

public sealed class Font
{
    public double? Size { get; set; }
    public string? Color { get; set; }
    public string? Family { get; set; }
}

/// <summary>A line or rectangle drawn over the plot (thresholds, chosen components).</summary>
public sealed class Shape
{
    /// <summary>"line", "rect".</summary>
    public string Type { get; set; } = "line";
    public object? X0 { get; set; }
    public object? X1 { get; set; }
    public object? Y0 { get; set; }
    public object? Y1 { get; set; }
    /// <summary>"paper", an axis ("x"), or "x domain" for fractions of one subplot.</summary>
    public string? XRef { get; set; }
    public string? YRef { get; set; }
    public LineStyle? Line { get; set; }
}

public sealed class Margin
{
    [JsonPropertyName("l")] public int? Left { get; set; }
    [JsonPropertyName("r")] public int? Right { get; set; }
    [JsonPropertyName("t")] public int? Top { get; set; }
    [JsonPropertyName("b")] public int? Bottom { get; set; }
}

public sealed class Layout
{
    public Title? Title { get; set; }
    public Axis? XAxis { get; set; }
    public Axis? YAxis { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    /// <summary>"group", "stack", "overlay" (overlaid histograms).</summary>
    public string? BarMode { get; set; }
    public double? BarGap { get; set; }
    public bool? ShowLegend { get; set; }
    public string? HoverMode { get; set; }
    public Margin? Margin { get; set; }
    public List<Annotation>? Annotations { get; set; }
    public List<Shape>? Shapes { get; set; }
    /// <summary>Further plotly.js layout attributes, and the axes of subplots ("xaxis2", "yaxis2", …).</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; set; }
}
