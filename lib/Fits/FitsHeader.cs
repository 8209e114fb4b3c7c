using System.Collections;
using System.Globalization;
using System.Numerics;

namespace NotebookLib.Fits;

/// <summary>
/// A FITS header as astropy's <c>Header</c>: an ordered list of <see cref="FitsCard"/>s with typed
/// access by keyword (the first card with that keyword; keywords are case-insensitive). A missing
/// keyword or a value of another type is a <see cref="FitsException"/> naming the file, the HDU and
/// the keyword. Also used to give extra cards to the writer.
/// </summary>
public sealed class FitsHeader : IReadOnlyList<FitsCard>
{
    readonly List<FitsCard> cards = new();
    internal FitsLocation Location { get; set; }

    public FitsHeader() { }
    public FitsHeader(IEnumerable<FitsCard> cards) => this.cards.AddRange(cards);
    internal FitsHeader(IEnumerable<FitsCard> cards, FitsLocation location) : this(cards) => Location = location;

    public int Count => cards.Count;
    public FitsCard this[int index] => cards[index];
    public IEnumerator<FitsCard> GetEnumerator() => cards.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Keywords in order (commentary keywords included, once per card).</summary>
    public IEnumerable<string> Keys => cards.Select(c => c.Keyword);

    /// <summary>The value of the first card with this keyword (string, bool, long, double,
    /// Complex, or null when undefined). Setting replaces that card's value or appends a card.</summary>
    public object? this[string keyword]
    {
        get => Card(keyword).Value;
        set => Set(keyword, value);
    }

    public bool Contains(string keyword) => IndexOf(keyword) >= 0;

    public int IndexOf(string keyword)
    {
        var k = Normalize(keyword);
        for (int i = 0; i < cards.Count; i++) if (cards[i].Keyword.Equals(k, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The first card with this keyword.</summary>
    public FitsCard Card(string keyword)
    {
        var i = IndexOf(keyword);
        if (i < 0) throw Location.Error("keyword not found in header", keyword);
        return cards[i];
    }

    public bool TryGetValue(string keyword, out object? value)
    {
        var i = IndexOf(keyword);
        value = i >= 0 ? cards[i].Value : null;
        return i >= 0;
    }

    /// <summary>The comment of the first card with this keyword.</summary>
    public string Comment(string keyword) => Card(keyword).Comment;

    public string GetString(string keyword) => Card(keyword).Value switch
    {
        string s => s,
        var v => throw TypeError(keyword, "a string", v),
    };

    public bool GetBool(string keyword) => Card(keyword).Value switch
    {
        bool b => b,
        var v => throw TypeError(keyword, "a logical (T/F)", v),
    };

    public long GetLong(string keyword) => Card(keyword).Value switch
    {
        long l => l,
        var v => throw TypeError(keyword, "an integer", v),
    };

    /// <summary>A real value; an integer card is read as a double too (EXPTIME = 30 is common).</summary>
    public double GetDouble(string keyword) => Card(keyword).Value switch
    {
        double d => d,
        long l => l,
        var v => throw TypeError(keyword, "a real number", v),
    };

    public Complex GetComplex(string keyword) => Card(keyword).Value switch
    {
        Complex c => c,
        double d => d,
        long l => l,
        var v => throw TypeError(keyword, "a complex number", v),
    };

    public string GetString(string keyword, string fallback) => Contains(keyword) ? GetString(keyword) : fallback;
    public bool GetBool(string keyword, bool fallback) => Contains(keyword) ? GetBool(keyword) : fallback;
    public long GetLong(string keyword, long fallback) => Contains(keyword) ? GetLong(keyword) : fallback;
    public double GetDouble(string keyword, double fallback) => Contains(keyword) ? GetDouble(keyword) : fallback;

    /// <summary>The texts of the HISTORY cards, in order.</summary>
    public IReadOnlyList<string> History => Commentary("HISTORY");
    /// <summary>The texts of the COMMENT cards, in order.</summary>
    public IReadOnlyList<string> Comments => Commentary("COMMENT");

    IReadOnlyList<string> Commentary(string keyword) =>
        cards.Where(c => c.Keyword == keyword).Select(c => c.Value as string ?? "").ToList();

    /// <summary>Sets the value (and comment, when given) of the first card with this keyword, or
    /// appends a new card. Values: string, bool, integers, float/double, Complex, or null.</summary>
    public FitsHeader Set(string keyword, object? value, string? comment = null)
    {
        var k = Normalize(keyword);
        if (FitsCard.CommentaryKeywords.Contains(k)) return Add(new FitsCard(k, value?.ToString() ?? ""));
        var v = NormalizeValue(k, value);
        var i = IndexOf(k);
        if (i >= 0) cards[i] = cards[i] with { Value = v, Comment = comment ?? cards[i].Comment };
        else cards.Add(new FitsCard(k, v, comment ?? ""));
        return this;
    }

    public FitsHeader Add(FitsCard card)
    {
        cards.Add(card with { Keyword = Normalize(card.Keyword), Value = card.IsCommentary ? card.Value : NormalizeValue(card.Keyword, card.Value) });
        return this;
    }

    public FitsHeader AddHistory(string text) => Add(new FitsCard("HISTORY", text));
    public FitsHeader AddComment(string text) => Add(new FitsCard("COMMENT", text));

    /// <summary>Removes every card with this keyword; returns how many there were.</summary>
    public int Remove(string keyword)
    {
        var k = Normalize(keyword);
        return cards.RemoveAll(c => c.Keyword.Equals(k, StringComparison.OrdinalIgnoreCase));
    }

    public override string ToString() => string.Join("\n", cards.Select(c => c.ToString()));

    static string Normalize(string keyword)
    {
        var k = keyword.Trim();
        if (k.StartsWith("HIERARCH ", StringComparison.OrdinalIgnoreCase)) k = k[9..].Trim();
        return k.ToUpperInvariant();
    }

    object? NormalizeValue(string keyword, object? value) => value switch
    {
        null or string or bool or long or double or Complex => value,
        int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u when u <= long.MaxValue => (long)u,
        float f => (double)f,
        decimal m => (double)m,
        _ => throw Location.Error($"a header value must be a string, bool, integer, real or complex number, not {value.GetType().Name}", keyword),
    };

    FitsException TypeError(string keyword, string wanted, object? actual) =>
        Location.Error($"value {FitsCard.FormatValue(actual)} is not {wanted}" + (actual is null ? " (the value is undefined)" : ""), keyword);
}
