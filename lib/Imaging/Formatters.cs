using System.Globalization;
using System.Net;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Imaging;

/// <summary>Notebook displays for the imaging types: short HTML tables of what the value holds
/// (pictures of images are drawn by lib/Plotting).</summary>
internal static class Formatters
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<Image>((f, w) => w.Write(Table(ImageRows(f))), "text/html");
        Formatter.Register<Image>((f, w) => w.Write(f.ToString()), "text/plain");
        Formatter.Register<Mask>((m, w) => w.Write(Table([("size", $"{m.Width} × {m.Height}"),
            ("set", $"{m.Count} ({100.0 * m.Count / m.Pixels.Length:F2} %)")])), "text/html");
        Formatter.Register<Mask>((m, w) => w.Write(m.ToString()), "text/plain");
        Formatter.Register<Patches>((b, w) => w.Write(Table(PatchRows(b))), "text/html");
        Formatter.Register<Patches>((b, w) => w.Write(b.ToString()), "text/plain");
        Formatter.Register<LabelImage>((l, w) => w.Write(Table([("size", $"{l.Width} × {l.Height}"), ("objects", l.Count.ToString(CultureInfo.InvariantCulture))])), "text/html");
        Formatter.Register<LabelImage>((l, w) => w.Write(l.ToString()), "text/plain");
        Formatter.Register<SegmentationResult>((s, w) => w.Write(SegmentationHtml(s)), "text/html");
        Formatter.Register<SegmentationResult>((s, w) => w.Write($"Segmentation: {s.Labels.Count} objects (of {s.AllComponents.Count} components), mean threshold {Num(s.MeanThreshold)}, local-σ threshold {Num(s.StdThreshold)}"), "text/plain");
        foreach (var t in new[] { typeof(Image), typeof(Mask), typeof(Patches), typeof(LabelImage), typeof(SegmentationResult) })
            Formatter.SetPreferredMimeTypesFor(t, "text/html", "text/plain");
    }

    static IEnumerable<(string, string)> ImageRows(Image f)
    {
        yield return ("size", $"{f.Width} × {f.Height}");
        yield return ("masked", $"{f.MaskedCount} ({100.0 * f.MaskedCount / f.Count:F2} %)");
        float[] good = f.GoodPixels();
        if (good.Length == 0) { yield return ("good pixels", "none"); yield break; }
        var (min, max) = f.MinMax();
        yield return ("min / max", $"{Num(min)} / {Num(max)}");
        yield return ("mean", Num(f.Mean()));
        var (median, mad) = ImageStatistics.MedianAbsoluteDeviation(good, inPlace: true);
        yield return ("median / MAD", $"{Num(median)} / {Num(mad)}");
    }

    static IEnumerable<(string, string)> PatchRows(Patches b)
    {
        yield return ("shape", $"[{b.Count}, {b.Size}, {b.Size}]");
        yield return ("grid", $"{b.Columns} × {b.Rows} patches" + (b.ImageCount == 1 ? "" : $" in each of {b.ImageCount} images"));
        yield return ("image", $"{b.ImageWidth} × {b.ImageHeight}" + (b.Border > 0 ? $", {b.Border}-px border left out" : ""));
        yield return ("edge", b.Edge == EdgePolicy.Pad ? $"padded with {Num(b.PadValue)}" : "partial edge dropped");
        yield return ("patches with masked pixels", b.MaskedFraction is null ? "0" : b.MaskedFraction.Count(v => v > 0).ToString(CultureInfo.InvariantCulture));
    }

    static string SegmentationHtml(SegmentationResult s)
    {
        var rows = new List<(string, string)>
        {
            ("objects", $"{s.Labels.Count} (of {s.AllComponents.Count} components before removing small ones)"),
            ("mean threshold", Num(s.MeanThreshold)), ("local-σ threshold", Num(s.StdThreshold)),
        };
        var html = new System.Text.StringBuilder(Table(rows));
        if (s.Objects.Count > 0)
        {
            html.Append("<table><thead><tr><th>label</th><th>area</th><th>centroid (x, y)</th><th>bounding box</th><th>flux</th></tr></thead><tbody>");
            foreach (var o in s.Objects.OrderByDescending(o => o.Area).Take(20))
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{o.Label}</td><td>{o.Area}</td><td>({o.CentroidX:F1}, {o.CentroidY:F1})</td><td>[{o.BoundingBox.XMin}, {o.BoundingBox.XMax}) × [{o.BoundingBox.YMin}, {o.BoundingBox.YMax})</td><td>{Num(o.Flux)}</td></tr>");
            html.Append("</tbody></table>");
            if (s.Objects.Count > 20) html.Append(CultureInfo.InvariantCulture, $"<p>the 20 largest of {s.Objects.Count} objects</p>");
        }
        return html.ToString();
    }

    static string Table(IEnumerable<(string Key, string Value)> rows) =>
        "<table>" + string.Concat(rows.Select(r => $"<tr><th style=\"text-align:left\">{WebUtility.HtmlEncode(r.Key)}</th><td>{WebUtility.HtmlEncode(r.Value)}</td></tr>")) + "</table>";

    static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
