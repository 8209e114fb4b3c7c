using System.Globalization;
using System.Net;
using System.Text;

namespace NotebookLib.Plotting;

/// <summary>
/// A Plotly figure with a panel beside it that shows a point's own HTML — a cut-out as an image, a light
/// curve as SVG, a caption — when the point is hovered or clicked. A Plotly hover label holds text only, so
/// each point carries its panel in <c>customdata</c> and a <c>plotly_hover</c>/<c>plotly_click</c> handler
/// writes it into the panel. Shown as text/html, so it works in a notebook front end and in the HTML report.
/// </summary>
public sealed record HoverPanel(Figure Figure, string Prompt = "Hover over or click a point to see it here.", int PanelWidth = 280)
{
    /// <summary>A 2-D embedding coloured by class (one legend entry a class, in order of first appearance),
    /// each point with its hover text and its panel HTML.</summary>
    public static HoverPanel Embedding(float[,] embedding, IReadOnlyList<string> labels, IReadOnlyList<string> hoverText,
        IReadOnlyList<string> panels, string labelName = "class", string method = "UMAP")
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var n = embedding.GetLength(0);
        if (labels.Count != n || hoverText.Count != n || panels.Count != n)
            throw new ArgumentException($"{n} points but {labels.Count} labels, {hoverText.Count} hover texts and {panels.Count} panels");
        if (embedding.GetLength(1) < 2) throw new ArgumentException("the embedding needs two columns", nameof(embedding));
        var fig = new Figure();
        foreach (var group in Enumerable.Range(0, n).GroupBy(i => labels[i]))
        {
            var idx = group.ToArray();
            fig.Add(new Scatter
            {
                X = idx.Select(i => (double)embedding[i, 0]).ToArray(),
                Y = idx.Select(i => (double)embedding[i, 1]).ToArray(),
                Mode = "markers",
                Name = group.Key,
                HoverText = idx.Select(i => hoverText[i]).ToArray(),
                Marker = new Marker { Size = 5 },
            }.Set("customdata", idx.Select(i => panels[i]).ToArray()));
        }
        return new HoverPanel(fig.WithTitle($"{method} embedding by {labelName}", $"{method} 1", $"{method} 2"));
    }

    /// <summary>The same panel with the figure's title (and axis titles) set.</summary>
    public HoverPanel WithTitle(string title, string? xTitle = null, string? yTitle = null)
    {
        Figure.WithTitle(title, xTitle, yTitle);
        return this;
    }

    /// <summary>An image as an HTML img, scaled to <paramref name="size"/> pixels wide with nearest-neighbour sampling.</summary>
    public static string ImageHtml(RgbImage image, int size = 120)
    {
        ArgumentNullException.ThrowIfNull(image);
        var h = (int)Math.Round((double)size * image.Height / image.Width);
        return $"<img src=\"{image.ToDataUri()}\" width=\"{size}\" height=\"{h}\" style=\"image-rendering:pixelated;display:block\" alt=\"cut-out\">";
    }

    /// <summary>A small line plot as inline SVG: points joined by a line, with vertical error bars when
    /// <paramref name="error"/> is given, a dashed zero line, and the y range as text.</summary>
    public static string LightCurveSvg(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? error = null,
        int width = 240, int height = 110, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || (error is not null && error.Count != y.Count) || x.Count == 0)
            throw new ArgumentException($"{x.Count} x, {y.Count} y and {error?.Count} errors: they must be the same non-zero count");
        var e = error ?? new double[y.Count];
        double x0 = x.Min(), x1 = x.Max(), y0 = Math.Min(0, y.Select((v, i) => v - e[i]).Min()), y1 = Math.Max(0, y.Select((v, i) => v + e[i]).Max());
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 1;
        const int pad = 16;
        string X(double v) => (pad + (v - x0) / (x1 - x0) * (width - 2 * pad)).ToString("F1", CultureInfo.InvariantCulture);
        string Y(double v) => (height - pad - (v - y0) / (y1 - y0) * (height - 2 * pad)).ToString("F1", CultureInfo.InvariantCulture);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" style=\"background:#fff;border:1px solid #ddd\">");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{pad}\" x2=\"{width - pad}\" y1=\"{Y(0)}\" y2=\"{Y(0)}\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>");
        for (var i = 0; i < y.Count; i++)
            if (e[i] > 0)
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(x[i])}\" x2=\"{X(x[i])}\" y1=\"{Y(y[i] - e[i])}\" y2=\"{Y(y[i] + e[i])}\" stroke=\"#1f77b4\"/>");
        sb.Append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"")
          .Append(string.Join(" ", y.Select((v, i) => X(x[i]) + "," + Y(v)))).Append("\"/>");
        foreach (var i in Enumerable.Range(0, y.Count))
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(x[i])}\" cy=\"{Y(y[i])}\" r=\"2.5\" fill=\"#1f77b4\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"11\" font-size=\"10\" font-family=\"sans-serif\">{WebUtility.HtmlEncode(title ?? "")} [{y0:G3}, {y1:G3}]</text>");
        return sb.Append("</svg>").ToString();
    }

    /// <summary>The figure, the panel and the handler that fills it, as one HTML fragment; plotly.js is
    /// carried as <see cref="PlotlyJs.NotebookInclusion"/> says when <paramref name="notebook"/> is true.</summary>
    public string ToHtml(bool notebook = true)
    {
        var id = "hover-" + Guid.NewGuid().ToString("N")[..12];
        var plot = notebook ? PlotlyJs.NotebookHtml(Figure, id) : PlotlyJs.Fragment(Figure, id);
        var jsId = System.Text.Json.JsonSerializer.Serialize(id);
        return $$"""
            <div style="display:flex;gap:12px;align-items:flex-start">
            <div style="flex:1 1 auto;min-width:0">{{plot}}</div>
            <div id="{{id}}-panel" class="notebooklib-hover-panel" style="flex:0 0 {{PanelWidth}}px;font:12px sans-serif;border:1px solid #ddd;padding:6px;min-height:120px">{{WebUtility.HtmlEncode(Prompt)}}</div>
            </div>
            <script type="text/javascript">
            (function () {
              var el = document.getElementById({{jsId}}), panel = document.getElementById({{jsId}} + '-panel'), tries = 0;
              function show(ev) { var p = ev && ev.points && ev.points[0]; if (p && p.customdata) panel.innerHTML = p.customdata; }
              function attach() {
                if (el && el.on) { el.on('plotly_hover', show); el.on('plotly_click', show); return; }
                if (++tries < 200) setTimeout(attach, 100);
              }
              attach();
            })();
            </script>
            """;
    }

    public override string ToString() => $"hover panel: a figure of {Figure.Data.Count} traces, each point with its own panel";
}
