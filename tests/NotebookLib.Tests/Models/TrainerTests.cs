using NotebookLib.Data;
using NotebookLib.Models.Training;
using NotebookLib.Tests.Support;
using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

[Collection(LibtorchRngCollection.Name)]
public class TrainerTests
{
    /// <summary>Few noisy samples and a wide network: validation loss falls, then rises as it overfits.</summary>
    /// <summary>A dataset of the rows of <paramref name="x"/> with the rows of <paramref name="y"/> as targets (copies).</summary>
    internal static ArrayDataset Rows(Tensor x, Tensor? y = null) =>
        new(x.data<float>(), [.. x.shape[1..].Select(s => (int)s)], targets: y?.data<float>(), targetShape: y is null ? null : [.. y.shape[1..].Select(s => (int)s)]);

    static (ArrayDataset train, ArrayDataset val) NoisyRegression()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        var w = randn(8, 1);
        var xt = randn(24, 8); var xv = randn(200, 8);
        var yt = xt.matmul(w) + randn(24, 1) * 0.8;
        var yv = xv.matmul(w) + randn(200, 1) * 0.8;
        return (Rows(xt, yt), Rows(xv, yv));
    }

    static Sequential Mlp() { manual_seed(3); return nn.Sequential(nn.Linear(8, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 1)); }

    [Fact]
    public void Callbacks_stop_early_drop_the_rate_and_keep_the_best_weights()
    {
        var (train, val) = NoisyRegression();
        var dir = Repo.TempDir("trainer");
        var ckpt = new ModelCheckpoint(Path.Combine(dir, "best.safetensors"));
        var stop = new EarlyStopping(patience: 8, restoreBestWeights: true);
        var plateau = new ReduceLROnPlateau(factor: 0.5, patience: 3);
        using var model = Mlp();
        var trainer = new Trainer(model, learningRate: 3e-3, batchSize: 8, epochs: 300, callbacks: [ckpt, stop, plateau],
            device: Device.CPU, seed: 1, progress: false).Fit(train, val);
        var h = trainer.History;
        var valLoss = h["val_loss"];
        var best = valLoss.Min();
        Assert.NotNull(stop.StoppedEpoch);
        Assert.True(h.Count < 300);
        Assert.Equal(h.Count - 1, stop.StoppedEpoch);
        Assert.Equal(h.BestEpoch("val_loss"), stop.BestEpoch);
        Assert.True(h.Count - 1 - stop.BestEpoch >= 8);
        Assert.NotEmpty(plateau.Reductions);
        Assert.True(h["lr"][^1] < h["lr"][0]);
        Assert.Equal(3e-3 * Math.Pow(0.5, plateau.Reductions.Count), trainer.Optimizer.LearningRate, 9);
        // Restored weights and the checkpoint both give the best validation loss.
        Assert.Equal(best, trainer.Evaluate(val)["loss"], 5);
        using var fresh = Mlp();
        fresh.load(ckpt.BestPath!);
        Assert.Equal(best, new Trainer(fresh, device: Device.CPU, progress: false).Evaluate(val)["loss"], 5);
        Assert.Equal(h.BestEpoch("val_loss"), ckpt.BestEpoch);
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void Training_is_deterministic_given_a_seed_and_logs_metrics()
    {
        IReadOnlyList<double> Run(int seed)
        {
            manual_seed(0);
            using var scope = NewDisposeScope();
            var x = randn(64, 2);
            var y = (x.select(1, 0) + x.select(1, 1)).gt(0).to(ScalarType.Float32);
            var data = Rows(x, y);
            manual_seed(0);
            using var model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 1), nn.Flatten(0), nn.Sigmoid());
            var t = new Trainer(model, nn.BCELoss(), learningRate: 1e-2, batchSize: 16, epochs: 15, metrics: [Metric.BinaryAccuracy()],
                device: Device.CPU, seed: seed, progress: false).Fit(data, data);
            Assert.True(t.History["val_accuracy"][^1] > 0.9, $"accuracy {t.History["val_accuracy"][^1]}");
            Assert.True(t.History["loss"][^1] < t.History["loss"][0]);
            return t.History["loss"];
        }
        Assert.Equal(Run(4), Run(4));
        Assert.NotEqual(Run(4), Run(5));
    }

    [Fact]
    public void A_vae_trains_on_its_own_loss_reconstruction_plus_kl()
    {
        manual_seed(6);
        using var scope = NewDisposeScope();
        var data = Rows(rand(32, 1, 20, 20));
        using var vae = new NotebookLib.Models.Networks.VariationalAutoencoder(20, 20, 1, latentDim: 4, filters: [4, 8], pools: [2, 2]);
        var t = new Trainer(vae, learningRate: 1e-2, batchSize: 16, epochs: 4, device: Device.CPU, seed: 2, progress: false).Fit(data);
        var loss = t.History["loss"];
        // Binary cross-entropy summed over 400 pixels of uniform noise: at least their entropy, 400 · 0.5 nats,
        // about 400 · ln 2 ≈ 277 for a constant 0.5 prediction — far above any mean squared error.
        Assert.All(loss, l => Assert.InRange(l, 200, 400));
        Assert.True(loss[^1] < loss[0], $"loss {string.Join(", ", loss)}");
    }

    [Fact]
    public void Mismatched_targets_and_missing_validation_are_named()
    {
        using var scope = NewDisposeScope();
        var data = Rows(randn(10, 3), randn(10, 1));
        using var model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0));
        var e = Assert.Throws<ArgumentException>(() => new Trainer(model, device: Device.CPU, epochs: 1, progress: false).Fit(data));
        Assert.Contains("(10)", e.Message);
        Assert.Contains("(10, 1)", e.Message);
        using var model2 = nn.Sequential(nn.Linear(3, 1));
        var e2 = Assert.Throws<InvalidOperationException>(() =>
            new Trainer(model2, device: Device.CPU, epochs: 2, callbacks: [new EarlyStopping()], progress: false).Fit(data));
        Assert.Contains("give the trainer validation data", e2.Message);
        Assert.Throws<ArgumentException>(() => Rows(randn(10, 3), randn(9)));
    }
}
