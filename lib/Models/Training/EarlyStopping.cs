namespace NotebookLib.Models.Training;

/// <summary>
/// Keras' EarlyStopping: stops training once the monitored value has not improved (by more than
/// minDelta) for <c>patience</c> epochs; with restoreBestWeights the model ends with the weights
/// of its best epoch. Epochs before startFromEpoch only warm up (they are not judged).
/// </summary>
public sealed class EarlyStopping : Callback
{
    readonly MonitoredQuantity monitor;
    IWeightsSnapshot? bestWeights;
    int wait;

    public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, string mode = "auto",
        bool restoreBestWeights = false, double? baseline = null, int startFromEpoch = 0)
    {
        if (patience < 0) throw new ArgumentException($"EarlyStopping: patience must be non-negative, not {patience}");
        this.monitor = new MonitoredQuantity(monitor, mode, minDelta, nameof(EarlyStopping));
        Patience = patience; RestoreBestWeights = restoreBestWeights; Baseline = baseline; StartFromEpoch = startFromEpoch;
    }

    public string Monitored => monitor.Name;
    public int Patience { get; }
    public bool RestoreBestWeights { get; }
    public double? Baseline { get; }
    public int StartFromEpoch { get; }
    /// <summary>The epoch training stopped at, or null when it ran to the end.</summary>
    public int? StoppedEpoch { get; private set; }
    public int? BestEpoch { get; private set; }
    public double BestValue { get; private set; }
    /// <summary>True when the weights were put back to the best epoch's at the end of training.</summary>
    public bool RestoredBestWeights { get; private set; }

    public override void OnTrainBegin(ITrainingControl training)
    {
        wait = 0;
        StoppedEpoch = null; BestEpoch = null; RestoredBestWeights = false;
        BestValue = Baseline ?? monitor.Worst;
        bestWeights?.Dispose();
        bestWeights = null;
    }

    public override void OnEpochEnd(ITrainingControl training, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (epoch < StartFromEpoch) return;
        var current = monitor.Read(logs);
        wait++;
        if (monitor.IsImprovement(current, BestValue))
        {
            BestValue = current;
            BestEpoch = epoch;
            if (RestoreBestWeights)
            {
                bestWeights?.Dispose();
                bestWeights = training.CaptureWeights();
            }
            // With a baseline, patience counts from the start until the baseline is beaten.
            if (Baseline is null || monitor.IsImprovement(current, Baseline.Value)) wait = 0;
            return;
        }
        if (wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            training.StopTraining = true;
        }
    }

    public override void OnTrainEnd(ITrainingControl training)
    {
        if (RestoreBestWeights && bestWeights is not null && BestEpoch != training.Epoch)
        {
            training.RestoreWeights(bestWeights);
            RestoredBestWeights = true;
        }
        bestWeights?.Dispose();
        bestWeights = null;
    }
}
