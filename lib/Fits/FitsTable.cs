using System.Collections;

namespace NotebookLib.Fits;

/// <summary>A binary or ASCII table read into typed columns (astropy's <c>hdu.data</c> / <c>hdu.columns</c>).</summary>
public sealed class FitsTable : IReadOnlyList<FitsColumn>
{
    readonly List<FitsColumn> columns;
    internal FitsLocation Location { get; }

    internal FitsTable(List<FitsColumn> columns, int rows, FitsLocation location)
    {
        this.columns = columns; RowCount = rows; Location = location;
    }

    public int RowCount { get; }
    public int Count => columns.Count;
    public FitsColumn this[int index] => columns[index];

    /// <summary>The column with this TTYPE (case-insensitive, as astropy).</summary>
    public FitsColumn this[string name] =>
        columns.FirstOrDefault(c => c.Name == name) ?? columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw Location.Error($"no column '{name}' in the table; columns: {string.Join(", ", columns.Select(c => c.Name))}", "TTYPE");

    public IEnumerable<string> Names => columns.Select(c => c.Name);
    public IEnumerator<FitsColumn> GetEnumerator() => columns.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"FitsTable {RowCount} rows: {string.Join(", ", columns)}";
}
