using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using NotebookLib.Configuration;
using NotebookLib.IO;

namespace NotebookLib.Notebooks;

/// <summary>
/// A self-contained HTML report of an executed notebook: markdown rendered with Markdig, code, and
/// every output (Plotly figures drawn by plotly.js inlined once, images embedded as data URIs), so
/// that it opens offline and can be archived with the data it describes.
/// </summary>
public static class HtmlReport
{
    public const string PlotlyMime = "application/vnd.plotly.v1+json";

    /// <summary>The richest MIME type first, as Jupyter front ends choose.</summary>
    static readonly string[] Preference =
        [PlotlyMime, "image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown", "text/latex", "application/json", "text/plain"];

    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Where plotly.js is installed (npm plotly.js-dist-min, by ./nb setup).</summary>
    public static string DefaultPlotlyPath =>
        Path.Combine(EnvironmentSettings.Current.Root ?? Directory.GetCurrentDirectory(), "node_modules", "plotly.js-dist-min", "plotly.min.js");

    public static void Write(Notebook notebook, string path, string? title = null, string? plotlyPath = null) =>
        AtomicFile.WriteAllText(path, Render(notebook, title ?? Path.GetFileNameWithoutExtension(path), plotlyPath));

    public static string Render(Notebook notebook, string title, string? plotlyPath = null)
    {
        var body = new StringBuilder();
        var plots = 0;
        foreach (var cell in notebook.Cells)
        {
            switch (cell.Type)
            {
                case CellType.Markdown:
                    body.Append("<section class=\"cell markdown\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
                    break;
                case CellType.Raw:
                    body.Append("<section class=\"cell raw\"><pre>").Append(Esc(cell.Source)).Append("</pre></section>\n");
                    break;
                case CellType.Code when CellDirectives.Parse(cell.Source).IsMarkdown:
                    var prose = string.Join('\n', cell.Source.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("#!markdown")).Skip(1));
                    body.Append("<section class=\"cell markdown\">").Append(Markdig.Markdown.ToHtml(prose, Markdown)).Append("</section>\n");
                    break;
                case CellType.Code:
                    var prompt = cell.ExecutionCount is { } n ? $"[{n}]" : "[ ]";
                    var failed = cell.Outputs.Any(o => o is ErrorOutput);
                    body.Append($"<section class=\"cell code{(failed ? " failed" : "")}\" id=\"cell-{Esc(cell.Id)}\">")
                        .Append($"<div class=\"input\"><span class=\"prompt\">In {prompt}</span><pre><code class=\"language-csharp\">{Esc(cell.Source)}</code></pre>");
                    if (cell.Metadata["papermill"]?["duration"] is JsonValue d)
                        body.Append($"<span class=\"timing\">{d.GetValue<double>():0.##} s</span>");
                    body.Append("</div>");
                    foreach (var output in cell.Outputs) body.Append(RenderOutput(output, ref plots));
                    body.Append("</section>\n");
                    break;
            }
        }

        body.Append(ScrapTable(NotebookScraps.Of(notebook)));

        var failedRun = notebook.Metadata["papermill"]?["exception"] is JsonValue ex && ex.GetValue<bool>();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{Esc(title)}</title><style>{Css}</style>");
        if (plots > 0)
        {
            var path = plotlyPath ?? DefaultPlotlyPath;
            if (!File.Exists(path))
                throw new FileNotFoundException($"plotly.js is needed to draw this report's {plots} figure(s) but was not found at {path}; run ./nb setup (it installs npm plotly.js-dist-min)", path);
            html.Append("<script>").Append(File.ReadAllText(path).Replace("</script", "<\\/script")).Append("</script>");
        }
        html.Append("</head><body><main>")
            .Append($"<header><h1 class=\"report-title\">{Esc(title)}</h1><p class=\"meta\">{Esc(Summary(notebook))}</p></header>");
        if (failedRun)
            html.Append("<p class=\"banner\">Execution stopped at a failing cell; the outputs before it are shown.</p>");
        html.Append(body).Append("</main></body></html>\n");
        return html.ToString();
    }

