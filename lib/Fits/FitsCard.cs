using System.Globalization;
using System.Numerics;
using System.Text;

namespace NotebookLib.Fits;

/// <summary>
/// One header card, as astropy's <c>Card</c>: keyword, value and comment. Values are
/// <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="Complex"/>, or null for an undefined value. COMMENT, HISTORY and blank-keyword cards
/// are commentary: their text is the <see cref="Value"/> (a string) and they have no comment.
/// A long string continued over CONTINUE cards is one card here, as in astropy.
/// </summary>
public sealed record FitsCard(string Keyword, object? Value, string Comment = "")
{
    public static readonly IReadOnlySet<string> CommentaryKeywords = new HashSet<string> { "COMMENT", "HISTORY", "" };

    public bool IsCommentary => CommentaryKeywords.Contains(Keyword);

    public override string ToString() => IsCommentary ? $"{Keyword,-8}{Value}" :
        $"{(Keyword.Length > 8 ? "HIERARCH " + Keyword : Keyword),-8}= {FormatValue(Value)}{(Comment.Length > 0 ? " / " + Comment : "")}";

    /// <summary>The value as it is written in a card (strings quoted, booleans T/F).</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "",
        string s => "'" + s.Replace("'", "''") + "'",
        bool b => b ? "T" : "F",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        Complex c => $"({FormatDouble(c.Real)}, {FormatDouble(c.Imaginary)})",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string FormatDouble(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains('N') || s.Contains('I') ? s : s + ".0";
    }

    /// <summary>Parses 80-character card images (a header as CFITSIO returns it, without END)
    /// into cards, joining CONTINUE long strings.</summary>
    internal static List<FitsCard> ParseAll(string text)
    {
        var cards = new List<FitsCard>(text.Length / 80);
        bool continued = false; // the last card was joined from CONTINUE cards
        for (int i = 0; i < text.Length; i += 80)
        {
            var image = text.Substring(i, Math.Min(80, text.Length - i));
            var card = Parse(image);
            if (card.Keyword == "END" && card.Value is string rest && rest.Length == 0) break;
            if (card.Keyword == "CONTINUE" && cards.Count > 0 && cards[^1].Value is string prev && prev.EndsWith('&') && card.Value is string more)
            {
                var last = cards[^1];
                var comment = last.Comment.Length > 0 && card.Comment.Length > 0 ? last.Comment + " " + card.Comment : last.Comment + card.Comment;
                cards[^1] = last with { Value = prev[..^1] + more, Comment = comment };
                continued = true;
                continue;
            }
            EndLongString(cards, continued);
            continued = false;
            cards.Add(card);
        }
        EndLongString(cards, continued);
        return cards;
    }

    /// <summary>A long string's last segment may end with '&amp;' too (the writer had more to say, or
    /// not); astropy drops it, and so do we.</summary>
    static void EndLongString(List<FitsCard> cards, bool continued)
    {
        if (continued && cards[^1].Value is string s && s.EndsWith('&')) cards[^1] = cards[^1] with { Value = s[..^1] };
    }

    /// <summary>Parses one card image the way the FITS standard (and astropy) reads it.</summary>
    internal static FitsCard Parse(string image)
    {
        image = image.PadRight(80);
        string keyword;
        string rest;
        if (image.StartsWith("HIERARCH ", StringComparison.OrdinalIgnoreCase) && image.IndexOf('=') > 8)
        {
            var eq = image.IndexOf('=');
            keyword = image[9..eq].Trim();
            rest = image[(eq + 1)..];
        }
        else
        {
            keyword = image[..8].TrimEnd();
            if (image.Substring(8, 2) != "= " || CommentaryKeywords.Contains(keyword))
            {
                // Commentary (COMMENT, HISTORY, blank) and cards without a value indicator, and
                // CONTINUE cards, which carry a string that the caller joins to the card before.
                if (keyword == "CONTINUE")
                {
                    var (cv, cc) = ParseValue(image[8..]);
                    return new FitsCard(keyword, cv, cc);
                }
                return new FitsCard(keyword, image[8..].TrimEnd(), "");
            }
            rest = image[10..];
        }
        var (value, comment) = ParseValue(rest);
        return new FitsCard(keyword, value, comment);
    }

    static (object? Value, string Comment) ParseValue(string s)
    {
        int i = 0;
        while (i < s.Length && s[i] == ' ') i++;
        if (i < s.Length && s[i] == '\'')
        {
            var sb = new StringBuilder();
            i++;
            while (i < s.Length)
            {
                if (s[i] == '\'')
                {
                    if (i + 1 < s.Length && s[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                    i++;
                    break;
                }
                sb.Append(s[i++]);
            }
            return (sb.ToString().TrimEnd(), CommentAfter(s, i));
        }
        var slash = s.IndexOf('/', i);
        var token = (slash < 0 ? s[i..] : s[i..slash]).Trim();
        var comment = slash < 0 ? "" : s[(slash + 1)..].Trim();
        return (ParseToken(token), comment);
    }

    static string CommentAfter(string s, int i)
    {
        var slash = s.IndexOf('/', i);
        return slash < 0 ? "" : s[(slash + 1)..].Trim();
    }

    static object? ParseToken(string token)
    {
        if (token.Length == 0) return null;
        if (token == "T") return true;
        if (token == "F") return false;
        if (token.StartsWith('(') && token.EndsWith(')'))
        {
            var parts = token[1..^1].Split(',');
            if (parts.Length == 2 && ParseReal(parts[0].Trim()) is double re && ParseReal(parts[1].Trim()) is double im)
                return new Complex(re, im);
            return token;
        }
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (ParseReal(token) is double d) return d;
        return token;
    }

    static double? ParseReal(string t) =>
        double.TryParse(t.Replace('D', 'E').Replace('d', 'e'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
