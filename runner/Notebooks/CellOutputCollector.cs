using System.Text.Json.Nodes;

namespace NotebookLib.Notebooks;

/// <summary>Collects one cell's outputs in order: consecutive writes to one stream merge into one
/// stream output, displays become display_data, and Update replaces a display in place. Thread-safe,
/// since a cell may print from Parallel.For or tasks. Printed text is bounded: past
/// <paramref name="maxStreamChars"/> characters a cell keeps one note that its output was truncated and
/// drops the rest, so a cell that prints in a loop cannot fill the memory or the report.</summary>
public sealed class CellOutputCollector(NotebookCell cell, long maxStreamChars = CellOutputCollector.DefaultMaxStreamChars) : IKernelOutput
{
    /// <summary>8 Mi characters of printed text per cell: far more than a reader scrolls through.</summary>
    public const long DefaultMaxStreamChars = 8L << 20;

    readonly object gate = new();
    readonly Dictionary<string, int> displays = new();
    long streamChars;
    bool truncated;

    /// <summary>Raised (under no lock) after each new output, for live progress on a console.</summary>
    public event Action<CellOutput>? OutputAdded;

    public void WriteStream(string name, string text)
    {
        CellOutput added;
        lock (gate)
        {
            if (truncated) return;
            if (streamChars + text.Length > maxStreamChars)
            {
                truncated = true;
                var keep = (int)Math.Max(0, maxStreamChars - streamChars);
                text = text[..keep] + $"\n[output truncated after {Megabytes(maxStreamChars)}: the rest of this cell's printed output was dropped]\n";
            }
            streamChars += text.Length;
            var outs = cell.Outputs;
            if (outs.Count > 0 && outs[^1] is StreamOutput last && last.Name == name)
                outs[^1] = added = last with { Text = last.Text + text };
            else
                outs.Add(added = new StreamOutput(name, text));
        }
        OutputAdded?.Invoke(added);
    }

    static string Megabytes(long chars) => chars >= 100_000 ? $"{chars / (double)(1 << 20):0.##} M characters" : $"{chars:N0} characters";

    public DisplayedValue Display(object? value, params string[] mimeTypes)
    {
        var data = MimeFormatter.Format(value, mimeTypes);
        var id = Guid.NewGuid().ToString("N");
        var output = new DisplayOutput(data, new JsonObject(), id);
        lock (gate)
        {
            displays[id] = cell.Outputs.Count;
            cell.Outputs.Add(output);
        }
        OutputAdded?.Invoke(output);
        return new DisplayedValue(this, id, mimeTypes);
    }

    public void Update(DisplayedValue displayed, object? value)
    {
        var data = MimeFormatter.Format(value, displayed.MimeTypes.ToList());
        lock (gate)
        {
            if (!displays.TryGetValue(displayed.DisplayId, out var index))
                throw new InvalidOperationException("this displayed value belongs to another cell");
            cell.Outputs[index] = ((DisplayOutput)cell.Outputs[index]) with { Data = data };
        }
    }

    /// <summary>The cell's last expression, as an execute_result.</summary>
    public void Result(object? value, int executionCount)
    {
        var output = new DisplayOutput(MimeFormatter.Format(value), new JsonObject(), null, executionCount, IsResult: true);
        lock (gate) cell.Outputs.Add(output);
        OutputAdded?.Invoke(output);
    }

    public void Error(ErrorOutput error)
    {
        lock (gate) cell.Outputs.Add(error);
        OutputAdded?.Invoke(error);
    }
}