    static string Summary(Notebook nb)
    {
        var pm = nb.Metadata["papermill"];
        if (pm is null) return "not executed";
        var parts = new List<string> { $"executed {(string?)pm["start_time"]}", $"{(double?)pm["duration"]:0.#} s" };
        if (pm["parameters"] is JsonObject p && p.Count > 0)
            parts.Add("parameters: " + string.Join(", ", p.Select(kv => $"{kv.Key}={(string?)kv.Value}")));
        return string.Join(" · ", parts);
    }

    static string RenderOutput(CellOutput output, ref int plots)
    {
        switch (output)
        {
            case StreamOutput s:
                return $"<pre class=\"output stream {Esc(s.Name)}\">{Esc(s.Text)}</pre>";
            case ErrorOutput e:
                return $"<pre class=\"output error\"><b>{Esc(e.EName)}</b>: {Esc(e.EValue)}\n{Esc(string.Join("\n", e.Traceback.Skip(1)))}</pre>";
            case DisplayOutput d:
                var mime = Preference.FirstOrDefault(m => d.Data.ContainsKey(m)) ?? d.Data.Select(kv => kv.Key).FirstOrDefault();
                if (mime is null) return "";
                var text = d.Text(mime) ?? "";
                var inner = mime switch
                {
                    PlotlyMime => Plot(d.Data[mime]!, ++plots),
                    "image/png" or "image/jpeg" => $"<img alt=\"figure\" src=\"data:{mime};base64,{text.Replace("\n", "")}\">",
                    "image/svg+xml" or "text/html" => text,
                    "text/markdown" => Markdig.Markdown.ToHtml(text, Markdown),
                    _ => $"<pre>{Esc(text)}</pre>",
                };
                var prompt = d.IsResult && d.ExecutionCount is { } n ? $"<span class=\"prompt\">Out [{n}]</span>" : "";
                return $"<div class=\"output display\" data-mime=\"{Esc(mime)}\">{prompt}{inner}</div>";
            default:
                return "";
        }
    }

    /// <summary>The glued values, last: what a program compares between runs.</summary>
    static string ScrapTable(IReadOnlyList<Scrap> scraps) => scraps.Count == 0 ? "" :
        "<section class=\"cell scraps\"><h2>Scraps</h2><table><thead><tr><th>name</th><th>value</th></tr></thead><tbody>"
        + string.Concat(scraps.Select(s => $"<tr><td>{Esc(s.Name)}</td><td>{Esc(s.Text)}</td></tr>"))
        + "</tbody></table></section>\n";

    static string Plot(JsonNode figure, int index)
    {
        var id = $"plot-{index}";
        var json = figure.ToJsonString().Replace("</", "<\\/");
        return $"<div class=\"plotly-figure\" id=\"{id}\"></div><script>(function(){{var f={json};" +
               $"Plotly.newPlot('{id}', f.data || [], f.layout || {{}}, Object.assign({{responsive: true}}, f.config || {{}}));}})();</script>";
    }

    static string Esc(string s) => WebUtility.HtmlEncode(s);

    const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#fafafa;color:#222}
        main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem 4rem;background:#fff}
        .report-title{margin-bottom:.2rem}.meta{color:#666;font-size:.85rem;margin-top:0}
        .banner{background:#fdecea;border:1px solid #f5c2c0;padding:.6rem 1rem;border-radius:4px}
        .cell{margin:1rem 0}.input{position:relative;background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px}
        .input pre{margin:0;padding:.6rem .8rem;overflow-x:auto;font-size:.85rem}
        .prompt{color:#888;font:.75rem monospace;display:block;padding:.2rem .8rem 0}
        .timing{position:absolute;right:.6rem;top:.2rem;color:#999;font-size:.75rem}
        .output{margin:.4rem 0 0;overflow-x:auto}.output img{max-width:100%}
        pre.output{padding:.4rem .8rem;font-size:.85rem;white-space:pre-wrap}
        .stream.stderr{background:#fff5e6}.error{background:#fdecea;color:#86181d}
        .failed .input{border-color:#d73a49}
        table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ddd;padding:.25rem .5rem}
        .markdown img{max-width:100%}
        """;
}
