using NotebookLib.Data;
using NotebookLib.Models.Training;
using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

[Collection(LibtorchRngCollection.Name)]
public class CoTeachingTests
{
    /// <summary>Two overlapping Gaussian classes in 20 dimensions, with a known set of flipped labels.</summary>
    static (ArrayDataset data, bool[] flipped) NoisyBlobs(int n, double flipRate, bool onlyPositives = false, int seed = 11)
    {
        var r = new Random(seed);
        var x = new float[n * 20];
        var y = new float[n];
        var flipped = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var c = i % 2;
            for (var j = 0; j < 20; j++) x[i * 20 + j] = (float)((c == 1 ? 0.6 : -0.6) * (j < 5 ? 1 : 0) + Normal(r));
            flipped[i] = (!onlyPositives || c == 1) && r.NextDouble() < flipRate;
            y[i] = flipped[i] ? 1 - c : c;
        }
        return (new ArrayDataset(x, [20], targets: y), flipped);
    }

    static float[] Targets(IDataset data)
    {
        var t = new float[data.Count];
        for (var i = 0; i < t.Length; i++) data.CopyTargetTo(i, t.AsSpan(i, 1));
        return t;
    }

    static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    static Sequential Net(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(20, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 1), nn.Flatten(0), nn.Sigmoid());
    }

    static double Clean(IEnumerable<long> selected, bool[] flipped) => selected.Average(i => flipped[i] ? 0.0 : 1.0);

    /// <summary>One network trained on all labels, then keeping its own small-loss fraction: it has memorised the flips.</summary>
    static double BaselineCleanliness(ArrayDataset data, bool[] flipped, double rememberRate, int epochs)
    {
        using var net = Net(1);
        new Trainer(net, nn.BCELoss(), learningRate: 2e-3, batchSize: 30, epochs: epochs, device: Device.CPU, seed: 1, progress: false).Fit(data);
        net.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (x, shape) = data.ToArray();
        var losses = CoTeaching.PerSampleLoss(net.call(tensor(x, [.. shape.Select(s => (long)s)])), tensor(Targets(data))).data<float>();
        var keep = Enumerable.Range(0, losses.Length).OrderBy(i => losses[i]).Take((int)(rememberRate * losses.Length)).Select(i => (long)i);
        return Clean(keep, flipped);
    }

    [Fact]
    public void Co_teaching_keeps_a_cleaner_set_than_one_network_alone()
    {
        var (data, flipped) = NoisyBlobs(300, 0.3);
        const int epochs = 40;
        using var a = Net(1);
        using var b = Net(2);
        var ct = new CoTeaching(a, b, forgetRate: 0.3, numGradual: 10, learningRate: 2e-3, batchSize: 30, epochs: epochs,
            device: Device.CPU, seed: 1, progress: false).Fit(data);
        Assert.Equal(0.7, ct.RememberRate(epochs - 1), 12);
        Assert.Equal(1.0, ct.RememberRate(0), 12);
        Assert.InRange(ct.Selected1.Count, 200, 210);   // 70 % of each batch
        var coTeaching = Clean(ct.Selected1, flipped);
        var alone = BaselineCleanliness(data, flipped, 0.7, epochs);
        var overall = 1 - flipped.Average(f => f ? 1.0 : 0.0);
        Assert.True(coTeaching > alone + 0.05, $"co-teaching kept {coTeaching:P1} clean labels, one network {alone:P1} (all labels: {overall:P1})");
        Assert.True(coTeaching > overall + 0.1, $"co-teaching kept {coTeaching:P1} clean labels, no better than all of them ({overall:P1})");
    }

    [Fact]
    public void Asymmetric_co_teaching_keeps_each_class_at_its_own_rate()
    {
        // Only positives are mislabelled (as negatives): forget 35 % of the "negative" labels, 2 % of the positives.
        var (data, flipped) = NoisyBlobs(300, 0.5, onlyPositives: true, seed: 12);
        using var a = Net(3);
        using var b = Net(4);
        var rates = new Dictionary<long, double> { [0] = 0.35, [1] = 0.02 };
        var ct = CoTeaching.Asymmetric(a, b, rates, numGradual: 5, learningRate: 2e-3, batchSize: 50, epochs: 25,
            device: Device.CPU, seed: 2, progress: false).Fit(data);
        var labels = Targets(data);
        var kept0 = ct.Selected1.Count(i => labels[i] == 0) / (double)labels.Count(l => l == 0);
        var kept1 = ct.Selected1.Count(i => labels[i] == 1) / (double)labels.Count(l => l == 1);
        // Per batch, floor(R_c · m_c) of the m_c samples labelled c.
        Assert.InRange(kept0, 0.58, 0.66);
        Assert.InRange(kept1, 0.85, 0.99);
        var cleanNegatives = Clean(ct.Selected1.Where(i => labels[i] == 0), flipped);
        var allNegatives = Clean(Enumerable.Range(0, labels.Length).Where(i => labels[i] == 0).Select(i => (long)i), flipped);
        Assert.True(cleanNegatives > allNegatives + 0.1, $"kept negatives {cleanNegatives:P1} clean vs {allNegatives:P1} of all negatives");
        Assert.Throws<ArgumentException>(() => ct.RememberRate(3));
    }
}
