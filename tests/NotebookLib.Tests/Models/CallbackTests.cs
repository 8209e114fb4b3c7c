using System.Globalization;
using NotebookLib.IO;
using NotebookLib.Models.Training;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Models;

/// <summary>The callbacks against a stand-in for a model: one number as its weights, the
/// monitored value given per epoch.</summary>
public class CallbackTests
{
    sealed class FakeTraining : ITrainingControl
    {
        public double Weight;
        public int Epoch { get; set; }
        public History History { get; } = new();
        public double LearningRate { get; set; } = 0.1;
        public bool StopTraining { get; set; }
        public IWeightsSnapshot CaptureWeights() => new Snapshot(Epoch, Weight);
        public void RestoreWeights(IWeightsSnapshot s) => Weight = ((Snapshot)s).Weight;
        public void SaveWeights(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
            AtomicFile.WriteAllText(path, Weight.ToString("R", CultureInfo.InvariantCulture));
        sealed record Snapshot(int Epoch, double Weight) : IWeightsSnapshot { public void Dispose() { } }
    }

    /// <summary>The trainer's epoch loop: the weight after epoch e is e + 1, the monitored value is given.</summary>
    static FakeTraining Run(IReadOnlyList<double> valLoss, params Callback[] callbacks)
    {
        var t = new FakeTraining();
        foreach (var c in callbacks) c.OnTrainBegin(t);
        for (var e = 0; e < valLoss.Count; e++)
        {
            t.Epoch = e;
            t.Weight = e + 1;
            var logs = new Dictionary<string, double> { ["loss"] = valLoss[e] * 0.9, ["val_loss"] = valLoss[e], ["lr"] = t.LearningRate };
            t.History.Add(logs);
            foreach (var c in callbacks) c.OnEpochEnd(t, e, logs);
            if (t.StopTraining) break;
        }
        foreach (var c in callbacks) c.OnTrainEnd(t);
        return t;
    }

    static readonly double[] Curve = [1.0, 0.8, 0.6, 0.55, 0.58, 0.57, 0.59, 0.6, 0.61, 0.62, 0.63, 0.64];

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement_and_restores_the_best()
    {
        var stop = new EarlyStopping(patience: 3, restoreBestWeights: true);
        var t = Run(Curve, stop);
        Assert.Equal(3, stop.BestEpoch);              // 0.55
        Assert.Equal(6, stop.StoppedEpoch);           // three epochs later
        Assert.Equal(7, t.History.Count);
        Assert.True(stop.RestoredBestWeights);
        Assert.Equal(4, t.Weight);                    // the weights after epoch 3

        var keep = new EarlyStopping(patience: 3);
        var t2 = Run(Curve, keep);
        Assert.Equal(7, t2.Weight);                   // last epoch's weights kept
        // minDelta: 0.58 → 0.57 is no improvement of more than 0.05 over 0.55.
        var coarse = new EarlyStopping(patience: 1, minDelta: 0.05);
        Run(Curve, coarse);
        Assert.Equal(3, coarse.StoppedEpoch);         // 0.55 beats 0.6 by less than 0.05
    }

    [Fact]
    public void Early_stopping_on_an_accuracy_maximises_and_a_missing_metric_is_named()
    {
        var stop = new EarlyStopping("val_accuracy", patience: 1);
        var t = new FakeTraining();
        stop.OnTrainBegin(t);
        double[] acc = [0.5, 0.7, 0.6, 0.65];
        for (var e = 0; e < acc.Length && !t.StopTraining; e++)
            stop.OnEpochEnd(t, e, new Dictionary<string, double> { ["val_accuracy"] = acc[e] });
        Assert.Equal(1, stop.BestEpoch);
        Assert.Equal(2, stop.StoppedEpoch);

        var e2 = Assert.Throws<InvalidOperationException>(() => Run([1.0], new EarlyStopping("val_auc")));
        Assert.Contains("'val_auc'", e2.Message);
        Assert.Contains("val_loss", e2.Message);
    }

    [Fact]
    public void Checkpoint_holds_the_best_weights_written_atomically()
    {
        var dir = Repo.TempDir("checkpoint");
        var best = new ModelCheckpoint(Path.Combine(dir, "best.safetensors"));
        var every = new ModelCheckpoint(Path.Combine(dir, "e{epoch:02d}-{val_loss:.2f}.txt"), saveBestOnly: false);
        Run(Curve, best, every);
        Assert.Equal(3, best.BestEpoch);
        Assert.Equal(0.55, best.BestValue);
        Assert.Equal("4", File.ReadAllText(best.BestPath!));   // written after epoch 3, never overwritten by worse ones
        Assert.Equal(4, best.SavedPaths.Count);                // epochs 0..3 improved
        Assert.Equal(Curve.Length, every.SavedPaths.Count);
        Assert.True(File.Exists(Path.Combine(dir, "e04-0.55.txt")));
        Assert.Equal(Curve.Length + 1, Directory.GetFiles(dir).Length);  // no temporary files left

        var e = Assert.Throws<ArgumentException>(() => ModelCheckpoint.FormatPath("m-{val_acc}.st", 0, new Dictionary<string, double> { ["loss"] = 1 }));
        Assert.Contains("{val_acc}", e.Message);
    }

    [Fact]
    public void Learning_rate_drops_on_a_plateau_with_cooldown_and_floor()
    {
        double[] plateau = [1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        var reduce = new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 1, minLr: 0.02);
        var t = Run(plateau, reduce);
        // Keras' rules: best at epoch 1; epochs 2 and 3 without improvement → drop at 3; epoch 4 ends
        // the cooldown and counts again, with 5 → drop at 5; then at 7 (floored at 0.02); none after.
        Assert.Equal([(3, 0.05), (5, 0.025), (7, 0.02)], reduce.Reductions.Select(r => (r.epoch, Math.Round(r.lr, 12))).ToArray());
        Assert.Equal(0.02, t.LearningRate, 12);
        // The history logs the rate each epoch had.
        Assert.Equal(0.05, t.History["lr"][4], 12);

        var improving = new ReduceLROnPlateau(factor: 0.5, patience: 1);
        var t2 = Run([1.0, 0.9, 0.8, 0.7], improving);
        Assert.Empty(improving.Reductions);
        Assert.Equal(0.1, t2.LearningRate);
        Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(factor: 1.5));
    }

    [Fact]
    public void History_columns_best_epoch_csv_and_plot()
    {
        var t = Run(Curve, new EarlyStopping(patience: 100));
        Assert.Equal(Curve, t.History["val_loss"]);
        Assert.Equal(3, t.History.BestEpoch("val_loss"));
        Assert.Throws<KeyNotFoundException>(() => t.History["val_f1"]);
        var csv = Path.Combine(Repo.TempDir("history"), "h.csv");
        t.History.WriteCsv(csv);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("epoch,loss,val_loss,lr", lines[0]);
        Assert.Equal(Curve.Length + 1, lines.Length);
        var fig = t.History.ToPlotly();
        var traces = fig["data"]!.AsArray();
        Assert.Equal(["loss", "val_loss"], traces.Select(tr => (string)tr!["name"]!).ToArray());
        Assert.Equal(Curve.Length, traces[1]!["y"]!.AsArray().Count);
    }
}
