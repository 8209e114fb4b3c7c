using NotebookLib.Data;
using NotebookLib.Models.Training;
using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// A fully-connected classifier on descriptors (the calibration-frame talk's classifier on
/// ResNet-50 features): Linear + ReLU + Dropout per hidden layer, then Linear to the class
/// logits (train with CrossEntropyLoss; one logit for two classes with BCEWithLogitsLoss).
/// PredictProba gives class probabilities.
/// </summary>
public sealed class DescriptorClassifier : Module<Tensor, Tensor>, INetwork
{
    readonly Sequential layers;

    public DescriptorClassifier(long inFeatures = ResNet50.DescriptorSize, long numClasses = 2, long[]? hidden = null, double dropout = 0.3)
    {
        hidden ??= [256, 64];
        if (inFeatures <= 0 || numClasses <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"DescriptorClassifier sizes must be positive: in {inFeatures}, hidden [{string.Join(", ", hidden)}], classes {numClasses}");
        InputShape = [inFeatures];
        NumClasses = numClasses;
        layers = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        var w = inFeatures;
        foreach (var h in hidden)
        {
            layers.append(nn.Linear(w, h));
            layers.append(nn.ReLU());
            if (dropout > 0) layers.append(nn.Dropout(dropout));
            w = h;
        }
        layers.append(nn.Linear(w, numClasses));
        register_module("layers", layers);
    }

    public long[] InputShape { get; }
    public long NumClasses { get; }

    public override Tensor forward(Tensor input)
    {
        this.CheckInput(input, nameof(DescriptorClassifier));
        return layers.call(input);
    }

    float[]? mean, scale;

    /// <summary>
    /// Trains on descriptors (rows of <paramref name="x"/>) and their classes 0 .. NumClasses − 1: each row scaled to
    /// unit length (descriptors compare by angle), the features standardised with the training rows' mean and
    /// spread (at least a tenth of the median feature's, so that a feature nearly constant in training does not
    /// blow up; kept for <see cref="Predict"/>), one-hot targets, cross-entropy of the logits, Adam. <paramref name="validation"/> rows, when given, are scored each epoch.
    /// </summary>
    public Trainer Fit(float[,] x, int[] labels, IReadOnlyList<int> train, IReadOnlyList<int>? validation = null, int epochs = 50,
        double learningRate = 1e-3, int batchSize = 32, int? seed = null, Device? device = null, bool progress = true)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        if (d != InputShape[0]) throw new ArgumentException($"DescriptorClassifier takes {InputShape[0]} features, the matrix has {d}");
        if (labels.Length != n) throw new ArgumentException($"{labels.Length} labels for {n} rows");
        if (labels.Any(l => l < 0 || l >= NumClasses)) throw new ArgumentException($"labels must lie in 0 .. {NumClasses - 1}");
        x = Analysis.GroupedClustering.UnitRows(x);
        mean = new float[d];
        scale = new float[d];
        for (var j = 0; j < d; j++)
        {
            double s = 0, s2 = 0;
            foreach (var i in train) { s += x[i, j]; s2 += (double)x[i, j] * x[i, j]; }
            var m = s / train.Count;
            mean[j] = (float)m;
            scale[j] = (float)Math.Sqrt(Math.Max(s2 / train.Count - m * m, 0));
        }
        var floor = Math.Max(scale.Order().ElementAt(d / 2) * 0.1f, 1e-6f);
        for (var j = 0; j < d; j++) scale[j] = Math.Max(scale[j], floor);
        IDataset Part(IReadOnlyList<int> rows)
        {
            var data = new float[rows.Count * d];
            var targets = new float[rows.Count * NumClasses];
            for (var r = 0; r < rows.Count; r++)
            {
                for (var j = 0; j < d; j++) data[r * d + j] = (x[rows[r], j] - mean[j]) / scale[j];
                targets[r * NumClasses + labels[rows[r]]] = 1;
            }
            return new ArrayDataset(data, [d], rows.Select(i => labels[i]).ToArray(), targets, [(int)NumClasses]);
        }
        var accuracy = new Metric("accuracy", (output, target) =>
        {
            using var scope = NewDisposeScope();
            return output.argmax(1).eq(target.argmax(1)).to(ScalarType.Float32).mean().item<double>();
        });
        return new Trainer(this, loss: nn.CrossEntropyLoss(), metrics: [accuracy], learningRate: learningRate, batchSize: batchSize,
            epochs: epochs, seed: seed, device: device, progress: progress).Fit(Part(train), validation is null ? null : Part(validation));
    }

    /// <summary>
    /// Out-of-fold predictions of <paramref name="rows"/> by k-fold cross-validation (folds stratified by label): for each
    /// fold a fresh classifier (libtorch seeded with <paramref name="seed"/> before it is built) is fitted as in <see cref="Fit"/>
    /// on the other folds and predicts this one. Aligned with <paramref name="rows"/>. Meant for choosing descriptors or a
    /// recipe on the training rows alone, so that the test rows stay untouched.
    /// </summary>
    public static int[] CrossValidate(float[,] x, int[] labels, IReadOnlyList<int> rows, long numClasses, int folds = 5, int epochs = 50,
        long[]? hidden = null, double dropout = 0.3, double learningRate = 1e-3, int batchSize = 32, int? seed = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "cross-validation needs at least 2 folds");
        if (rows.Count < folds) throw new ArgumentException($"{rows.Count} rows cannot make {folds} folds");
        var parts = Splits.Stratified(rows.Select(i => labels[i]).ToList(), Enumerable.Repeat(1.0 / folds, folds).ToArray(),
            Enumerable.Range(0, folds).Select(f => $"fold {f}").ToArray(), seed).Parts;
        var predicted = new int[rows.Count];
        foreach (var part in parts.Where(p => p.Length > 0))
        {
            var held = part.ToHashSet();
            var train = Enumerable.Range(0, rows.Count).Where(k => !held.Contains(k)).Select(k => rows[k]).ToArray();
            if (seed is int s) manual_seed(s);
            using var model = new DescriptorClassifier(x.GetLength(1), numClasses, hidden, dropout);
            model.Fit(x, labels, train, null, epochs, learningRate, batchSize, seed, device, progress: false);
            var p = model.Predict(Analysis.Matrix.TakeRows(x, part.Select(k => rows[k]).ToArray()));
            for (var j = 0; j < part.Length; j++) predicted[part[j]] = p[j];
        }
        return predicted;
    }

    /// <summary>The most probable class of each row of descriptors, standardised as in <see cref="Fit"/>.</summary>
    public int[] Predict(float[,] x)
    {
        if (mean is null || scale is null) throw new InvalidOperationException("DescriptorClassifier.Predict needs Fit first");
        x = Analysis.GroupedClustering.UnitRows(x);
        int n = x.GetLength(0), d = x.GetLength(1);
        var data = new float[n * d];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++) data[i * d + j] = (x[i, j] - mean[j]) / scale[j];
        using var scope = NewDisposeScope();
        var device = parameters().First().device;
        var p = PredictProba(from_array(data, n, d).to(device));
        return p.argmax(1).cpu().data<long>().Select(v => (int)v).ToArray();
    }

    /// <summary>(N, classes) probabilities (softmax; sigmoid of the single logit as (N, 2) for a one-logit model), in eval mode.</summary>
    public Tensor PredictProba(Tensor input)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var logits = forward(input);
            if (NumClasses > 1) return logits.softmax(1).MoveToOuterDisposeScope();
            var p = logits.sigmoid();
            return cat([1 - p, p], 1).MoveToOuterDisposeScope();
        }
        finally { train(wasTraining); }
    }
}
