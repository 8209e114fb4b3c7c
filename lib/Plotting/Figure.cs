using System.Text.Json;
using NotebookLib.IO;

namespace NotebookLib.Plotting;

/// <summary>
/// A Plotly figure: traces plus a layout, written as the plotly.js JSON schema
/// <c>{"data": [...], "layout": {...}}</c>. In a notebook it displays as an interactive chart;
/// <see cref="SaveHtml"/> writes a page that draws it offline.
/// </summary>
public sealed class Figure
{
    public Figure(params Trace[] traces) => Data.AddRange(traces);

    public List<Trace> Data { get; } = new();
    public Layout Layout { get; set; } = new();

    public Figure Add(Trace trace)
    {
        Data.Add(trace);
        return this;
    }

    public Figure WithTitle(string title, string? xTitle = null, string? yTitle = null)
    {
        Layout.Title = title;
        if (xTitle is not null) XAxis(1).Title = xTitle;
        if (yTitle is not null) YAxis(1).Title = yTitle;
        return this;
    }

    public Figure WithLogX(bool log = true)
    {
        XAxis(1).Type = log ? "log" : "linear";
        return this;
    }

    public Figure WithLogY(bool log = true)
    {
        YAxis(1).Type = log ? "log" : "linear";
        return this;
    }

    public Figure WithSize(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"figure size must be positive, not {width}×{height}");
        Layout.Width = width;
        Layout.Height = height;
        return this;
    }

    /// <summary>The x axis of subplot <paramref name="index"/> (1 for a single plot), created when missing.</summary>
    public Axis XAxis(int index = 1) => AxisOf("xaxis", index);
    public Axis YAxis(int index = 1) => AxisOf("yaxis", index);

    Axis AxisOf(string kind, int index)
    {
        if (index < 1) throw new ArgumentOutOfRangeException(nameof(index), $"axes are numbered from 1, not {index}");
        if (index == 1)
            return kind == "xaxis" ? Layout.XAxis ??= new Axis() : Layout.YAxis ??= new Axis();
        var extra = Layout.Extra ??= new();
        var key = kind + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (extra.TryGetValue(key, out var existing) && existing is Axis a) return a;
        var axis = new Axis();
        extra[key] = axis;
        return axis;
    }

    /// <summary>The plotly.js figure JSON.</summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(new { data = Data, layout = Layout }, indented ? PlotlyJson.Indented : PlotlyJson.Options);

    /// <summary>A div and a script that draw this figure; the page must load plotly.js (see <see cref="PlotlyJs"/>).</summary>
    public string ToHtmlFragment(string? divId = null) => PlotlyJs.Fragment(this, divId);

    public void SaveJson(string path) => AtomicFile.WriteAllText(path, ToJson(indented: false));

    /// <summary>A standalone page with plotly.js inlined: opens offline in any browser.</summary>
    public void SaveHtml(string path, string? pageTitle = null) =>
        new HtmlPage(pageTitle ?? Layout.Title?.Text ?? "Figure").Add(this).Save(path);

    public override string ToString()
    {
        var kinds = string.Join(", ", Data.Select(t => t.Type).Distinct());
        var title = Layout.Title?.Text is { } t ? $" \"{t}\"" : "";
        return $"Figure{title}: {Data.Count} trace(s) ({kinds})";
    }

    /// <summary>
    /// Places figures on a grid of subplots, row by row (like plotly's make_subplots): each panel keeps
    /// its traces, axis titles and log axes, and its title becomes the subplot's title.
    /// </summary>
    public static Figure Subplots(int rows, int columns, params Figure[] panels)
    {
        if (rows < 1 || columns < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"a subplot grid needs at least 1×1, not {rows}×{columns}");
        if (panels.Length > rows * columns)
            throw new ArgumentException($"{panels.Length} panels do not fit on a {rows}×{columns} grid");
        const double hGap = 0.08, vGap = 0.12;
        var fig = new Figure();
        fig.Layout.Annotations = new();
        fig.Layout.Height = 320 * rows + 80;
        for (var k = 0; k < panels.Length; k++)
        {
            var panel = panels[k];
            int r = k / columns, c = k % columns, n = k + 1;
            var suffix = n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            double x0 = (double)c / columns + (c > 0 ? hGap / 2 : 0), x1 = (double)(c + 1) / columns - (c < columns - 1 ? hGap / 2 : 0);
            double y1 = 1 - (double)r / rows - (r > 0 ? vGap / 2 : 0), y0 = 1 - (double)(r + 1) / rows + (r < rows - 1 ? vGap / 2 : 0);
            var xa = fig.XAxis(n);
            var ya = fig.YAxis(n);
            CopyAxis(panel.Layout.XAxis, xa);
            CopyAxis(panel.Layout.YAxis, ya);
            xa.Domain = [Math.Round(x0, 6), Math.Round(x1, 6)];
            ya.Domain = [Math.Round(y0, 6), Math.Round(y1, 6)];
            xa.Anchor = "y" + suffix;
            ya.Anchor = "x" + suffix;
            foreach (var t in panel.Data)
            {
                // Unnamed traces, and those of panels that hid their legend, stay out of the shared legend.
                if (t.Name is null || panel.Layout.ShowLegend == false) t.ShowLegend ??= false;
                t.XAxis = "x" + suffix;
                t.YAxis = "y" + suffix;
                fig.Data.Add(t);
            }
            foreach (var s in panel.Layout.Shapes ?? [])
            {
                s.XRef = Reaxis(s.XRef, "x", suffix);
                s.YRef = Reaxis(s.YRef, "y", suffix);
                (fig.Layout.Shapes ??= new()).Add(s);
            }
            fig.Layout.BarMode ??= panel.Layout.BarMode;
            if (panel.Layout.Title?.Text is { } title)
                fig.Layout.Annotations.Add(new Annotation
                {
                    Text = title,
                    X = Math.Round((x0 + x1) / 2, 6),
                    Y = Math.Round(y1, 6),
                    XRef = "paper",
                    YRef = "paper",
                    XAnchor = "center",
                    YAnchor = "bottom",
                    ShowArrow = false,
                    Font = new Font { Size = 14 },
                });
        }
        if (panels.Length > 0 && panels.All(p => p.Layout.ShowLegend == false)) fig.Layout.ShowLegend = false;
        return fig;
    }

    static void CopyAxis(Axis? from, Axis to)
    {
        if (from is null) return;
        to.Title = from.Title; to.Type = from.Type; to.Range = from.Range; to.AutoRange = from.AutoRange;
        to.ShowGrid = from.ShowGrid; to.ZeroLine = from.ZeroLine; to.ShowTickLabels = from.ShowTickLabels;
        to.TickVals = from.TickVals; to.TickText = from.TickText; to.TickAngle = from.TickAngle;
    }

    // A panel's shape drawn against its own axes ("x", "x domain") follows them to their new number.
    static string? Reaxis(string? reference, string letter, string suffix) =>
        reference is null ? letter + suffix
        : reference == letter ? letter + suffix
        : reference == letter + " domain" ? letter + suffix + " domain"
        : reference;
}
