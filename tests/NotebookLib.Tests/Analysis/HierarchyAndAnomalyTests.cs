using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class HierarchyAndAnomalyTests
{
    [Fact]
    public void Linkage_matrices_equal_scipy()
    {
        var (x, _) = Synthetic.Blobs(40, 3, 3, seed: 8, spread: 2f, separation: 4f);
        var o = Oracle.Run("""
            from scipy.cluster.hierarchy import linkage
            X = np.array(inp['x'], dtype=np.float64)
            out = {f'{m}-{met}': linkage(X, method=m, metric=met).ravel() for m in ['ward', 'average', 'complete', 'single'] for met in ['euclidean', 'cosine'] if not (m == 'ward' and met == 'cosine')}
            """, new { x = Oracle.Rows(x) });
        foreach (var link in Enum.GetValues<Linkage>())
            foreach (var metric in Enum.GetValues<Metric>())
            {
                if (link == Linkage.Ward && metric == Metric.Cosine) continue;
                var key = $"{link.ToString().ToLowerInvariant()}-{metric.ToString().ToLowerInvariant()}";
                var z = new AgglomerativeClustering(3, link, metric).Fit(x).LinkageMatrix;
                Oracle.Close(Oracle.Doubles(o[key]!), z.Cast<double>().ToArray(), 6);
            }
    }

    [Fact]
    public void Ward_recovers_blobs_and_cuts_by_count_or_distance()
    {
        var (x, truth) = Synthetic.Blobs(300, 5, 4, seed: 3, spread: 1f, separation: 10f);
        var ward = new AgglomerativeClustering(4).Fit(x);
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, ward.Labels), 12);
        var z = ward.LinkageMatrix;
        // a threshold between the 4th-from-last and 3rd-from-last merge heights gives the same 4 clusters
        double t = (z[295, 2] + z[296, 2]) / 2;
        var byDistance = new AgglomerativeClustering(distanceThreshold: t).Fit(x);
        Assert.Equal(4, byDistance.NClustersFound);
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, byDistance.Labels), 12);
        Assert.Equal(300, z[298, 3]);
        Assert.Contains("euclidean", Assert.Throws<ArgumentException>(() => new AgglomerativeClustering(2, Linkage.Ward, Metric.Cosine).Fit(x)).Message);
    }

    static (float[,] X, int[] Outliers) Planted(int n, int d, int k, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n + k, d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i, j] = Synthetic.Gauss(rng);
        for (int i = n; i < n + k; i++)
        {
            // outliers on a shell at radius 12σ in random directions (well beyond the 1000-sample bulk, ~4.5σ)
            var v = Enumerable.Range(0, d).Select(_ => Synthetic.Gauss(rng)).ToArray();
            double norm = Math.Sqrt(v.Sum(a => a * a));
            for (int j = 0; j < d; j++) x[i, j] = (float)(12 * v[j] / norm);
        }
        return (x, Enumerable.Range(n, k).ToArray());
    }

    [Fact]
    public void Planted_outliers_get_the_top_isolation_scores_in_both_forests()
    {
        var (x, outliers) = Planted(1000, 6, 10, seed: 11);
        var forests = new IsolationEnsemble[]
        {
            new IsolationForest(seed: 1).Fit(x),
            new ExtendedIsolationForest(seed: 1).Fit(x),
            new ExtendedIsolationForest(extensionLevel: 0, seed: 1).Fit(x),
        };
        foreach (var f in forests)
        {
            var s = f.ScoreSamples(x);
            var top = Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).Take(10).Order().ToArray();
            Assert.True(outliers.SequenceEqual(top), $"{f.GetType().Name} (level {f.ExtensionLevel}): top {string.Join(", ", top.Select(i => $"{i}:{s[i]:F3}"))}, outliers {string.Join(", ", outliers.Select(i => $"{s[i]:F3}"))}");
            Assert.All(s, v => Assert.InRange(v, 0.0, 1.0));
            Assert.All(outliers, i => Assert.True(s[i] > 0.6, $"{f.GetType().Name} outlier {i} scored {s[i]}"));
            Assert.True(s.Take(1000).Average() < 0.5);
        }
        Assert.Equal(5, forests[1].ExtensionLevel);
        var cont = new IsolationForest(contamination: 10 / 1010.0, seed: 2).Fit(x);
        Assert.Equal(outliers, cont.Predict(x).Select((p, i) => (p, i)).Where(t => t.p == -1).Select(t => t.i).ToArray());

        // scikit-learn on the same data ranks the same outliers: its AUC and ours agree
        var o = Oracle.Run("""
            from sklearn.ensemble import IsolationForest
            X = np.array(inp['x'], dtype=np.float32)
            out = dict(s=-IsolationForest(random_state=0).fit(X).score_samples(X))
            """, new { x = Oracle.Rows(x) });
        var y = Enumerable.Range(0, 1010).Select(i => i >= 1000 ? 1 : 0).ToArray();
        double theirs = Metrics.RocAuc(y, Oracle.Doubles(o["s"]!).Select(v => (float)v).ToArray());
        double ours = Metrics.RocAuc(y, forests[0].ScoreSamples(x).Select(v => (float)v).ToArray());
        Assert.True(ours >= theirs - 0.01, $"AUC ours {ours}, scikit-learn {theirs}");
        Assert.InRange(forests[0].ScoreSamples(x).Take(1000).Average(), Oracle.Doubles(o["s"]!).Take(1000).Average() - 0.02, Oracle.Doubles(o["s"]!).Take(1000).Average() + 0.02);
    }

    [Fact]
    public void Path_length_correction_and_bad_input()
    {
        Assert.Equal(0, IsolationEnsemble.C(1));
        Assert.Equal(1, IsolationEnsemble.C(2));
        Assert.Equal(2 * (Math.Log(255) + 0.5772156649015329) - 2 * 255.0 / 256, IsolationEnsemble.C(256), 12);
        var x = new float[20, 3];
        Assert.Contains("between 0 and d − 1 = 2", Assert.Throws<ArgumentException>(() => new ExtendedIsolationForest(extensionLevel: 3).Fit(x)).Message);
        var f = new ExtendedIsolationForest(seed: 1).Fit(x);
        Assert.Contains("3 features", Assert.Throws<ArgumentException>(() => f.ScoreSamples(new float[2, 4])).Message);
    }

    [Fact]
    public void Reconstruction_error_thresholds_equal_numpy_and_scipy()
    {
        var rng = new Random(4);
        var errors = Enumerable.Range(0, 501).Select(i => i % 50 == 0 ? 5 + rng.NextDouble() : Math.Abs(Synthetic.Gauss(rng)) * 0.1).ToArray();
        var o = Oracle.Run("""
            from scipy.stats import median_abs_deviation
            e = np.array(inp['e'])
            out = dict(p99=np.percentile(e, 99), p37=np.percentile(e, 37.5), ms=e.mean() + 3 * e.std(),
                       mad=np.median(e) + 3 * median_abs_deviation(e, scale=1/1.4826))
            """, new { e = errors });
        Assert.Equal(o["p99"]!.GetValue<double>(), Thresholds.Percentile(errors, 99), 12);
        Assert.Equal(o["p37"]!.GetValue<double>(), Thresholds.Percentile(errors, 37.5), 12);
        Assert.Equal(o["ms"]!.GetValue<double>(), Thresholds.MeanStd(errors), 12);
        Assert.Equal(o["mad"]!.GetValue<double>(), Thresholds.Mad(errors), 9);
        // a robust 6σ-equivalent cut flags exactly the 11 planted large errors
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * 50).ToArray(), Thresholds.Above(errors, Thresholds.Mad(errors, 6)).Order().ToArray());
        Assert.Contains("[2] is NaN", Assert.Throws<ArgumentException>(() => Thresholds.Mad([1, 2, double.NaN])).Message);
    }
}
