namespace NotebookLib.Models.Training;

/// <summary>
/// What a callback may see and change while a model trains: the epoch, the history so far, the
/// learning rate, a stop flag, and the model's weights (captured in memory, restored, saved).
/// The trainer implements it over a Module and an optimiser; tests implement it over plain numbers.
/// </summary>
public interface ITrainingControl
{
    /// <summary>The current epoch, counted from 0.</summary>
    int Epoch { get; }
    History History { get; }
    double LearningRate { get; set; }
    /// <summary>Set to true to end training after this epoch.</summary>
    bool StopTraining { get; set; }
    /// <summary>A copy of the current weights, kept in memory (dispose it to free it).</summary>
    IWeightsSnapshot CaptureWeights();
    void RestoreWeights(IWeightsSnapshot snapshot);
    /// <summary>Writes the weights to a file atomically (temporary file, then rename).</summary>
    void SaveWeights(string path, IReadOnlyDictionary<string, string>? metadata = null);
}

/// <summary>A copy of a model's weights at some epoch.</summary>
public interface IWeightsSnapshot : IDisposable
{
    int Epoch { get; }
}

/// <summary>
/// Hooks into training, as Keras callbacks: the trainer calls them in the order given, at the
/// start and end of training, of each epoch (with that epoch's logs: loss, val_loss, metrics,
/// lr) and after each batch.
/// </summary>
public abstract class Callback
{
    public virtual void OnTrainBegin(ITrainingControl training) { }
    public virtual void OnEpochBegin(ITrainingControl training, int epoch) { }
    public virtual void OnBatchEnd(ITrainingControl training, int batch, double loss) { }
    public virtual void OnEpochEnd(ITrainingControl training, int epoch, IReadOnlyDictionary<string, double> logs) { }
    public virtual void OnTrainEnd(ITrainingControl training) { }
}

/// <summary>
/// A monitored quantity in the epoch logs and what counts as an improvement (Keras' rules):
/// mode "min", "max", or "auto" (max for accuracy-like names, min otherwise); an improvement
/// must beat the best by more than minDelta.
/// </summary>
public sealed class MonitoredQuantity
{
    public MonitoredQuantity(string name, string mode = "auto", double minDelta = 0, string owner = "callback")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (mode is not ("auto" or "min" or "max")) throw new ArgumentException($"{owner}: mode must be auto, min or max, not '{mode}'");
        if (minDelta < 0) throw new ArgumentException($"{owner}: minDelta must be non-negative, not {minDelta}");
        Name = name;
        Owner = owner;
        MinDelta = minDelta;
        var lower = name.ToLowerInvariant();
        Maximize = mode == "max" || (mode == "auto" &&
            new[] { "acc", "auc", "f1", "precision", "recall", "specificity", "sensitivity", "score" }.Any(lower.Contains));
    }

    public string Name { get; }
    public string Owner { get; }
    public double MinDelta { get; }
    public bool Maximize { get; }
    /// <summary>The worst possible value, where tracking starts.</summary>
    public double Worst => Maximize ? double.NegativeInfinity : double.PositiveInfinity;

    public bool IsImprovement(double current, double best) =>
        !double.IsNaN(current) && (Maximize ? current - MinDelta > best : current + MinDelta < best);

    /// <summary>The monitored value in an epoch's logs; a missing one is an error naming what there is.</summary>
    public double Read(IReadOnlyDictionary<string, double> logs) => logs.TryGetValue(Name, out var v) ? v
        : throw new InvalidOperationException($"{Owner} monitors '{Name}', which the epoch logs lack (they have {string.Join(", ", logs.Keys)})"
            + (Name.StartsWith("val_", StringComparison.Ordinal) ? ": give the trainer validation data, or monitor a training quantity" : ""));
}
