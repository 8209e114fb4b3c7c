using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Fits;

/// <summary>How notebooks show FITS objects: the HDU list like astropy's info(), headers as card
/// tables, tables as their first rows (images are NotebookLib.Imaging's).</summary>
internal static class Formatters
{
    const int MaxRows = 20;

    [ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<FitsFile>((f, w) => w.Write(HduListHtml(f)), "text/html");
        Formatter.Register<FitsFile>((f, w) => w.Write(f.Info()), "text/plain");
        Formatter.Register<FitsHdu>((h, w) => w.Write(HduHtml(h)), "text/html");
        Formatter.Register<FitsHdu>((h, w) => w.Write(h.ToString()), "text/plain");
        Formatter.Register<FitsHeader>((h, w) => w.Write(HeaderHtml(h)), "text/html");
        Formatter.Register<FitsHeader>((h, w) => w.Write(h.ToString()), "text/plain");
        Formatter.Register<FitsTable>((t, w) => w.Write(TableHtml(t)), "text/html");
        Formatter.Register<FitsTable>((t, w) => w.Write(t.ToString()), "text/plain");
        foreach (var t in new[] { typeof(FitsFile), typeof(FitsHdu), typeof(FitsHeader), typeof(FitsTable) })
            Formatter.SetPreferredMimeTypesFor(t, "text/html", "text/plain");
    }

    static string Enc(string s) => WebUtility.HtmlEncode(s);

    internal static string HduListHtml(FitsFile f)
    {
        var rows = f.Select(h => $"<tr><td>{h.Index}</td><td>{Enc(h.Name)}</td><td>{h.ExtVer}</td><td>{Kind(h)}</td><td>{h.Header.Count}</td>" +
            $"<td>{Enc(Dims(h))}</td><td>{(h.IsImage ? h.Bitpix.ToString() : "")}</td></tr>");
        return $"<div><b>{Enc(f.Path)}</b><table><thead><tr><th>No.</th><th>Name</th><th>Ver</th><th>Type</th><th>Cards</th><th>Dimensions</th><th>BITPIX</th></tr></thead>" +
            $"<tbody>{string.Concat(rows)}</tbody></table></div>";
    }

    internal static string HduHtml(FitsHdu h) =>
        $"<div><b>HDU {h.Index} {Enc(h.Name)}</b> {Kind(h)}, {Enc(Dims(h))}{(h.IsImage ? $", BITPIX {h.Bitpix}" : "")}{HeaderHtml(h.Header)}</div>";

    internal static string HeaderHtml(FitsHeader header)
    {
        var rows = header.Select(c => $"<tr><td><code>{Enc(c.Keyword)}</code></td><td><code>{Enc(c.IsCommentary ? c.Value as string ?? "" : FitsCard.FormatValue(c.Value))}</code></td><td>{Enc(c.Comment)}</td></tr>");
        return $"<details open><summary>{header.Count} cards</summary><table><thead><tr><th>Keyword</th><th>Value</th><th>Comment</th></tr></thead><tbody>{string.Concat(rows)}</tbody></table></details>";
    }

    internal static string TableHtml(FitsTable t)
    {
        var head = string.Concat(t.Select(c => $"<th>{Enc(c.Name)}{(c.Unit.Length > 0 ? $" [{Enc(c.Unit)}]" : "")}</th>"));
        var rows = Enumerable.Range(0, Math.Min(t.RowCount, MaxRows))
            .Select(r => "<tr>" + string.Concat(t.Select(c => $"<td>{Enc(Cell(c[r]))}</td>")) + "</tr>");
        var more = t.RowCount > MaxRows ? $"<p>… {t.RowCount - MaxRows} more rows</p>" : "";
        return $"<div><table><thead><tr>{head}</tr></thead><tbody>{string.Concat(rows)}</tbody></table>{more}<p>{t.RowCount} rows × {t.Count} columns</p></div>";
    }

    static string Cell(object? v) => v switch
    {
        null => "",
        string s => s,
        Array a => "[" + string.Join(", ", a.Cast<object?>().Take(8).Select(Cell)) + (a.Length > 8 ? ", …" : "") + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static string Kind(FitsHdu h) => h.IsCompressed ? "CompImageHDU" : h.Type switch
    {
        FitsHduType.Primary => "PrimaryHDU",
        FitsHduType.Image => "ImageHDU",
        FitsHduType.BinaryTable => "BinTableHDU",
        FitsHduType.AsciiTable => "TableHDU",
        _ => "GroupsHDU",
    };

    static string Dims(FitsHdu h) => h.Shape.Length == 0 ? "()" : h.IsTable ? $"{h.Shape[0]} rows" : "(" + string.Join(", ", h.Shape.Reverse()) + ")";
}
