namespace NotebookLib.Models.Training;

/// <summary>
/// Keras' ReduceLROnPlateau callback: when the monitored value has not improved (by more than
/// minDelta) for <c>patience</c> epochs, multiplies the learning rate by <c>factor</c> (not below
/// minLr), then waits <c>cooldown</c> epochs before counting again. The rates it set are in
/// <see cref="Reductions"/>; the history's "lr" column shows them per epoch.
/// </summary>
public sealed class ReduceLROnPlateau : Callback
{
    readonly MonitoredQuantity monitor;
    readonly List<(int epoch, double lr)> reductions = [];
    int wait, cooldownCounter;
    double best;

    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, string mode = "auto",
        double minDelta = 1e-4, int cooldown = 0, double minLr = 0)
    {
        if (!(factor > 0 && factor < 1)) throw new ArgumentException($"ReduceLROnPlateau: factor must be in (0, 1), not {factor}");
        if (patience < 0) throw new ArgumentException($"ReduceLROnPlateau: patience must be non-negative, not {patience}");
        if (cooldown < 0) throw new ArgumentException($"ReduceLROnPlateau: cooldown must be non-negative, not {cooldown}");
        if (minLr < 0) throw new ArgumentException($"ReduceLROnPlateau: minLr must be non-negative, not {minLr}");
        this.monitor = new MonitoredQuantity(monitor, mode, minDelta, nameof(ReduceLROnPlateau));
        Factor = factor; Patience = patience; Cooldown = cooldown; MinLr = minLr;
    }

    public string Monitored => monitor.Name;
    public double Factor { get; }
    public int Patience { get; }
    public int Cooldown { get; }
    public double MinLr { get; }
    /// <summary>(epoch, new learning rate) for each reduction.</summary>
    public IReadOnlyList<(int epoch, double lr)> Reductions => reductions;

    public override void OnTrainBegin(ITrainingControl training)
    {
        wait = 0; cooldownCounter = 0;
        best = monitor.Worst;
        reductions.Clear();
    }

    public override void OnEpochEnd(ITrainingControl training, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var current = monitor.Read(logs);
        if (cooldownCounter > 0) { cooldownCounter--; wait = 0; }
        if (monitor.IsImprovement(current, best)) { best = current; wait = 0; return; }
        if (cooldownCounter > 0) return;
        wait++;
        if (wait < Patience) return;
        var old = training.LearningRate;
        if (old > MinLr)
        {
            var next = Math.Max(old * Factor, MinLr);
            training.LearningRate = next;
            reductions.Add((epoch, next));
            cooldownCounter = Cooldown;
            wait = 0;
        }
    }
}
