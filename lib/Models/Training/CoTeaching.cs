using System.Diagnostics;
using System.Globalization;
using NotebookLib.Data;
using NotebookLib.Display;
using NotebookLib.Models.Inference;
using NotebookLib.Plotting;
using NotebookLib.Torch;
using NotebookLib.Torch.Optim;
using static NotebookLib.Torch.torch;
using F = NotebookLib.Torch.torch.nn.functional;

namespace NotebookLib.Models.Training;

/// <summary>
/// Co-teaching (Han et al. 2018), the transient talk's answer to noisy labels: two networks train
/// together; in each mini-batch each keeps the fraction R(T) of samples it finds easiest (smallest
/// loss) and the other network learns from those. R(T) = 1 − τ·min((T/Tk)^c, 1) falls from 1 to
/// 1 − τ over the first Tk epochs (τ the forget rate, about the label-noise rate). The asymmetric
/// variant gives each class its own τ, and keeps that class's fraction within the class.
/// Model outputs: (N) probabilities with 0/1 targets (binary cross-entropy), or (N, C) logits with
/// class-index targets (cross-entropy).
/// </summary>
public sealed class CoTeaching
{
    readonly Module<Tensor, Tensor> model1, model2;
    readonly Optimizer optimizer1, optimizer2;
    readonly IReadOnlyDictionary<long, double>? classForgetRates;
    readonly List<long> selected1 = [], selected2 = [];

    public CoTeaching(Module<Tensor, Tensor> model1, Module<Tensor, Tensor> model2, double forgetRate = 0.2, int numGradual = 10,
        double exponent = 1, IReadOnlyDictionary<long, double>? classForgetRates = null, double learningRate = 1e-3,
        int batchSize = 128, int epochs = 20, Device? device = null, int? seed = null, bool progress = true)
    {
        if (ReferenceEquals(model1, model2)) throw new ArgumentException("co-teaching needs two distinct networks");
        if (forgetRate is < 0 or >= 1) throw new ArgumentException($"forgetRate must be in [0, 1), not {forgetRate}");
        if (classForgetRates is not null && (classForgetRates.Count == 0 || classForgetRates.Values.Any(r => r is < 0 or >= 1)))
            throw new ArgumentException($"class forget rates must be given and each in [0, 1), not {{{string.Join(", ", classForgetRates.Select(kv => $"{kv.Key}: {kv.Value}"))}}}");
        if (numGradual < 0) throw new ArgumentException($"numGradual must be non-negative, not {numGradual}");
        if (batchSize < 1 || epochs < 1) throw new ArgumentException($"batchSize and epochs must be at least 1, not {batchSize} and {epochs}");
        this.model1 = model1; this.model2 = model2;
        ForgetRate = forgetRate; NumGradual = numGradual; Exponent = exponent; this.classForgetRates = classForgetRates;
        BatchSize = batchSize; Epochs = epochs; Progress = progress;
        Device = Device.Resolve(device);
        Seed = Configuration.Seeds.Resolve(seed);
        model1.to(Device); model2.to(Device);
        optimizer1 = optim.Adam(model1.parameters(), lr: learningRate);
        optimizer2 = optim.Adam(model2.parameters(), lr: learningRate);
    }

    /// <summary>Asymmetric co-teaching: one forget rate per class (e.g. {0: 0.05, 1: 0.3} when mostly positives are mislabelled).</summary>
    public static CoTeaching Asymmetric(Module<Tensor, Tensor> model1, Module<Tensor, Tensor> model2, IReadOnlyDictionary<long, double> classForgetRates,
        int numGradual = 10, double exponent = 1, double learningRate = 1e-3, int batchSize = 128, int epochs = 20, Device? device = null,
        int? seed = null, bool progress = true) =>
        new(model1, model2, classForgetRates.Values.Max(), numGradual, exponent, classForgetRates, learningRate, batchSize, epochs, device, seed, progress);

    public Module<Tensor, Tensor> Model1 => model1;
    public Module<Tensor, Tensor> Model2 => model2;
    public double ForgetRate { get; }
    public int NumGradual { get; }
    public double Exponent { get; }
    public int BatchSize { get; }
    public int Epochs { get; }
    public Device Device { get; }
    public int Seed { get; }
    /// <summary>Whether Fit shows a live progress line.</summary>
    public bool Progress { get; }
    public bool IsAsymmetric => classForgetRates is not null;
    public History History { get; private set; } = new();
    /// <summary>Training-set indices that network 1 (2) kept as clean in the last epoch (and taught the other with), sorted.</summary>
    public IReadOnlyList<long> Selected1 => selected1;
    public IReadOnlyList<long> Selected2 => selected2;

    /// <summary>R(T) for epoch T (from 0), for a class in the asymmetric variant.</summary>
    public double RememberRate(int epoch, long? label = null)
    {
        var tau = classForgetRates is null ? ForgetRate
            : label is { } c ? classForgetRates.TryGetValue(c, out var r) ? r
                : throw new ArgumentException($"class {c} has no forget rate (the rates cover classes {string.Join(", ", classForgetRates.Keys)})")
            : throw new ArgumentException("the asymmetric variant's remember rate depends on the class: pass the label");
        var ramp = NumGradual == 0 ? 1 : Math.Min(Math.Pow((double)epoch / NumGradual, Exponent), 1);
        return 1 - tau * ramp;
    }

