using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Analysis;

namespace NotebookLib.Plotting;

/// <summary>
/// How notebooks show this area's types: figures as the Plotly MIME type (VS Code draws it natively)
/// with an HTML fallback that draws with plotly.js, images as PNG, tables and progress as HTML.
/// </summary>
static class Formatters
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    [ModuleInitializer]
    internal static void Register()
    {
        // Each executed notebook carries plotly.js once, so that it draws offline when opened alone.
        NotebookLib.Display.KernelContext.DocumentStarting += PlotlyJs.ResetInclusion;
        Formatter.Register<Figure>((f, w) => w.Write(f.ToJson()), PlotlyMimeType);
        Formatter.Register<Figure>((f, w) => w.Write(FigureHtml(f)), "text/html");
        Formatter.Register<Figure>((f, w) => w.Write(f.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(Figure), PlotlyMimeType, "text/html", "text/plain");

        Formatter.Register<RgbImage>((i, w) => w.Write(i.ToBase64()), "image/png");
        Formatter.Register<RgbImage>((i, w) => w.Write($"<img src=\"{i.ToDataUri()}\" width=\"{i.Width}\" height=\"{i.Height}\" style=\"image-rendering:pixelated\">"), "text/html");
        Formatter.Register<RgbImage>((i, w) => w.Write(i.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(RgbImage), "image/png", "text/plain");

        Formatter.Register<HtmlGallery>((g, w) => w.Write(g.ToHtml()), "text/html");
        Formatter.Register<HtmlGallery>((g, w) => w.Write(g.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(HtmlGallery), "text/html", "text/plain");

        Formatter.Register<HoverPanel>((p, w) => w.Write(p.ToHtml()), "text/html");
        Formatter.Register<HoverPanel>((p, w) => w.Write(p.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(HoverPanel), "text/html", "text/plain");

        Formatter.Register<RecordTable>((t, w) => w.Write($"<style>{RecordTable.Css}</style>{t.ToHtml()}"), "text/html");
        Formatter.Register<RecordTable>((t, w) => w.Write(t.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(RecordTable), "text/html", "text/plain");

        // lib/Analysis' confusion matrix shows here, where the tables are styled.
        Formatter.Register<ConfusionMatrix>((c, w) => w.Write($"<style>{RecordTable.Css}</style>{ConfusionMatrices.ToHtml(c)}"), "text/html");
        Formatter.Register<ConfusionMatrix>((c, w) => w.Write(ConfusionMatrices.ToText(c)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ConfusionMatrix), "text/html", "text/plain");
    }

    // A missing plotly.js must not break the cell: the output says what to run instead.
    static string FigureHtml(Figure f)
    {
        try
        {
            return PlotlyJs.NotebookHtml(f);
        }
        catch (FileNotFoundException e)
        {
            return $"<p style=\"color:#b00\">{WebUtility.HtmlEncode(e.Message)}</p>" + PlotlyJs.Fragment(f);
        }
    }
}
