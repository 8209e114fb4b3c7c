using System.Globalization;
using System.Text.RegularExpressions;

namespace NotebookLib.Models.Training;

/// <summary>
/// Keras' ModelCheckpoint: saves the weights (safetensors, atomically: temporary file then
/// rename) after each epoch, or with saveBestOnly only when the monitored value improved, so the
/// file always holds the best model so far. The path may name the epoch and any log value:
/// "ckpt/ae-{epoch:03d}-{val_loss:.4f}.safetensors".
/// </summary>
public sealed partial class ModelCheckpoint : Callback
{
    readonly MonitoredQuantity monitor;
    readonly List<string> saved = [];

    public ModelCheckpoint(string path, string monitor = "val_loss", bool saveBestOnly = true, string mode = "auto", double minDelta = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        this.monitor = new MonitoredQuantity(monitor, mode, minDelta, nameof(ModelCheckpoint));
        SaveBestOnly = saveBestOnly;
    }

    public string Path { get; }
    public string Monitored => monitor.Name;
    public bool SaveBestOnly { get; }
    public double BestValue { get; private set; } = double.NaN;
    public int? BestEpoch { get; private set; }
    /// <summary>The file the best weights went to (the last one written with saveBestOnly).</summary>
    public string? BestPath { get; private set; }
    /// <summary>Every file written, in order.</summary>
    public IReadOnlyList<string> SavedPaths => saved;

    public override void OnTrainBegin(ITrainingControl training)
    {
        BestValue = monitor.Worst;
        BestEpoch = null;
        BestPath = null;
        saved.Clear();
    }

    public override void OnEpochEnd(ITrainingControl training, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var current = monitor.Read(logs);
        var improved = monitor.IsImprovement(current, BestValue);
        if (improved) { BestValue = current; BestEpoch = epoch; }
        if (SaveBestOnly && !improved) return;
        var path = FormatPath(Path, epoch, logs);
        var metadata = new Dictionary<string, string> { ["epoch"] = (epoch + 1).ToString(CultureInfo.InvariantCulture) };
        foreach (var (k, v) in logs) metadata[k] = v.ToString("R", CultureInfo.InvariantCulture);
        training.SaveWeights(path, metadata);
        saved.Add(path);
        if (improved) BestPath = path;
    }

    /// <summary>Fills {epoch} (counted from 1, as Keras) and {name} or {name:.4f} / {epoch:03d} placeholders.</summary>
    public static string FormatPath(string pattern, int epoch, IReadOnlyDictionary<string, double> logs) =>
        Placeholder().Replace(pattern, m =>
        {
            var key = m.Groups[1].Value;
            var spec = m.Groups[2].Success ? m.Groups[2].Value : "";
            double value = key == "epoch" ? epoch + 1
                : logs.TryGetValue(key, out var v) ? v
                : throw new ArgumentException($"checkpoint path '{pattern}' names {{{key}}}, which the epoch logs lack (they have epoch, {string.Join(", ", logs.Keys)})");
            var fixedDigits = Regex.Match(spec, @"^\.(\d+)f$");
            var padded = Regex.Match(spec, @"^0?(\d+)d$");
            if (fixedDigits.Success) return value.ToString("F" + fixedDigits.Groups[1].Value, CultureInfo.InvariantCulture);
            if (padded.Success) return ((long)value).ToString(new string('0', int.Parse(padded.Groups[1].Value, CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
            if (spec.Length > 0) throw new ArgumentException($"checkpoint path '{pattern}': format '{spec}' of {{{key}}} is not understood (use .Nf or 0Nd)");
            return key == "epoch" ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("G6", CultureInfo.InvariantCulture);
        });

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")]
    private static partial Regex Placeholder();
}
