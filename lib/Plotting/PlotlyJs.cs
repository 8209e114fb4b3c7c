using System.Net;
using NotebookLib.Configuration;

namespace NotebookLib.Plotting;

/// <summary>When a figure's text/html display carries plotly.js itself.</summary>
public enum PlotlyJsInclusion
{
    /// <summary>The first figure shown in this process carries the library; later ones use it (default).</summary>
    Once,
    /// <summary>Every figure carries the library (each output draws alone; 4.8 MB each).</summary>
    Always,
    /// <summary>No figure carries it: the page already loads plotly.js.</summary>
    Never,
}

/// <summary>
/// plotly.js from npm (node_modules/plotly.js-dist-min, installed by ./nb setup), inlined into pages so
/// that figures draw offline, and the div + script that draws one figure.
/// </summary>
public static class PlotlyJs
{
    const string RelativePath = "node_modules/plotly.js-dist-min/plotly.min.js";
    static readonly Lazy<string> source = new(() => File.ReadAllText(LibraryPath));
    static int inlined;

    /// <summary>How the notebook text/html display of a figure gets plotly.js
    /// (the plotly MIME type, which VS Code draws natively, never needs it).</summary>
    public static PlotlyJsInclusion NotebookInclusion { get; set; } = PlotlyJsInclusion.Once;

    /// <summary>The path of plotly.min.js under the repository root; a clear error when it is not installed.</summary>
    public static string LibraryPath => LibraryPathUnder(EnvironmentSettings.Current.Root);

    internal static string LibraryPathUnder(string? root)
    {
        if (root is null)
            throw new FileNotFoundException($"plotly.js cannot be found: environment.json (the repository root) was not found from {Directory.GetCurrentDirectory()}; run ./nb setup in the repository");
        var path = Path.Combine(root, RelativePath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"plotly.js is not installed at {path}: run ./nb setup (it installs the npm packages)", path);
        return path;
    }

    /// <summary>The next figure shown carries plotly.js again (with <see cref="PlotlyJsInclusion.Once"/>):
    /// call it when outputs start on a new page, e.g. a new notebook in the same process.</summary>
    public static void ResetInclusion() => Interlocked.Exchange(ref inlined, 0);

    /// <summary>The text of plotly.min.js.</summary>
    public static string Library => source.Value;

    /// <summary>A script element holding plotly.js (defines window.Plotly).</summary>
    public static string ScriptTag() =>
        "<script type=\"text/javascript\">" + Library.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>";

    /// <summary>A div and a script drawing <paramref name="figure"/> with window.Plotly (waiting briefly for it
    /// when the library is loaded after the figure).</summary>
    public static string Fragment(Figure figure, string? divId = null)
    {
        var id = divId ?? "plot-" + Guid.NewGuid().ToString("N")[..12];
        var height = figure.Layout.Height is int h ? $"height:{h}px;" : "height:450px;";
        // The JSON serializer escapes <, > and & (\u003C …), so the figure cannot end the script early.
        var json = figure.ToJson();
        var jsId = System.Text.Json.JsonSerializer.Serialize(id);
        return $"""
            <div id="{WebUtility.HtmlEncode(id)}" class="notebooklib-plot" style="width:100%;{height}"></div>
            <script type="text/javascript">
            (function () {"{"}
              var fig = {json};
              var el = document.getElementById({jsId});
              function draw() {"{"} window.Plotly.newPlot(el, fig.data, fig.layout, {"{"}responsive: true, displaylogo: false{"}"}); {"}"}
              if (window.Plotly) {"{"} draw(); return; {"}"}
              var tries = 0, timer = setInterval(function () {"{"}
                if (window.Plotly) {"{"} clearInterval(timer); draw(); {"}"}
                else if (++tries > 100) {"{"} clearInterval(timer); el.textContent = 'plotly.js is not loaded on this page: the figure cannot be drawn.'; {"}"}
              {"}"}, 100);
            {"}"})();
            </script>
            """;
    }

    /// <summary>The text/html a notebook shows for a figure: the fragment, preceded by plotly.js as
    /// <see cref="NotebookInclusion"/> says.</summary>
    public static string NotebookHtml(Figure figure) => NotebookHtml(figure, null);

    /// <summary><see cref="NotebookHtml(Figure)"/> with the figure's div given <paramref name="divId"/>.</summary>
    public static string NotebookHtml(Figure figure, string? divId)
    {
        var include = NotebookInclusion switch
        {
            PlotlyJsInclusion.Always => true,
            PlotlyJsInclusion.Once => Interlocked.Exchange(ref inlined, 1) == 0,
            _ => false,
        };
        return (include ? ScriptTag() + "\n" : "") + Fragment(figure, divId);
    }
}
