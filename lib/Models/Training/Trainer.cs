using System.Diagnostics;
using System.Globalization;
using NotebookLib.Data;
using NotebookLib.Display;
using NotebookLib.Models.Inference;
using NotebookLib.Models.Networks;
using NotebookLib.Plotting;
using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using NotebookLib.Torch.Optim;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Training;

/// <summary>
/// Trains a network on a dataset (<see cref="IDataset"/>, Keras' fit): mini-batches in a seeded shuffled order,
/// the loss and metrics per epoch on the training and validation data, callbacks (checkpoint,
/// early stopping, reduce-LR-on-plateau), a History, and progress (a live line and training curves
/// in a notebook, a line per epoch on the console). Runs on cpu or cuda; deterministic given the
/// seed on cpu. The loss defaults to the model's own (a VAE's) or MSE (autoencoders). The targets are the
/// dataset's (a label, a mask), or the samples themselves when it has none (autoencoders).
/// </summary>
public sealed class Trainer
{
    readonly Module<Tensor, Tensor> model;
    readonly Func<Tensor, Tensor, Tensor> lossFunction;
    readonly IHasOwnLoss? ownLoss;
    readonly List<Callback> callbacks;
    readonly List<Metric> metrics;

    public Trainer(Module<Tensor, Tensor> model, Module<Tensor, Tensor, Tensor>? loss = null, Optimizer? optimizer = null,
        double learningRate = 1e-3, int batchSize = 32, int epochs = 10, IEnumerable<Callback>? callbacks = null,
        IEnumerable<Metric>? metrics = null, Device? device = null, int? seed = null, bool shuffle = true, bool progress = true)
    {
        if (batchSize < 1) throw new ArgumentException($"batchSize must be at least 1, not {batchSize}");
        if (epochs < 1) throw new ArgumentException($"epochs must be at least 1, not {epochs}");
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        Device = Device.Resolve(device);
        model.to(Device);
        ownLoss = loss is null ? model as IHasOwnLoss : null;
        var lossModule = loss ?? nn.MSELoss();
        lossFunction = (o, t) => lossModule.call(o, t);
        Optimizer = optimizer ?? optim.Adam(model.parameters(), lr: learningRate);
        BatchSize = batchSize; Epochs = epochs; Shuffle = shuffle; Progress = progress;
        Seed = Configuration.Seeds.Resolve(seed);
        this.callbacks = callbacks?.ToList() ?? [];
        this.metrics = metrics?.ToList() ?? [];
    }

    public Module<Tensor, Tensor> Model => model;
    public Optimizer Optimizer { get; }
    public Device Device { get; }
    public int BatchSize { get; }
    public int Epochs { get; }
    public bool Shuffle { get; }
    /// <summary>Whether Fit shows a live progress line (and, in a notebook, the training curves).</summary>
    public bool Progress { get; }
    public int Seed { get; }
    public IReadOnlyList<Callback> Callbacks => callbacks;
    /// <summary>The logs of the last Fit, one row per epoch.</summary>
    public History History { get; private set; } = new();

    /// <summary>Trains for Epochs epochs (or until a callback stops it); returns this trainer (History holds the curves).</summary>
    public Trainer Fit(IDataset train, IDataset? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        manual_seed(Seed);
        var order = new Random(Seed);
        History = new History();
        var control = new Control(this);
        using var progress = Progress ? Display.Progress.Start("training", Epochs) : null;
        DisplayedValue? curves = null;
        foreach (var c in callbacks) c.OnTrainBegin(control);
        try
        {
            for (var epoch = 0; epoch < Epochs; epoch++)
            {
                control.Epoch = epoch;
                foreach (var c in callbacks) c.OnEpochBegin(control, epoch);
                var clock = Stopwatch.StartNew();
                var lr = Optimizer.LearningRate;
                var logs = new Dictionary<string, double>();
                model.train();
                foreach (var (k, v) in RunEpoch(train, Shuffle ? order : null, control)) logs[k] = v;
                if (validation is not null)
                {
                    model.eval();
                    foreach (var (k, v) in RunEpoch(validation, null, null)) logs["val_" + k] = v;
                }
                logs["lr"] = lr;
                logs["seconds"] = clock.Elapsed.TotalSeconds;
                History.Add(logs);
                progress?.Report(epoch + 1, ProgressLine(logs));
                if (Progress && KernelContext.Current is { } kernel)
                {
                    if (curves is null) curves = kernel.Display(History);
                    else curves.Update(History);
                }
                foreach (var c in callbacks) c.OnEpochEnd(control, epoch, logs);
                if (control.StopTraining) break;
            }
        }
        finally
        {
            model.train();
            // The shim's CPU cache keeps a training step's freed blocks for the next step; once training is
            // over they would only raise what the rest of the notebook holds.
            cpu_cache_release();
        }
        foreach (var c in callbacks) c.OnTrainEnd(control);
        return this;
    }

