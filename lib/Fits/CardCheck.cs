using System.Text.RegularExpressions;

namespace NotebookLib.Fits;

/// <summary>
/// Checks the cards that CFITSIO is known to mishandle before it sees them. The tile-compression
/// keywords of a compressed image (ZIMAGE = T) are read by CFITSIO into fixed buffers and used as
/// divisors: a malformed value (`ZVAL2 = (  2 / bytes per pixel (1, 2, 4, or 8)`, an unterminated
/// string, a quoted ZTILEn) aborts the process with "buffer overflow detected" or SIGFPE, in
/// CFITSIO 4.2 and fitsverify alike. Such a card is refused with a <see cref="FitsException"/>
/// naming the HDU and the keyword.
/// </summary>
internal static partial class CardCheck
{
    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([EDed][+-]?\d+)?$")]
    private static partial Regex Real();

    [GeneratedRegex(@"^(ZNAXIS|ZTILE|ZNAME|ZVAL)(\d+)$")]
    private static partial Regex Indexed();

    static readonly HashSet<string> IntegerKeys = ["ZBITPIX", "ZNAXIS", "ZPCOUNT", "ZGCOUNT", "ZDITHER0", "ZBLANK", "ZTHEAP"];
    static readonly HashSet<string> StringKeys = ["ZCMPTYPE", "ZQUANTIZ", "ZTENSION", "ZMASKCMP"];
    static readonly HashSet<string> LogicalKeys = ["ZIMAGE", "ZSIMPLE", "ZEXTEND", "ZBLOCKED"];
    static readonly HashSet<string> RealKeys = ["ZSCALE", "ZZERO"];

    /// <summary>Refuses malformed compression keywords of a compressed image's table.</summary>
    internal static void Validate(IReadOnlyList<string> images, IReadOnlyList<FitsCard> cards, FitsLocation where)
    {
        bool compressed = cards.Count > 0 && cards[0].Keyword == "XTENSION" && cards[0].Value is string x && x.Trim() == "BINTABLE"
            && cards.Any(c => c.Keyword == "ZIMAGE" && c.Value is true);
        if (!compressed) return;
        for (int i = 0; i < images.Count; i++)
        {
            var key = cards[i].Keyword;
            if (key.Length == 0 || key[0] != 'Z') continue;
            var kind = Kind(key);
            if (kind is null) continue;
            var value = ValueField(images[i]);
            var problem = value is null ? "has no value" : Problem(value, kind.Value);
            if (problem is null && key.StartsWith("ZTILE", StringComparison.Ordinal) && cards[i].Value is long t && t < 1) problem = $"is {t}, a tile must be at least 1 pixel";
            if (problem is null && key.StartsWith("ZNAXIS", StringComparison.Ordinal) && cards[i].Value is long n && (n < 0 || (key == "ZNAXIS" && n > 999))) problem = $"is {n}, out of range";
            if (problem is null && key == "ZBITPIX" && cards[i].Value is long b && b is not (8 or 16 or 32 or 64 or -32 or -64)) problem = $"is {b}, not a FITS BITPIX";
            if (problem is not null)
                throw new FitsException($"the tile-compression card `{images[i].TrimEnd()}` {problem}; CFITSIO cannot read it safely, so this file is refused", where, key);
        }
    }

    enum ValueKind { Integer, Number, String, Logical }

    static ValueKind? Kind(string key)
    {
        if (IntegerKeys.Contains(key)) return ValueKind.Integer;
        if (StringKeys.Contains(key)) return ValueKind.String;
        if (LogicalKeys.Contains(key)) return ValueKind.Logical;
        if (RealKeys.Contains(key)) return ValueKind.Number;
        var m = Indexed().Match(key);
        if (!m.Success) return null;
        return m.Groups[1].Value switch { "ZNAME" => ValueKind.String, "ZVAL" => ValueKind.Number, _ => ValueKind.Integer };
    }

    /// <summary>The text after "= " (columns 11–80), or null for a card without a value indicator.</summary>
    static string? ValueField(string image) => image.Length >= 10 && image[8] == '=' && image[9] == ' ' ? image[10..] : null;

    /// <summary>What is wrong with a value field for the kind of value it must hold, or null.</summary>
    static string? Problem(string field, ValueKind kind)
    {
        if (field.Any(ch => ch < ' ' || ch > '~')) return "holds a byte that is not printable ASCII";
        var s = field.TrimStart();
        string token;
        if (s.StartsWith('\''))
        {
            // A string: closed by a single quote ('' is an escaped quote), then only a comment.
            int i = 1;
            for (; i < s.Length; i++)
            {
                if (s[i] != '\'') continue;
                if (i + 1 < s.Length && s[i + 1] == '\'') { i++; continue; }
                break;
            }
            if (i >= s.Length) return "has a string value with no closing quote";
            var after = s[(i + 1)..].TrimStart();
            if (after.Length > 0 && after[0] != '/') return "has text after its string value that is not a comment";
            if (i - 1 > 68) return "has a string value longer than 68 characters";
            return kind == ValueKind.String ? null : "holds a string where a number or logical is needed";
        }
        var slash = s.IndexOf('/');
        token = (slash < 0 ? s : s[..slash]).Trim();
        if (token.Length == 0) return "has no value";
        return kind switch
        {
            ValueKind.String => "holds no quoted string",
            ValueKind.Logical => token is "T" or "F" ? null : $"holds '{token}', not T or F",
            ValueKind.Integer => Integer().IsMatch(token) ? null : $"holds '{token}', not an integer",
            _ => Integer().IsMatch(token) || Real().IsMatch(token) ? null : $"holds '{token}', not a number",
        };
    }
}
