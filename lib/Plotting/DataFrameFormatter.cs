using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Plotting;

/// <summary>
/// Microsoft.Data.Analysis DataFrames (the card's tables) show as the library's own tables: the same
/// HTML and plain text as a <see cref="RecordTable"/>, first 50 rows and the total, in our runner and in the
/// real kernel alike (which has no DataFrame formatter of its own unless an extension is loaded).
/// </summary>
public static class DataFrameFormatter
{
    public const int MaxRows = 50;

    /// <summary>The table a DataFrame shows as.</summary>
    public static RecordTable ToTable(DataFrame frame, int maxRows = MaxRows)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns.Select(c => c.Name).ToList();
        return RecordTable.FromColumns(columns, Rows(frame), maxRows,
            title: $"DataFrame: {frame.Rows.Count} rows × {columns.Count} columns");
    }

    static IEnumerable<object?[]> Rows(DataFrame frame)
    {
        for (long i = 0; i < frame.Rows.Count; i++)
            yield return frame.Columns.Select(c => c[i]).ToArray();
    }

    [ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<DataFrame>((f, w) => w.Write(Formatter.ToDisplayString(ToTable(f), "text/html")), "text/html");
        Formatter.Register<DataFrame>((f, w) => w.Write(ToTable(f).ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrame), "text/html", "text/plain");
    }
}
