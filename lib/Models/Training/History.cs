using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NotebookLib.IO;

namespace NotebookLib.Models.Training;

/// <summary>
/// The per-epoch logs of a training run (Keras' History): loss, val_loss, metrics, lr, seconds.
/// history["val_loss"] is one column; in a notebook it shows as training curves.
/// </summary>
public sealed class History
{
    readonly List<IReadOnlyDictionary<string, double>> epochs = [];
    readonly List<string> keys = [];

    public int Count => epochs.Count;
    /// <summary>The logs of each epoch, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Epochs => epochs;
    /// <summary>Every logged name, in first-seen order.</summary>
    public IReadOnlyList<string> Keys => keys;

    public void Add(IReadOnlyDictionary<string, double> logs)
    {
        epochs.Add(new Dictionary<string, double>(logs));
        foreach (var k in logs.Keys)
            if (!keys.Contains(k)) keys.Add(k);
    }

    public bool Contains(string key) => keys.Contains(key);

    /// <summary>One quantity per epoch (NaN where an epoch did not log it).</summary>
    public IReadOnlyList<double> this[string key] => keys.Contains(key)
        ? epochs.Select(e => e.TryGetValue(key, out var v) ? v : double.NaN).ToArray()
        : throw new KeyNotFoundException($"the history has no '{key}' (it has {string.Join(", ", keys)})");

    /// <summary>The epoch (from 0) with the lowest (or, for maximize, highest) value of key.</summary>
    public int BestEpoch(string key = "val_loss", bool maximize = false)
    {
        var column = this[key];
        var best = -1;
        for (var i = 0; i < column.Count; i++)
            if (!double.IsNaN(column[i]) && (best < 0 || (maximize ? column[i] > column[best] : column[i] < column[best]))) best = i;
        return best >= 0 ? best : throw new InvalidOperationException($"'{key}' has no value in any epoch");
    }

    /// <summary>A table with one row per epoch, written atomically.</summary>
    public void WriteCsv(string path)
    {
        var sb = new StringBuilder().AppendLine(string.Join(",", keys.Prepend("epoch")));
        for (var i = 0; i < epochs.Count; i++)
            sb.AppendLine(string.Join(",", keys.Select(k => epochs[i].TryGetValue(k, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")
                .Prepend((i + 1).ToString(CultureInfo.InvariantCulture))));
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Training curves as a Plotly figure: losses on the left axis (log scale when they span
    /// more than a decade), other metrics on the right one, epochs counted from 1.</summary>
    public JsonObject ToPlotly(string title = "Training history")
    {
        var data = new JsonArray();
        var epochNumbers = Enumerable.Range(1, epochs.Count).ToArray();
        var lossKeys = keys.Where(k => k.EndsWith("loss", StringComparison.Ordinal)).ToList();
        var otherKeys = keys.Where(k => !lossKeys.Contains(k) && k is not ("lr" or "seconds")).ToList();
        foreach (var k in lossKeys.Concat(otherKeys))
        {
            var trace = new JsonObject
            {
                ["type"] = "scatter",
                ["mode"] = "lines+markers",
                ["name"] = k,
                ["x"] = new JsonArray(epochNumbers.Select(e => (JsonNode)e).ToArray()),
                ["y"] = new JsonArray(this[k].Select(v => double.IsFinite(v) ? (JsonNode)v : null).ToArray()),
            };
            if (otherKeys.Contains(k)) trace["yaxis"] = "y2";
            if (k.StartsWith("val_", StringComparison.Ordinal)) trace["line"] = new JsonObject { ["dash"] = "dash" };
            data.Add(trace);
        }
        var losses = lossKeys.SelectMany(k => this[k]).Where(v => v > 0 && double.IsFinite(v)).ToList();
        var logScale = losses.Count > 1 && losses.Max() / losses.Min() > 10;
        var layout = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = title },
            ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "epoch" } },
            ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "loss" }, ["type"] = logScale ? "log" : "linear" },
            ["legend"] = new JsonObject { ["orientation"] = "h" },
        };
        if (otherKeys.Count > 0)
            layout["yaxis2"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "metric" }, ["overlaying"] = "y", ["side"] = "right" };
        return new JsonObject { ["data"] = data, ["layout"] = layout };
    }

    public override string ToString()
    {
        if (epochs.Count == 0) return "History (no epochs)";
        var sb = new StringBuilder().AppendLine(string.Join("  ", keys.Prepend("epoch").Select(k => k.PadLeft(10))));
        for (var i = 0; i < epochs.Count; i++)
            sb.AppendLine(string.Join("  ", keys.Select(k => (epochs[i].TryGetValue(k, out var v) ? v.ToString("G5", CultureInfo.InvariantCulture) : "").PadLeft(10))
                .Prepend((i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(10))));
        return sb.ToString().TrimEnd();
    }
}
