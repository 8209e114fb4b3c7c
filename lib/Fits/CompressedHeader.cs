using System.Text.RegularExpressions;

namespace NotebookLib.Fits;

/// <summary>
/// The image header of a tile-compressed image, from the header of the binary table that holds
/// it, the way astropy's CompImageHDU shows it: ZBITPIX, ZNAXISn, … become BITPIX, NAXISn, …
/// in front, the table's own structure and the compression keywords are left out, and every other
/// card keeps its place. (CFITSIO's ffcnvthdr2str does the same but fails on some valid files.)
/// </summary>
internal static partial class CompressedHeader
{
    [GeneratedRegex(@"^(NAXIS\d+|TTYPE\d+|TFORM\d+|TUNIT\d+|TSCAL\d+|TZERO\d+|TNULL\d+|TDIM\d+|TDISP\d+|ZNAXIS\d+|ZTILE\d+|ZNAME\d+|ZVAL\d+)$")]
    private static partial Regex IndexedTableKeyword();

    static readonly HashSet<string> Dropped =
    [
        "XTENSION", "SIMPLE", "BITPIX", "NAXIS", "PCOUNT", "GCOUNT", "TFIELDS", "THEAP", "EXTEND",
        "ZIMAGE", "ZTENSION", "ZSIMPLE", "ZEXTEND", "ZBITPIX", "ZNAXIS", "ZPCOUNT", "ZGCOUNT", "ZCMPTYPE",
        "ZQUANTIZ", "ZDITHER0", "ZMASKCMP", "ZBLOCKED", "ZHECKSUM", "ZDATASUM", "CHECKSUM", "DATASUM",
    ];

    internal static List<FitsCard> ToImageHeader(IReadOnlyList<FitsCard> table)
    {
        FitsCard? Find(string k) => table.FirstOrDefault(c => c.Keyword == k);
        string Comment(string k, string fallback) => Find(k)?.Comment is { Length: > 0 } c ? c : fallback;
        var result = new List<FitsCard>();
        if (Find("ZSIMPLE") is FitsCard simple) result.Add(new FitsCard("SIMPLE", simple.Value, simple.Comment));
        else result.Add(new FitsCard("XTENSION", Find("ZTENSION")?.Value ?? "IMAGE", Comment("ZTENSION", "Image extension")));
        result.Add(new FitsCard("BITPIX", Find("ZBITPIX")?.Value, Comment("ZBITPIX", "data type of original image")));
        var naxis = Find("ZNAXIS")?.Value as long? ?? 0;
        result.Add(new FitsCard("NAXIS", naxis, Comment("ZNAXIS", "dimension of original image")));
        for (int i = 1; i <= naxis; i++)
            result.Add(new FitsCard($"NAXIS{i}", Find($"ZNAXIS{i}")?.Value, Comment($"ZNAXIS{i}", "")));
        if (Find("ZSIMPLE") is not null)
        {
            if (Find("ZEXTEND") is FitsCard ext) result.Add(new FitsCard("EXTEND", ext.Value, ext.Comment));
        }
        else
        {
            result.Add(new FitsCard("PCOUNT", Find("ZPCOUNT")?.Value ?? 0L, Comment("ZPCOUNT", "number of parameters")));
            result.Add(new FitsCard("GCOUNT", Find("ZGCOUNT")?.Value ?? 1L, Comment("ZGCOUNT", "number of groups")));
        }
        foreach (var c in table)
        {
            if (Dropped.Contains(c.Keyword) || IndexedTableKeyword().IsMatch(c.Keyword)) continue;
            if (c.Keyword == "EXTNAME" && c.Value is "COMPRESSED_IMAGE") continue;
            result.Add(c);
        }
        return result;
    }
}
