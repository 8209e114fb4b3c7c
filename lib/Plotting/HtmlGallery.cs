using System.Globalization;
using System.Net;

namespace NotebookLib.Plotting;

/// <summary>
/// A gallery whose text is HTML around its images instead of pixels inside one: each cutout an image of its
/// own (PNG, nearest-neighbour scaling to the cell width) with its caption under it as text, the title above
/// as text, laid out on a CSS grid — legible at any zoom, selectable and searchable in a report. Made by
/// <see cref="Gallery"/>'s grids; shown as text/html.
/// </summary>
public sealed record HtmlGallery(string? Title, IReadOnlyList<RgbImage> Tiles, IReadOnlyList<string> Captions, int Columns, int CellSize)
{
    static string E(string s) => WebUtility.HtmlEncode(s);

    public string ToHtml()
    {
        var cols = Math.Max(1, Math.Min(Columns, Tiles.Count));
        var sb = new System.Text.StringBuilder("<figure class=\"gallery\" style=\"margin:0.5em 0\">");
        if (!string.IsNullOrEmpty(Title))
            sb.Append($"<figcaption style=\"font-weight:bold;margin:0 0 4px 0\">{E(Title)}</figcaption>");
        sb.Append(CultureInfo.InvariantCulture, $"<div style=\"display:grid;grid-template-columns:repeat({cols},{CellSize}px);gap:4px\">");
        for (var i = 0; i < Tiles.Count; i++)
        {
            var t = Tiles[i];
            var h = (int)Math.Round((double)CellSize * t.Height / t.Width);
            sb.Append(CultureInfo.InvariantCulture, $"<figure style=\"margin:0\"><img src=\"{t.ToDataUri()}\" width=\"{CellSize}\" height=\"{h}\" style=\"image-rendering:pixelated;display:block\" alt=\"{E(Captions[i])}\">");
            if (!string.IsNullOrEmpty(Captions[i]))
                sb.Append($"<figcaption style=\"font:11px sans-serif;text-align:center\">{E(Captions[i])}</figcaption>");
            sb.Append("</figure>");
        }
        return sb.Append("</div></figure>").ToString();
    }

    public override string ToString() => $"gallery{(Title is null ? "" : $" \"{Title}\"")}: {Tiles.Count} images in {Math.Max(1, Math.Min(Columns, Tiles.Count))} columns";
}
