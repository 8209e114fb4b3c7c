using System.Net;
using System.Text;
using NotebookLib.Analysis;
using NotebookLib.IO;

namespace NotebookLib.Plotting;

/// <summary>
/// A standalone HTML page of figures, images and text, with plotly.js inlined once: it opens offline
/// in any browser (share results without a notebook server).
/// </summary>
public sealed class HtmlPage
{
    readonly List<string> blocks = new();
    bool hasFigure;

    public HtmlPage(string title = "NotebookLib") => Title = title;

    public string Title { get; }

    public HtmlPage Heading(string text, int level = 2)
    {
        if (level is < 1 or > 6) throw new ArgumentOutOfRangeException(nameof(level), $"heading level must be 1 to 6, not {level}");
        blocks.Add($"<h{level}>{WebUtility.HtmlEncode(text)}</h{level}>");
        return this;
    }

    public HtmlPage Paragraph(string text)
    {
        blocks.Add($"<p>{WebUtility.HtmlEncode(text)}</p>");
        return this;
    }

    public HtmlPage Add(Figure figure)
    {
        hasFigure = true;
        blocks.Add(figure.ToHtmlFragment());
        return this;
    }

    public HtmlPage Add(RgbImage image, string? caption = null)
    {
        var alt = WebUtility.HtmlEncode(caption ?? $"image {image.Width}×{image.Height}");
        var cap = caption is null ? "" : $"<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption>";
        blocks.Add($"<figure class=\"notebooklib-image\"><img alt=\"{alt}\" width=\"{image.Width}\" height=\"{image.Height}\" src=\"{image.ToDataUri()}\">{cap}</figure>");
        return this;
    }

    public HtmlPage Add(HtmlGallery gallery)
    {
        blocks.Add(gallery.ToHtml());
        return this;
    }

    public HtmlPage Add(RecordTable table)
    {
        blocks.Add(table.ToHtml());
        return this;
    }

    public HtmlPage Add(ConfusionMatrix matrix)
    {
        blocks.Add(ConfusionMatrices.ToHtml(matrix));
        return this;
    }

    /// <summary>Raw HTML, as it is (a caller's own markup).</summary>
    public HtmlPage Html(string html)
    {
        blocks.Add(html);
        return this;
    }

    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .Append(WebUtility.HtmlEncode(Title)).Append("</title>\n<style>")
          .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}")
          .Append("figure.notebooklib-image img{image-rendering:pixelated}")
          .Append(RecordTable.Css)
          .Append("</style>\n");
        if (hasFigure) sb.Append(PlotlyJs.ScriptTag()).Append('\n');
        sb.Append("</head>\n<body>\n<h1>").Append(WebUtility.HtmlEncode(Title)).Append("</h1>\n");
        foreach (var b in blocks) sb.Append(b).Append('\n');
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, ToHtml());
}
