using Microsoft.Data.Analysis;

namespace NotebookLib.Analysis;

/// <summary>Mean and worst per-class F1 of a clustering against the truth, and its adjusted Rand index.</summary>
public sealed record ClusteringScore(double MeanF1, double WorstF1, double Ari);

/// <summary>The clustering algorithms the calibration-frame talk compares.</summary>
public enum ClusteringAlgorithm
{
    /// <summary>k-means on the unit-normalised rows (cosine geometry).</summary>
    KMeans,
    /// <summary>Spectral clustering on the cosine affinity max(0, cos θ).</summary>
    Spectral,
    /// <summary>Agglomerative clustering, Ward linkage of the unit-normalised rows (‖a − b‖² = 2 − 2 cos θ): unlike
    /// average linkage it does not spend a cluster on one odd frame.</summary>
    Hierarchical,
}

/// <summary>
/// Unsupervised typing within known groups, as the calibration-frame talk clusters each arm and extension
/// (BLUE-ext1, RED-ext1, RED-ext2) on its own: each group's rows are clustered into k clusters, and each
/// cluster is named after the most common true class of its members (the check against the truth, not
/// part of the clustering), so precision, recall and F1 per class can be measured.
/// </summary>
public static class GroupedClustering
{
    /// <summary>The predicted class of each row: its cluster's majority class within its group.</summary>
    public static string[] Predict(float[,] x, IReadOnlyList<string> groups, IReadOnlyList<string> truth, int k,
        ClusteringAlgorithm algorithm = ClusteringAlgorithm.KMeans, int? seed = null)
    {
        var n = x.GetLength(0);
        if (groups.Count != n || truth.Count != n) throw new ArgumentException($"{n} rows, {groups.Count} groups and {truth.Count} true classes: one of each per row");
        var predicted = new string[n];
        foreach (var g in Enumerable.Range(0, n).GroupBy(i => groups[i]))
        {
            var rows = g.ToArray();
            var sub = Matrix.TakeRows(x, rows);
            var kk = Math.Min(k, rows.Length);
            var clusters = kk < 2 ? new int[rows.Length] : Cluster(sub, kk, algorithm, seed);
            var names = truth.Distinct().Order(StringComparer.Ordinal).ToList();
            var t = rows.Select(i => names.IndexOf(truth[i])).ToArray();
            var named = ClusterLabelling.MajorityLabels(clusters, t);
            for (var r = 0; r < rows.Length; r++) predicted[rows[r]] = names[named[r]];
        }
        return predicted;
    }

