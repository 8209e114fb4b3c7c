using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace NotebookLib.Plotting;

/// <summary>
/// An HTML table of records (any IEnumerable of records, classes, tuples or plain values): one column per
/// public property or field, the first <see cref="MaxRows"/> rows shown and the total counted.
/// Numbers are written with 6 significant digits.
/// </summary>
public sealed class RecordTable
{
    internal const string Css =
        "table.notebooklib-table{border-collapse:collapse;font-size:13px;margin:0.5em 0}" +
        "table.notebooklib-table th,table.notebooklib-table td{border:1px solid #ccc;padding:2px 8px;text-align:right}" +
        "table.notebooklib-table th{background:#f0f0f0}" +
        "table.notebooklib-table caption{text-align:left;font-weight:bold;padding:2px 0}";

    RecordTable(string? title, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, int totalRows, int maxRows)
    {
        Title = title;
        Columns = columns;
        Rows = rows;
        TotalRows = totalRows;
        MaxRows = maxRows;
    }

    public string? Title { get; }
    public IReadOnlyList<string> Columns { get; }
    /// <summary>The rows shown (at most MaxRows), one value per column.</summary>
    public IReadOnlyList<object?[]> Rows { get; }
    /// <summary>How many rows the source had.</summary>
    public int TotalRows { get; }
    public int MaxRows { get; }

    /// <summary>A table of <paramref name="rows"/>; only the first <paramref name="maxRows"/> are kept.</summary>
    public static RecordTable From<T>(IEnumerable<T> rows, int maxRows = 50, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (maxRows < 1) throw new ArgumentOutOfRangeException(nameof(maxRows), $"maxRows must be 1 or more, not {maxRows}");
        var members = Members(typeof(T));
        var kept = new List<object?[]>();
        var total = 0;
        foreach (var r in rows)
        {
            if (total++ >= maxRows) continue;
            kept.Add(members.Count == 0 ? [r] : members.Select(m => r is null ? null : m.Get(r)).ToArray());
        }
        var columns = members.Count == 0 ? new[] { "value" } : members.Select(m => m.Name).ToArray();
        return new RecordTable(title, columns, kept, total, maxRows);
    }

    /// <summary>A table of given columns and rows (a DataFrame's); only the first <paramref name="maxRows"/> rows are kept.</summary>
    public static RecordTable FromColumns(IReadOnlyList<string> columns, IEnumerable<object?[]> rows, int maxRows = 50, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (maxRows < 1) throw new ArgumentOutOfRangeException(nameof(maxRows), $"maxRows must be 1 or more, not {maxRows}");
        var kept = new List<object?[]>();
        var total = 0;
        foreach (var r in rows)
        {
            if (r.Length != columns.Count) throw new ArgumentException($"row {total} has {r.Length} values for {columns.Count} columns", nameof(rows));
            if (total++ < maxRows) kept.Add(r);
        }
        return new RecordTable(title, columns.ToArray(), kept, total, maxRows);
    }

    /// <summary>One record shown vertically: a row per property (a result's fields, a summary).</summary>
    public static RecordTable Of(object record, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var rows = Members(record.GetType()).Select(m => new object?[] { m.Name, m.Get(record) }).ToList();
        return new RecordTable(title ?? record.GetType().Name, ["property", "value"], rows, rows.Count, Math.Max(1, rows.Count));
    }

    /// <summary>A two-column table of named values.</summary>
    public static RecordTable Of(string title, params (string Name, object? Value)[] values) =>
        new(title, ["name", "value"], values.Select(v => new object?[] { v.Name, v.Value }).ToList(), values.Length, Math.Max(1, values.Length));

    sealed record Member(string Name, Func<object, object?> Get);

    static List<Member> Members(Type t)
    {
        if (IsScalar(t)) return [];
        var members = new List<Member>();
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (p.GetIndexParameters().Length == 0 && p.CanRead && p.Name != "EqualityContract")
                members.Add(new(p.Name, o => p.GetValue(o)));
        foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Instance))
            members.Add(new(f.Name, o => f.GetValue(o)));
        return members;
    }

    static bool IsScalar(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(object)
        || (Nullable.GetUnderlyingType(t) is { } u && IsScalar(u));

    internal static string FormatValue(object? v) => v switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Take(8).Select(FormatValue)) + (e.Cast<object?>().Skip(8).Any() ? ", …" : "") + "]",
        _ => v.ToString() ?? "",
    };

    public string ToHtml()
    {
        var sb = new StringBuilder("<table class=\"notebooklib-table\">");
        if (Title is not null) sb.Append("<caption>").Append(WebUtility.HtmlEncode(Title)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var c in Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            sb.Append("<tr>");
            foreach (var v in row) sb.Append("<td>").Append(WebUtility.HtmlEncode(FormatValue(v))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (TotalRows > Rows.Count)
            sb.Append("<p class=\"notebooklib-note\">").Append(Rows.Count).Append(" of ").Append(TotalRows).Append(" rows shown</p>");
        return sb.ToString();
    }

    /// <summary>Aligned plain text (a console, a text/plain display).</summary>
    public override string ToString()
    {
        var cells = Rows.Select(r => r.Select(FormatValue).ToArray()).ToList();
        var widths = Columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        if (Title is not null) sb.AppendLine(Title);
        sb.AppendLine(string.Join("  ", Columns.Select((c, i) => c.PadLeft(widths[i]))));
        foreach (var r in cells) sb.AppendLine(string.Join("  ", r.Select((v, i) => v.PadLeft(widths[i]))));
        if (TotalRows > Rows.Count) sb.AppendLine($"({Rows.Count} of {TotalRows} rows shown)");
        return sb.ToString().TrimEnd();
    }
}
