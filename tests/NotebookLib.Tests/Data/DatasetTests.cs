using NotebookLib.Data;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Data;

public class DatasetTests
{
    static int[] Labels(int n, params double[] classFractions)
    {
        // Deterministic imbalanced labels: class k for a run proportional to its fraction.
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            double u = (i * 0.6180339887) % 1, acc = 0;
            var k = 0;
            while (k < classFractions.Length - 1 && u >= (acc += classFractions[k])) k++;
            labels[i] = k;
        }
        return labels;
    }

    [Fact]
    public void Stratified_70_15_15_split_is_a_partition_that_keeps_class_proportions()
    {
        var y = Labels(1000, 0.9, 0.07, 0.03);
        var s = Splits.TrainValidationTest(y, seed: 3);
        var all = s.Train.Concat(s.Validation).Concat(s.Test).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), all);
        Assert.Equal(700, s.Train.Length, 2.0);
        Assert.Equal(150, s.Validation.Length, 2.0);
        Assert.Equal(150, s.Test.Length, 2.0);
        foreach (var c in new[] { 0, 1, 2 })
        {
            var nc = y.Count(v => v == c);
            Assert.InRange(s.Train.Count(i => y[i] == c), Math.Floor(0.7 * nc) - 1, Math.Ceiling(0.7 * nc) + 1);
            Assert.InRange(s.Test.Count(i => y[i] == c), Math.Floor(0.15 * nc) - 1, Math.Ceiling(0.15 * nc) + 1);
        }
    }

    [Fact]
    public void Splits_are_deterministic_from_the_seed()
    {
        var y = Labels(300, 0.8, 0.2);
        Assert.Equal(Splits.TrainTest(y, seed: 1).Test, Splits.TrainTest(y, seed: 1).Test);
        Assert.NotEqual(Splits.TrainTest(y, seed: 1).Test, Splits.TrainTest(y, seed: 2).Test);
        var s = Splits.TrainTest(y, seed: 1);
        Assert.Equal(240, s.Train.Length);
        Assert.Equal(60, s.Test.Length);
        Assert.Throws<KeyNotFoundException>(() => s.Validation);
    }

    [Fact]
    public void Stratification_matches_scikit_learn_class_counts()
    {
        // scikit-learn's StratifiedShuffleSplit gives each class floor/ceil of its share; so do we.
        var y = Labels(517, 0.6, 0.3, 0.1);
        var s = Splits.TrainTest(y, 0.8, seed: 5);
        var py = Repo.RunPython("""
            import sys, json
            from sklearn.model_selection import train_test_split
            y = json.loads(sys.argv[1])
            tr, te = train_test_split(list(range(len(y))), test_size=0.2, stratify=y, random_state=0)
            print(json.dumps([sum(1 for i in te if y[i] == c) for c in (0, 1, 2)]))
            """, System.Text.Json.JsonSerializer.Serialize(y));
        var expected = System.Text.Json.JsonSerializer.Deserialize<int[]>(py)!;
        var ours = new[] { 0, 1, 2 }.Select(c => s.Test.Count(i => y[i] == c)).ToArray();
        for (var c = 0; c < 3; c++) Assert.InRange(ours[c], expected[c] - 1, expected[c] + 1);
        Assert.Equal(expected.Sum(), ours.Sum(), 1.0);
    }

    [Fact]
    public void Bad_fractions_are_rejected_with_the_numbers()
    {
        var e = Assert.Throws<ArgumentException>(() => Splits.Stratified(new[] { 0, 1 }, [0.5, 0.6], ["a", "b"], 1));
        Assert.Contains("0.6", e.Message);
    }

    [Fact]
    public void Array_datasets_hold_samples_targets_and_labels_and_subsets_are_views()
    {
        var data = Enumerable.Range(0, 10 * 2 * 3).Select(i => (float)i).ToArray();
        var targets = Enumerable.Range(0, 10).Select(i => 0.5f * i).ToArray();
        var ds = new ArrayDataset(data, [1, 2, 3], Enumerable.Range(0, 10).Select(i => i % 2).ToArray(), targets);
        Assert.Equal(10, ds.Count);
        Assert.Equal([], ds.TargetShape!);
        Assert.Equal(1, ds.TargetLength());
        Assert.Equal(data.AsSpan(18, 6).ToArray(), ds.Get(3));
        var t = new float[1];
        ds.CopyTargetTo(7, t);
        Assert.Equal(3.5f, t[0]);
        var sub = ds.Subset([7, 2, 9]);
        Assert.Equal([1, 0, 1], sub.Labels());
        Assert.Equal(ds.Get(2), sub.Get(1));
        sub.CopyTargetTo(2, t);
        Assert.Equal(4.5f, t[0]);
        var (all, shape) = sub.ToArray();
        Assert.Equal([3, 1, 2, 3], shape);
        Assert.Equal(ds.Get(9), all.AsSpan(12, 6).ToArray());
        // Without targets the samples are their own (an autoencoder's dataset).
        var plain = new ArrayDataset(data, [6]);
        Assert.Null(plain.TargetShape);
        Assert.Equal(0, plain.TargetLength());
        Assert.Equal(-1, plain.Label(0));
        Assert.Throws<InvalidOperationException>(() => plain.CopyTargetTo(0, t));
        var masks = new ArrayDataset(data, [1, 2, 3], targets: data, targetShape: [1, 2, 3]);
        Assert.Equal([1, 2, 3], masks.TargetShape!);
        var e = Assert.Throws<ArgumentException>(() => new ArrayDataset(new float[7], [1, 2, 3]));
        Assert.Contains("[1, 2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ArrayDataset(data, [6], targets: new float[9]));
        Assert.Contains("9 target values for 10 samples", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.Subset([10]));
    }

    [Fact]
    public void Patches_of_darks_tile_inside_the_reference_border_and_carry_truth_labels()
    {
        // 280 − 2×4 = 272 = 2 × 136: four 136-px patches per frame, as 2040 = 15 × 136 on the real detector.
        var darks = NispSlewDarkGenerator.Sequence(2, new NispSlewDarkOptions { Size = 280, PersistentSources = 2000 }, 4).ToList();
        var p = darks.Select(d => d.Data).ToList().Tile(136, border: darks[0].Options.ReferenceBorder);
        Assert.Equal(8, p.Count);
        Assert.Equal(new PatchPosition(6, 1, 0, 1, 4, 140), p.Position(6));   // frame 1, grid (0, 1), pixel x 4, y 140
        var patch = p.Patch(6);
        Assert.Equal(darks[1][140, 4], patch[0]);
        Assert.Equal(darks[1][140 + 135, 4 + 135], patch[^1]);
        Assert.Equal(darks[1][140 + 10, 4 + 20], patch[10 * 136 + 20]);
        var truth = darks.Select(d => d.PersistenceMask).ToList();
        var coverage = p.Coverage(truth);
        var labels = p.Labels(truth);
        for (var i = 0; i < p.Count; i++)
        {
            var pos = p.Position(i);
            var n = 0;
            for (var y = pos.Y; y < pos.Y + 136; y++) for (var x = pos.X; x < pos.X + 136; x++) n += truth[pos.Image][x, y] ? 1 : 0;
            Assert.Equal(n / (136.0 * 136), coverage[i], 12);
            Assert.Equal(n > 0 ? 1 : 0, labels[i]);
        }
        var ds = p.ToDataset(labels);
        Assert.Equal([1, 136, 136], ds.SampleShape);
        Assert.Equal(labels, ds.Labels());
        var split = Splits.TrainValidationTest(ds.Labels(), seed: 1);
        var subsets = ds.Subsets(split);
        Assert.Equal(p.Count, subsets.Values.Sum(d => d.Count));
        var (arr, shape) = subsets["train"].ToArray();
        Assert.Equal([subsets["train"].Count, 1, 136, 136], shape);
        Assert.Equal(p.Patch(split.Train[0]).ToArray(), arr.AsSpan(0, 136 * 136).ToArray());
        Assert.Equal(2 * 4 * 4, darks.Select(d => d.Data).ToList().Tile(68, border: 4).Count); // 272 / 68 = 4 per side
        var e = Assert.Throws<ArgumentException>(() => darks[0].Data.Tile(300, border: 4));
        Assert.Contains("300", e.Message);
    }
}

