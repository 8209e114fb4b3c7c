using System.Globalization;

namespace NotebookLib.Explorer;

/// <summary>Per-image metadata: numeric columns (scores, coordinates, truth) that can sort and filter,
/// and text columns that are only shown. Every column has one value per image.</summary>
public sealed class CutoutMetadata
{
    public int Count { get; }
    public Dictionary<string, double[]> Numeric { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string[]> Text { get; } = new(StringComparer.Ordinal);

    public CutoutMetadata(int count) => Count = count;

    public CutoutMetadata Add(string column, double[] values)
    {
        Check(column, values.Length);
        Numeric[column] = values;
        return this;
    }

    public CutoutMetadata Add(string column, string[] values)
    {
        Check(column, values.Length);
        Text[column] = values;
        return this;
    }

    void Check(string column, int n)
    {
        if (string.IsNullOrWhiteSpace(column)) throw new ArgumentException("a metadata column needs a name", nameof(column));
        if (n != Count) throw new ArgumentException($"metadata column '{column}' has {n} values for {Count} images", nameof(column));
        if (Numeric.ContainsKey(column) || Text.ContainsKey(column)) throw new ArgumentException($"metadata column '{column}' is given twice", nameof(column));
    }

    /// <summary>The columns of one image, for the focus view.</summary>
    public Dictionary<string, object> Row(int id)
    {
        var row = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in Numeric) row[k] = double.IsFinite(v[id]) ? v[id] : double.IsNaN(v[id]) ? "NaN" : v[id].ToString(CultureInfo.InvariantCulture);
        foreach (var (k, v) in Text) row[k] = v[id];
        return row;
    }

    /// <summary>From notebook columns: double[] columns are numeric, anything else is shown as text.</summary>
    public static CutoutMetadata From(int count, IReadOnlyDictionary<string, Array>? columns)
    {
        var m = new CutoutMetadata(count);
        if (columns is null) return m;
        foreach (var (name, values) in columns)
        {
            if (values is double[] d) m.Add(name, d);
            else if (values is float[] f) m.Add(name, f.Select(v => (double)v).ToArray());
            else if (values is int[] i) m.Add(name, i.Select(v => (double)v).ToArray());
            else m.Add(name, values.Cast<object?>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray());
        }
        return m;
    }

    /// <summary>
    /// A CSV file with a header row. With an "image" or "name" column, each row goes to the image of that
    /// id or name; otherwise rows are in image order. Columns whose every value parses as a number are numeric.
    /// </summary>
    public static CutoutMetadata FromCsv(string path, ICutouts cutouts)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidDataException($"{path} is empty: a metadata CSV needs a header row");
        var header = SplitCsv(lines[0]);
        var key = Array.FindIndex(header, h => h is "image" or "name" or "id");
        var byName = key < 0 ? null : Enumerable.Range(0, cutouts.Count).ToDictionary(cutouts.NameOf, i => i, StringComparer.Ordinal);
        var cells = new string?[header.Length][];
        for (var c = 0; c < header.Length; c++) cells[c] = new string?[cutouts.Count];
        for (var r = 1; r < lines.Count; r++)
        {
            var row = SplitCsv(lines[r]);
            if (row.Length != header.Length) throw new InvalidDataException($"{path} line {r + 1} has {row.Length} cells, the header {header.Length}");
            int id;
            if (key < 0) id = r - 1;
            else if (!byName!.TryGetValue(row[key], out id) && !(int.TryParse(row[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out id) && id >= 0 && id < cutouts.Count))
                throw new InvalidDataException($"{path} line {r + 1}: no image named or numbered '{row[key]}'");
            if (id >= cutouts.Count) throw new InvalidDataException($"{path} has more rows than the {cutouts.Count} images");
            for (var c = 0; c < header.Length; c++) cells[c][id] = row[c];
        }
        var m = new CutoutMetadata(cutouts.Count);
        for (var c = 0; c < header.Length; c++)
        {
            if (c == key) continue;
            var values = new double[cutouts.Count];
            var numeric = true;
            for (var i = 0; i < values.Length && numeric; i++)
                if (cells[c][i] is null or "") values[i] = double.NaN;
                else numeric = double.TryParse(cells[c][i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
            if (numeric) m.Add(header[c], values);
            else m.Add(header[c], cells[c].Select(v => v ?? "").ToArray());
        }
        return m;
    }

    static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells.Select(c => c.Trim()).ToArray();
    }
}