    /// <summary>Trains both networks on <paramref name="train"/>, whose targets are the (noisy) class labels,
    /// one value a sample.</summary>
    public CoTeaching Fit(IDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.TargetShape is null || train.TargetLength() != 1)
            throw new ArgumentException($"co-teaching needs one class label a sample as the dataset's targets, not {(train.TargetShape is null ? "none" : $"targets of shape [{string.Join(", ", train.TargetShape)}]")}", nameof(train));
        manual_seed(Seed);
        var order = new Random(Seed);
        History = new History();
        using var progress = Progress ? Display.Progress.Start("co-teaching", Epochs) : null;
        var n = train.Count;
        var labels = ClassLabels(train);
        var samples = new float[checked(Math.Min(BatchSize, n) * train.SampleLength())];
        var targets = new float[Math.Min(BatchSize, n)];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model1.train(); model2.train();
            selected1.Clear(); selected2.Clear();
            var indices = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
            order.Shuffle(indices);
            double sum1 = 0, sum2 = 0;
            long kept = 0;
            for (long start = 0; start < n; start += BatchSize)
            {
                var count = (int)Math.Min(BatchSize, n - start);
                var batchIndices = indices.AsSpan((int)start, count).ToArray();
                using var scope = NewDisposeScope();
                var rows = Array.ConvertAll(batchIndices, i => (int)i);
                var x = Batched.Samples(train, rows, samples, Device);
                var y = Batched.Targets(train, rows, targets, Device);
                var l1 = PerSampleLoss(model1.call(x), y);
                var l2 = PerSampleLoss(model2.call(x), y);
                var batchLabels = batchIndices.Select(i => labels[i]).ToArray();
                var keep1 = SmallLoss(l1, batchLabels, epoch);
                var keep2 = SmallLoss(l2, batchLabels, epoch);
                // Each network learns from the samples its peer found clean.
                var loss1 = l1.index_select(0, tensor(keep2, device: Device)).mean();
                var loss2 = l2.index_select(0, tensor(keep1, device: Device)).mean();
                optimizer1.zero_grad(); loss1.backward(); optimizer1.step();
                optimizer2.zero_grad(); loss2.backward(); optimizer2.step();
                sum1 += loss1.item<double>() * count; sum2 += loss2.item<double>() * count;
                selected1.AddRange(keep1.Select(k => batchIndices[k]));
                selected2.AddRange(keep2.Select(k => batchIndices[k]));
                kept += keep1.Length;
            }
            selected1.Sort(); selected2.Sort();
            var logs = new Dictionary<string, double>
            {
                ["loss1"] = sum1 / n,
                ["loss2"] = sum2 / n,
                ["kept_fraction"] = (double)kept / n,
                ["seconds"] = clock.Elapsed.TotalSeconds,
            };
            History.Add(logs);
            progress?.Report(epoch + 1, $"loss1 {logs["loss1"].ToString("G4", CultureInfo.InvariantCulture)}  loss2 {logs["loss2"].ToString("G4", CultureInfo.InvariantCulture)}  kept {logs["kept_fraction"].ToString("P1", CultureInfo.InvariantCulture)}");
        }
        model1.eval(); model2.eval();
        return this;
    }

    /// <summary>Per-sample losses: binary cross-entropy of (N) probabilities, or cross-entropy of (N, C) logits.</summary>
    internal static Tensor PerSampleLoss(Tensor output, Tensor target)
    {
        if (output.dim() == 1)
        {
            using var t = target.reshape(-1).to(output.dtype);
            return F.binary_cross_entropy(output, t, reduction: Reduction.None);
        }
        if (output.dim() == 2)
        {
            using var t = target.reshape(-1).to(ScalarType.Int64);
            return F.cross_entropy(output, t, reduction: Reduction.None);
        }
        throw new ArgumentException($"co-teaching needs model outputs of shape (N) probabilities or (N, C) logits, not ({string.Join(", ", output.shape)})");
    }

    static long[] ClassLabels(IDataset data)
    {
        var labels = new long[data.Count];
        Span<float> t = stackalloc float[1];
        for (var i = 0; i < labels.Length; i++)
        {
            data.CopyTargetTo(i, t);
            labels[i] = (long)Math.Round((double)t[0]);
        }
        return labels;
    }

    /// <summary>Positions in the batch of the smallest losses: the remember-rate fraction of the batch, or of each class.</summary>
    long[] SmallLoss(Tensor losses, long[] batchLabels, int epoch)
    {
        using var d = losses.detach();
        var values = d.data<float>();
        IEnumerable<IGrouping<long, int>> groups = classForgetRates is null
            ? Enumerable.Range(0, values.Length).GroupBy(_ => 0L)
            : Enumerable.Range(0, values.Length).GroupBy(i => batchLabels[i]);
        var keep = new List<long>();
        foreach (var g in groups)
        {
            var rate = classForgetRates is null ? RememberRate(epoch) : RememberRate(epoch, g.Key);
            var members = g.OrderBy(i => values[i]).ThenBy(i => i).ToArray();
            var count = Math.Max(1, (int)(rate * members.Length));
            keep.AddRange(members.Take(count).Select(i => (long)i));
        }
        keep.Sort();
        return keep.ToArray();
    }
}