public class DataSupportTests
{
    [Fact]
    public void Bulk_gaussian_noise_is_standard_normal_by_scipy_ks_test()
    {
        var z = new float[20000];
        new Rng(3UL).FillGaussian(z);
        var p = double.Parse(Repo.RunPython("""
            import sys, json
            from scipy import stats
            x = json.load(open(sys.argv[1]))
            print(stats.kstest(x, "norm").pvalue)
            """, WriteJson(z)), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(p > 1e-3, $"KS p-value {p}");
        var g = new Rng(4UL);
        var d = Enumerable.Range(0, 20000).Select(_ => g.Gaussian()).ToArray();
        Assert.Equal(0, d.Average(), 0.03);
        Assert.Equal(1, Math.Sqrt(d.Average(v => v * v)), 0.03);
    }

    static string WriteJson(float[] values)
    {
        var path = Path.Combine(Repo.TempDir("ks"), "z.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(values));
        return path;
    }

    [Fact]
    public void Default_data_exists_at_every_scale_and_a_wrong_scale_is_named()
    {
        foreach (var scale in new[] { "smoke", "default", "full" })
        {
            Assert.True(DefaultData.Persistence(scale).Frames >= 1);
            Assert.True(DefaultData.Uves(scale).Options.Years >= 1);
            Assert.True(DefaultData.Hsc(scale).Fields >= 1);
            Assert.True(DefaultData.Cfis(scale).Options.Count >= 1);
            Assert.True(DefaultData.Similarity(scale).Count >= 1);
        }
        Assert.Equal(2048, DefaultData.Persistence("full").DarkOptions.Size);
        Assert.Equal(220, DefaultData.Similarity("full").Size);   // the talk's cut-outs
        var e = Assert.Throws<ArgumentException>(() => DefaultData.Cfis("huge"));
        Assert.Contains("huge", e.Message);
        // The smoke data of every notebook is made here in full, quickly.
        var nisp = DefaultData.Persistence("smoke");
        Assert.Equal(nisp.Frames, NispSlewDarkGenerator.Sequence(nisp.Frames, nisp.DarkOptions, 1).Count());
        Assert.NotEmpty(UvesCalibrationGenerator.Generate(DefaultData.Uves("smoke").Options, 1));
        Assert.Equal(DefaultData.Similarity("smoke").Count, GalaxyCutoutGenerator.Generate(DefaultData.Similarity("smoke").CutoutOptions, 1).Count);
    }

    [Fact]
    public void A_manifest_displays_as_html_with_its_licence_and_files()
    {
        var m = DataManifest.Named("gemini-gmos-astroscrappy");
        var html = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(m, "text/html");
        Assert.Contains("BSD-3-Clause", html);
        Assert.Contains("gmos.fits", html);
        Assert.Contains("150×200", html);
        Assert.Contains("van Dokkum", html);
    }
}
