using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class IsolationForestTests
{
    static float[,] Gaussian(int n, int d, int seed, int outliers = 0)
    {
        var rng = new Random(seed);
        var x = new float[n, d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i, j] = Synthetic.Gauss(rng) * (i < outliers ? 4 : 1);
        return x;
    }

    [Fact]
    public void Scores_are_the_same_for_one_and_two_threads()
    {
        var x = Gaussian(1500, 8, seed: 5, outliers: 15);
        foreach (var make in new Func<int, IsolationEnsemble>[]
        {
            j => new IsolationForest(50, seed: 3, nJobs: j),
            j => new ExtendedIsolationForest(50, seed: 3, nJobs: j),
            j => new ExtendedIsolationForest(50, extensionLevel: 2, seed: 3, nJobs: j),
        })
        {
            var one = make(1).Fit(x).ScoreSamples(x);
            var two = make(2).Fit(x).ScoreSamples(x);
            Assert.Equal(one, two);
        }
        // while a different seed grows a different forest
        Assert.NotEqual(new IsolationForest(50, seed: 3).Fit(x).ScoreSamples(x), new IsolationForest(50, seed: 4).Fit(x).ScoreSamples(x));
    }

    [Fact]
    public void Trees_partition_their_subsample_down_to_the_depth_limit()
    {
        var x = Gaussian(1000, 5, seed: 6);
        foreach (var forest in new IsolationEnsemble[] { new IsolationForest(20, seed: 1).Fit(x), new ExtendedIsolationForest(20, extensionLevel: 1, seed: 1).Fit(x) })
            foreach (var t in forest.Trees)
            {
                Assert.Equal(256, t.Size[0]);
                var depth = new int[t.NodeCount];
                for (int node = 0; node < t.NodeCount; node++)
                {
                    if (t.Left[node] < 0)
                    {
                        Assert.InRange(depth[node], 0, 8); // ⌈log₂ 256⌉, as scikit-learn's max_depth
                        Assert.Equal(depth[node] + IsolationEnsemble.C(t.Size[node]), t.Value[node], 12);
                        continue;
                    }
                    int l = t.Left[node];
                    Assert.Equal(t.Size[node], t.Size[l] + t.Size[l + 1]);
                    depth[l] = depth[l + 1] = depth[node] + 1;
                }
            }
    }

    [Fact]
    public void Axis_parallel_and_level_zero_extended_forests_estimate_scikit_learns_scores()
    {
        // with 1000 trees each score is the forest's expectation to about ±0.004, so three forests
        // with different random streams must agree sample by sample, not only in ranking
        var x = Gaussian(400, 4, seed: 7, outliers: 8);
        var o = Oracle.Run("""
            from sklearn.ensemble import IsolationForest
            X = np.array(inp['x'], dtype=np.float32)
            out = dict(s=-IsolationForest(n_estimators=1000, random_state=0).fit(X).score_samples(X))
            """, new { x = Oracle.Rows(x) });
        var sk = Oracle.Doubles(o["s"]!);
        var axis = new IsolationForest(1000, seed: 1).Fit(x).ScoreSamples(x);
        var level0 = new ExtendedIsolationForest(1000, extensionLevel: 0, seed: 2).Fit(x).ScoreSamples(x);
        Assert.Equal(sk.Length, level0.Length);
        foreach (var (name, s) in new[] { ("IsolationForest", axis), ("ExtendedIsolationForest level 0", level0) })
        {
            var diff = s.Zip(sk, (a, b) => Math.Abs(a - b)).ToArray();
            Assert.True(diff.Average() < 0.006 && diff.Max() < 0.03, $"{name} vs scikit-learn: mean |Δs| {diff.Average():F4}, max {diff.Max():F4}");
        }
        // a fully extended forest scores differently (no axis artefacts), but finds the same outliers
        var full = new ExtendedIsolationForest(1000, seed: 2).Fit(x).ScoreSamples(x);
        Assert.True(full.Zip(sk, (a, b) => Math.Abs(a - b)).Max() > 0.01);
        Assert.Equal(Enumerable.Range(0, 8), Enumerable.Range(0, 400).OrderByDescending(i => full[i]).Take(8).Order());
    }

    [Fact]
    public void Bad_parameters_are_named()
    {
        Assert.Contains("nJobs", Assert.Throws<ArgumentOutOfRangeException>(() => new IsolationForest(nJobs: 0)).Message);
        Assert.Contains("extensionLevel", Assert.Throws<ArgumentOutOfRangeException>(() => new ExtendedIsolationForest(extensionLevel: -1)).Message);
        Assert.Contains("not fitted", Assert.Throws<InvalidOperationException>(() => new IsolationForest().ScoreSamples(new float[3, 2])).Message);
        Assert.Contains("[1, 0] is NaN", Assert.Throws<ArgumentException>(() => new IsolationForest().Fit(new float[,] { { 1, 2 }, { float.NaN, 3 } })).Message);
    }
}