    /// <summary>Mean loss and metrics over a dataset; with an order, trains on it batch by batch.</summary>
    Dictionary<string, double> RunEpoch(IDataset data, Random? order, Control? training)
    {
        var n = data.Count;
        if (n == 0) throw new ArgumentException("the dataset holds no samples", nameof(data));
        var indices = Enumerable.Range(0, n).ToArray();
        if (order is not null) order.Shuffle(indices);
        var samples = new float[checked(Math.Min(BatchSize, n) * data.SampleLength())];
        var targets = data.TargetShape is null ? null : new float[checked(Math.Min(BatchSize, n) * data.TargetLength())];
        double lossSum = 0;
        var metricSums = new double[metrics.Count];
        var batch = 0;
        for (var start = 0; start < n; start += BatchSize, batch++)
        {
            var count = Math.Min(BatchSize, n - start);
            using var scope = NewDisposeScope();
            var part = indices.AsSpan(start, count);
            var x = Batched.Samples(data, part, samples, Device);
            var y = targets is null ? x : Batched.Targets(data, part, targets, Device);
            double batchLoss;
            if (training is not null)
            {
                Optimizer.zero_grad();
                var (output, loss) = Forward(x, y);
                loss.backward();
                Optimizer.step();
                batchLoss = loss.item<double>();
                AddMetrics(output, y, count, metricSums);
                foreach (var c in callbacks) c.OnBatchEnd(training, batch, batchLoss);
            }
            else
            {
                using var _ = no_grad();
                var (output, loss) = Forward(x, y);
                batchLoss = loss.item<double>();
                AddMetrics(output, y, count, metricSums);
            }
            if (!double.IsFinite(batchLoss))
                throw new InvalidOperationException($"the loss became {batchLoss} at batch {batch} (samples {start}..{start + count - 1}): lower the learning rate or check the inputs for NaN");
            lossSum += batchLoss * count;
        }
        var result = new Dictionary<string, double> { ["loss"] = lossSum / n };
        for (var i = 0; i < metrics.Count; i++) result[metrics[i].Name] = metricSums[i] / n;
        return result;
    }

    (Tensor output, Tensor loss) Forward(Tensor x, Tensor y)
    {
        if (ownLoss is not null)
        {
            var loss = ownLoss.Loss(x, y);
            return (metrics.Count > 0 ? model.call(x) : loss, loss);
        }
        var output = model.call(x);
        if (!output.shape.SequenceEqual(y.shape) && output.numel() == y.numel() && output.dim() != y.dim())
            throw new ArgumentException($"the model's output ({string.Join(", ", output.shape)}) and the targets ({string.Join(", ", y.shape)}) differ in shape: reshape the targets");
        return (output, lossFunction(output, y));
    }

    void AddMetrics(Tensor output, Tensor y, int count, double[] sums)
    {
        for (var i = 0; i < metrics.Count; i++) sums[i] += metrics[i].Compute(output, y) * count;
    }

    static string ProgressLine(IReadOnlyDictionary<string, double> logs) =>
        string.Join("  ", logs.Where(kv => kv.Key != "seconds")
            .Select(kv => $"{kv.Key} {kv.Value.ToString("G4", CultureInfo.InvariantCulture)}"))
        + $"  ({logs["seconds"].ToString("F1", CultureInfo.InvariantCulture)} s)";

    /// <summary>Mean loss (and metrics) of the model on a dataset, in eval mode.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(IDataset data)
    {
        model.eval();
        try { return RunEpoch(data, null, null); }
        finally { model.train(); }
    }

    /// <summary>The model's outputs for the dataset's samples, batch by batch in eval mode, concatenated on the CPU.</summary>
    public Tensor Predict(IDataset inputs) => Batched.Map(model, inputs, (m, x) => m.call(x), BatchSize, Device);

    /// <summary>What callbacks see: this trainer's model, optimiser and history.</summary>
    sealed class Control(Trainer owner) : ITrainingControl
    {
        public int Epoch { get; set; }
        public History History => owner.History;
        public double LearningRate { get => owner.Optimizer.LearningRate; set => owner.Optimizer.LearningRate = value; }
        public bool StopTraining { get; set; }
        public IWeightsSnapshot CaptureWeights() => new ModuleSnapshot(owner.model, Epoch);
        public void RestoreWeights(IWeightsSnapshot snapshot) => ((ModuleSnapshot)snapshot).RestoreInto(owner.model);
        public void SaveWeights(string path, IReadOnlyDictionary<string, string>? metadata = null) => owner.model.save(path, metadata);
    }
}

/// <summary>Copies of a module's parameters and buffers, kept on its device.</summary>
internal sealed class ModuleSnapshot : IWeightsSnapshot
{
    readonly Dictionary<string, Tensor> copies = [];

    public ModuleSnapshot(Module model, int epoch)
    {
        Epoch = epoch;
        using var _ = no_grad();
        foreach (var (name, t) in model.state_dict())
        {
            using var detached = t.detach();
            copies[name] = detached.clone().DetachFromDisposeScope();
        }
    }

    public int Epoch { get; }

    public void RestoreInto(Module model) => model.load_state_dict(copies);

    public void Dispose()
    {
        foreach (var t in copies.Values) t.Dispose();
        copies.Clear();
    }
}
