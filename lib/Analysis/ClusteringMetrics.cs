namespace NotebookLib.Analysis;

public static partial class Metrics
{
    /// <summary>Adjusted Rand index between two labellings (1 = identical up to renaming, ~0 = chance).</summary>
    public static double AdjustedRandIndex(int[] labelsTrue, int[] labelsPred)
    {
        var (table, rows, cols, n) = Contingency(labelsTrue, labelsPred);
        static double C2(double x) => x * (x - 1) / 2;
        double sumIj = table.Values.Sum(v => C2(v)), sumA = rows.Sum(v => C2(v)), sumB = cols.Sum(v => C2(v));
        double expected = sumA * sumB / C2(n), max = (sumA + sumB) / 2;
        if (max == expected) return 1.0; // both trivial partitions: scikit-learn's special case
        return (sumIj - expected) / (max - expected);
    }

    /// <summary>Normalized mutual information with the arithmetic-mean normalisation (scikit-learn's default).</summary>
    public static double NormalizedMutualInfo(int[] labelsTrue, int[] labelsPred)
    {
        var (table, rows, cols, n) = Contingency(labelsTrue, labelsPred);
        if (rows.Length == cols.Length && (rows.Length == 1 || rows.Length == 0)) return 1.0;
        double mi = 0;
        foreach (var ((i, j), c) in table)
            mi += c / n * (Math.Log(c) - Math.Log(rows[i]) - Math.Log(cols[j]) + Math.Log(n));
        if (mi <= 0) return 0;
        double ha = Entropy(rows, n), hb = Entropy(cols, n);
        return mi / Math.Max((ha + hb) / 2, double.Epsilon);
    }

    static double Entropy(double[] counts, double n) => -counts.Where(c => c > 0).Sum(c => c / n * Math.Log(c / n));

    static (Dictionary<(int, int), double> Table, double[] Rows, double[] Cols, double N) Contingency(int[] a, int[] b)
    {
        CheckSameLength(a, b, "labelsTrue", "labelsPred");
        var ai = new Dictionary<int, int>(); var bi = new Dictionary<int, int>();
        var table = new Dictionary<(int, int), double>();
        var rows = new List<double>(); var cols = new List<double>();
        for (int k = 0; k < a.Length; k++)
        {
            if (!ai.TryGetValue(a[k], out var i)) { i = ai[a[k]] = ai.Count; rows.Add(0); }
            if (!bi.TryGetValue(b[k], out var j)) { j = bi[b[k]] = bi.Count; cols.Add(0); }
            rows[i]++; cols[j]++;
            table[(i, j)] = table.GetValueOrDefault((i, j)) + 1;
        }
        return (table, rows.ToArray(), cols.ToArray(), a.Length);
    }

    /// <summary>Mean silhouette coefficient (euclidean or cosine distance), as silhouette_score.</summary>
    public static double Silhouette(float[,] x, int[] labels, Metric metric = Metric.Euclidean) =>
        SilhouetteSamples(x, labels, metric).Average();

    /// <summary>Silhouette coefficient of every sample; samples alone in their cluster get 0.</summary>
    public static double[] SilhouetteSamples(float[,] x, int[] labels, Metric metric = Metric.Euclidean)
    {
        var (n, d) = Input.Check(x, "Silhouette");
        if (labels.Length != n) throw new ArgumentException($"Silhouette: X has {n} samples but labels has {labels.Length}");
        var ids = labels.Distinct().Order().ToArray();
        if (ids.Length < 2 || ids.Length > n - 1)
            throw new ArgumentException($"Silhouette needs between 2 and n−1 = {n - 1} clusters; the labels have {ids.Length}");
        var map = ids.Select((v, i) => (v, i)).ToDictionary(t => t.v, t => t.i);
        int k = ids.Length;
        var lab = labels.Select(l => map[l]).ToArray();
        var size = new int[k]; foreach (var l in lab) size[l]++;
        var sums = new double[n * k];
        PairwiseDistances.ForEachRowBlock(x, metric, (i0, m, block, p, j0) =>
        {
            for (int i = 0; i < m; i++)
            {
                var row = block.Slice(i * p, p);
                var s = sums.AsSpan((i0 + i) * k, k);
                for (int j = 0; j < p; j++) s[lab[j0 + j]] += row[j];
            }
        });
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            int own = lab[i];
            if (size[own] <= 1) continue;
            double a = sums[i * k + own] / (size[own] - 1), b = double.PositiveInfinity;
            for (int c = 0; c < k; c++) if (c != own) b = Math.Min(b, sums[i * k + c] / size[c]);
            result[i] = (b - a) / Math.Max(a, b);
        }
        return result;
    }

    /// <summary>How well an embedding keeps each point's k nearest neighbours (scikit-learn's
    /// trustworthiness: 1 − 2/(nk(2n−3k−1)) Σ max(0, rank − k), ranks in the original space).</summary>
    public static double Trustworthiness(float[,] x, float[,] embedded, int nNeighbors = 5, Metric metric = Metric.Euclidean)
    {
        var (n, _) = Input.Check(x, "Trustworthiness");
        var (ne, de) = Input.Check(embedded, "Trustworthiness", 1, "embedded");
        if (ne != n) throw new ArgumentException($"Trustworthiness: X has {n} samples but the embedding has {ne}");
        if (nNeighbors >= n / 2.0) throw new ArgumentException($"Trustworthiness: nNeighbors ({nNeighbors}) must be below n/2 = {n / 2.0}");
        var (nnIdx, _) = Kernels.KNearest(Input.Flat(embedded).ToArray(), n, Input.Flat(embedded).ToArray(), n, de, nNeighbors, true);
        double penalty = 0; object gate = new();
        PairwiseDistances.ForEachRowBlock(x, metric, (i0, m, block, p, j0) =>
        {
            // block rows are full rows here (p == n) so ranks are exact
            double local = 0;
            for (int i = 0; i < m; i++)
            {
                int self = i0 + i; var row = block.Slice(i * p, p);
                for (int q = 0; q < nNeighbors; q++)
                {
                    int j = nnIdx[self * nNeighbors + q]; float dj = row[j];
                    int rank = 1;
                    for (int l = 0; l < p; l++) if (l != self && (row[l] < dj || (row[l] == dj && l < j))) rank++;
                    if (rank > nNeighbors) local += rank - nNeighbors;
                }
            }
            lock (gate) penalty += local;
        });
        return 1 - 2.0 / (n * nNeighbors * (2.0 * n - 3.0 * nNeighbors - 1.0)) * penalty;
    }
}