    /// <summary>Cluster labels of <paramref name="x"/> by <paramref name="algorithm"/> (cosine geometry throughout).</summary>
    public static int[] Cluster(float[,] x, int k, ClusteringAlgorithm algorithm, int? seed = null) => algorithm switch
    {
        ClusteringAlgorithm.KMeans => new KMeans(k, seed: seed).Fit(UnitRows(x)).Labels,
        ClusteringAlgorithm.Spectral => new SpectralClustering(k, Affinity.Cosine, seed: seed).FitPredict(x),
        ClusteringAlgorithm.Hierarchical => new AgglomerativeClustering(k, Linkage.Ward).FitPredict(UnitRows(x)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown algorithm"),
    };

    /// <summary>Rows scaled to unit length (zero rows stay zero).</summary>
    public static float[,] UnitRows(float[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        return Matrix.FromFlat(Kernels.NormalizeRows(Input.Flat(x), n, d), n);
    }

    /// <summary>
    /// How well the grouped clustering of <paramref name="x"/> (<see cref="Predict"/>) recovers the true classes, scored over the
    /// rows where <paramref name="scored"/> is true (all when null; the good frames, say): mean and worst per-class F1, and the
    /// adjusted Rand index.
    /// </summary>
    public static ClusteringScore Score(float[,] x, IReadOnlyList<string> groups, IReadOnlyList<string> truth, int k,
        ClusteringAlgorithm algorithm = ClusteringAlgorithm.Hierarchical, int? seed = null, IReadOnlyList<bool>? scored = null)
    {
        var p = Predict(x, groups, truth, k, algorithm, seed);
        var rows = Enumerable.Range(0, p.Length).Where(i => scored?[i] ?? true).ToArray();
        var t = rows.Select(i => truth[i]).ToList();
        var s = Metrics.PerClass(t, rows.Select(i => p[i]).ToList());
        var names = t.Distinct().Order(StringComparer.Ordinal).ToList();
        var ari = Metrics.AdjustedRandIndex(t.Select(v => names.IndexOf(v)).ToArray(), rows.Select(i => names.IndexOf(p[i])).ToArray());
        return new ClusteringScore(s.Average(c => c.F1), s.Min(c => c.F1), ari);
    }

    /// <summary>Precision, recall and F1 per true class for each named prediction (an algorithm, say), over <paramref name="rows"/>
    /// (all when null): one row per (name, class).</summary>
    public static DataFrame PerClass(IReadOnlyList<string> truth, IEnumerable<(string Name, IReadOnlyList<string> Predicted)> predictions,
        IReadOnlyList<int>? rows = null, string nameColumn = "algorithm")
    {
        var r = rows ?? Enumerable.Range(0, truth.Count).ToArray();
        var t = r.Select(i => truth[i]).ToList();
        var all = predictions.SelectMany(p => Metrics.PerClass(t, r.Select(i => p.Predicted[i]).ToList()).Select(s => (p.Name, s))).ToList();
        return new DataFrame(
            new StringDataFrameColumn(nameColumn, all.Select(a => a.Name)),
            new StringDataFrameColumn("type", all.Select(a => a.s.Class)),
            new Int64DataFrameColumn("support", all.Select(a => a.s.Support)),
            new DoubleDataFrameColumn("precision", all.Select(a => Math.Round(a.s.Precision, 3))),
            new DoubleDataFrameColumn("recall", all.Select(a => Math.Round(a.s.Recall, 3))),
            new DoubleDataFrameColumn("F1", all.Select(a => Math.Round(a.s.F1, 3))));
    }

    /// <summary>
    /// F1 of each class (columns, in sorted order) for each value of <paramref name="keys"/> (rows: a year, say),
    /// with the number of rows per key, then the worst and the mean of the classes' F1 (the talk's per-year table);
    /// a class absent from a key's rows is NaN there and left out of the worst and the mean.
    /// </summary>
    public static DataFrame F1By<TKey>(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, IReadOnlyList<TKey> keys, string keyName = "key")
        where TKey : notnull
    {
        var classes = truth.Distinct().Order(StringComparer.Ordinal).ToList();
        var byKey = Enumerable.Range(0, truth.Count).GroupBy(i => keys[i]).OrderBy(g => g.Key).ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn(keyName, byKey.Select(g => g.Key.ToString() ?? "")),
            new Int32DataFrameColumn("n", byKey.Select(g => g.Count())),
        };
        foreach (var c in classes)
            columns.Add(new DoubleDataFrameColumn(c, byKey.Select(g =>
            {
                var rows = g.ToArray();
                if (!rows.Any(i => truth[i] == c)) return double.NaN;
                var b = Metrics.Binary(rows.Select(i => truth[i] == c ? 1 : 0).ToArray(), rows.Select(i => predicted[i] == c ? 1 : 0).ToArray());
                return Math.Round(b.F1, 3);
            })));
        var f1 = columns.Skip(2).Cast<DoubleDataFrameColumn>().ToList();
        IEnumerable<double> Present(int k) => f1.Select(c => c[k] ?? double.NaN).Where(double.IsFinite);
        columns.Add(new DoubleDataFrameColumn("worst", Enumerable.Range(0, byKey.Count).Select(k => Present(k).DefaultIfEmpty(double.NaN).Min())));
        columns.Add(new DoubleDataFrameColumn("mean", Enumerable.Range(0, byKey.Count).Select(k => Math.Round(Present(k).DefaultIfEmpty(double.NaN).Average(), 3))));
        return new DataFrame(columns);
    }
}
