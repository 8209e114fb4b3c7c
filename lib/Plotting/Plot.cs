using System.Globalization;

namespace NotebookLib.Plotting;

/// <summary>
/// Figures in one call, as plotly express makes them: scatter, line, histogram, bar, heatmap, box and
/// violin plots from plain arrays. Each returns a <see cref="Figure"/> to adjust further
/// (WithTitle, WithLogY, Add) or to combine with <see cref="Figure.Subplots"/>.
/// </summary>
public static partial class Plot
{
    /// <summary>From this many points on, scatter plots are drawn with WebGL (scattergl).</summary>
    public const int WebGlThreshold = 100_000;

    /// <summary>Plotly's default colour sequence (D3 category10), for categories.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>
    /// A scatter plot. Colour the points by <paramref name="colorBy"/> (one number per point, with a
    /// colour scale) or by <paramref name="category"/> (one trace per category, in the legend);
    /// <paramref name="hoverText"/> (sample ids) shows on hover.
    /// </summary>
    public static Figure Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null,
        IReadOnlyList<double>? colorBy = null, string? colorTitle = null, IReadOnlyList<string>? category = null,
        IReadOnlyList<string>? hoverText = null, double markerSize = 5)
    {
        SameLength(x, "x", y, "y");
        if (colorBy is not null) SameLength(x, "x", colorBy, nameof(colorBy));
        if (category is not null) SameLength(x, "x", category, nameof(category));
        if (hoverText is not null) SameLength(x, "x", hoverText, nameof(hoverText));
        if (colorBy is not null && category is not null)
            throw new ArgumentException("colour by a value or by a category, not both");
        var webGl = x.Count >= WebGlThreshold;
        var fig = new Figure();
        if (category is null)
        {
            fig.Add(new Scatter
            {
                X = x,
                Y = y,
                Mode = "markers",
                Name = name,
                WebGl = webGl,
                HoverText = hoverText,
                Marker = colorBy is null ? new Marker { Size = markerSize }
                    : new Marker
                    {
                        Size = markerSize,
                        Color = colorBy,
                        ColorScale = "Viridis",
                        ShowScale = true,
                        ColorBar = colorTitle is null ? null : new ColorBar { Title = colorTitle }
                    },
            });
            return fig;
        }
        var groups = Categories(category);
        for (var g = 0; g < groups.Count; g++)
        {
            var idx = groups[g].Indices;
            fig.Add(new Scatter
            {
                X = idx.Select(i => x[i]).ToArray(),
                Y = idx.Select(i => y[i]).ToArray(),
                Mode = "markers",
                Name = groups[g].Name,
                WebGl = webGl,
                HoverText = hoverText is null ? null : idx.Select(i => hoverText[i]).ToArray(),
                Marker = new Marker { Size = markerSize, Color = Palette[g % Palette.Length] },
            });
        }
        if (colorTitle is not null) fig.Layout.Legend(colorTitle);
        return fig;
    }

    /// <summary>A line plot of y against 0, 1, 2, … (or against <paramref name="x"/>).</summary>
    public static Figure Line(IReadOnlyList<double> y, IReadOnlyList<double>? x = null, string? name = null, bool markers = false)
    {
        if (x is not null) SameLength(x, "x", y, "y");
        var fig = new Figure(new Scatter
        {
            X = x ?? Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(),
            Y = y,
            Mode = markers ? "lines+markers" : "lines",
            Name = name,
        });
        if (name is null) fig.Layout.ShowLegend = false;
        return fig;
    }

    /// <summary>Several lines over the same x values, one legend entry each.</summary>
    public static Figure Lines(IReadOnlyList<double> x, params (string Name, IReadOnlyList<double> Y)[] series)
    {
        var fig = new Figure();
        foreach (var (n, y) in series)
        {
            SameLength(x, "x", y, n);
            fig.Add(new Scatter { X = x, Y = y, Mode = "lines", Name = n });
        }
        return fig;
    }

    /// <summary>A histogram of one set of values; bins = 0 lets plotly.js choose.</summary>
    public static Figure Histogram(IReadOnlyList<double> values, int bins = 0, bool normalised = false, string? name = null) =>
        Histograms([(name ?? "values", values)], bins, normalised);

    /// <summary>
    /// Histograms of several groups overlaid on the same bins (so their heights compare), semi-transparent;
    /// normalised to probability density when asked (groups of different sizes).
    /// </summary>
    public static Figure Histograms(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> groups, int bins = 50, bool normalised = true)
    {
        if (groups.Count == 0) throw new ArgumentException("no groups to draw a histogram of", nameof(groups));
        if (bins < 0) throw new ArgumentOutOfRangeException(nameof(bins), $"bins must be 0 (automatic) or positive, not {bins}");
        Bins? shared = null;
        if (bins > 0)
        {
            var all = groups.SelectMany(g => g.Values).Where(double.IsFinite).ToList();
            if (all.Count > 0)
            {
                double lo = all.Min(), hi = all.Max();
                var size = hi > lo ? (hi - lo) / bins : 1;
                // plotly.js bins are [start, start + size), so the end is pushed a little past the maximum.
                shared = new Bins { Start = lo, End = hi + size * 1e-9, Size = size };
            }
        }
        var fig = new Figure();
        for (var g = 0; g < groups.Count; g++)
            fig.Add(new Histogram
            {
                X = groups[g].Values,
                Name = groups[g].Name,
                XBins = shared,
                HistNorm = normalised ? "probability density" : null,
                Opacity = groups.Count > 1 ? 0.6 : null,
                Marker = new Marker { Color = Palette[g % Palette.Length] },
            });
        fig.Layout.BarMode = "overlay";
        if (groups.Count == 1) fig.Layout.ShowLegend = false;
        fig.YAxis().Title = normalised ? "density" : "count";
        return fig;
    }

    /// <summary>Bars for categories.</summary>
    public static Figure Bar(IReadOnlyList<string> categories, IReadOnlyList<double> values, string? name = null, bool horizontal = false)
    {
        SameLength(categories, "categories", values, "values");
        var fig = new Figure(horizontal
            ? new Bar { X = values, Y = categories, Orientation = "h", Name = name }
            : new Bar { X = categories, Y = values, Name = name });
        if (name is null) fig.Layout.ShowLegend = false;
        return fig;
    }

    /// <summary>A heatmap of a matrix; row 0 at the top, as a matrix is printed.</summary>
    public static Figure Heatmap(double[,] z, IReadOnlyList<string>? columns = null, IReadOnlyList<string>? rows = null,
        string colorScale = "Viridis", string? colorTitle = null)
    {
        if (columns is not null && columns.Count != z.GetLength(1))
            throw new ArgumentException($"{columns.Count} column labels for a matrix with {z.GetLength(1)} columns");
        if (rows is not null && rows.Count != z.GetLength(0))
            throw new ArgumentException($"{rows.Count} row labels for a matrix with {z.GetLength(0)} rows");
        var fig = new Figure(new Heatmap
        {
            Z = z,
            X = columns,
            Y = rows,
            ColorScale = colorScale,
            ColorBar = colorTitle is null ? null : new ColorBar { Title = colorTitle },
        });
        fig.YAxis().AutoRange = "reversed";
        return fig;
    }

    /// <summary>One box per group.</summary>
    public static Figure Box(params (string Name, IReadOnlyList<double> Values)[] groups)
    {
        var fig = new Figure();
        foreach (var (n, v) in groups) fig.Add(new Box { Y = v, Name = n, BoxPoints = "outliers" });
        fig.Layout.ShowLegend = false;
        return fig;
    }

    /// <summary>One violin per group, with a box and the mean line inside.</summary>
    public static Figure Violin(params (string Name, IReadOnlyList<double> Values)[] groups)
    {
        var fig = new Figure();
        foreach (var (n, v) in groups)
            fig.Add(new Violin { Y = v, Name = n, Box = new Visibility { Visible = true }, MeanLine = new Visibility { Visible = true }, Points = false });
        fig.Layout.ShowLegend = false;
        return fig;
    }

    static void SameLength<TA, TB>(IReadOnlyCollection<TA> a, string aName, IReadOnlyCollection<TB> b, string bName)
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        if (a.Count != b.Count) throw new ArgumentException($"{aName} has {a.Count} values but {bName} has {b.Count}: they must have one per point");
    }

    /// <summary>Groups indices by category, categories in numeric order when all are numbers, else ordinal.</summary>
    internal static List<(string Name, List<int> Indices)> Categories(IReadOnlyList<string> category)
    {
        var groups = new Dictionary<string, List<int>>();
        for (var i = 0; i < category.Count; i++)
        {
            if (!groups.TryGetValue(category[i], out var list)) groups[category[i]] = list = new();
            list.Add(i);
        }
        var numeric = groups.Keys.All(k => double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var keys = numeric
            ? groups.Keys.OrderBy(k => double.Parse(k, CultureInfo.InvariantCulture)).ToList()
            : groups.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        return keys.Select(k => (k, groups[k])).ToList();
    }
}

static class LayoutExtensions
{
    /// <summary>A legend with a title (the name of what the colours mean).</summary>
    public static void Legend(this Layout layout, string title) =>
        (layout.Extra ??= new())["legend"] = new Dictionary<string, object> { ["title"] = new Title(title) };
}
