using System.Numerics.Tensors;

namespace NotebookLib.Analysis;

/// <summary>How the distance between two clusters is measured when merging.</summary>
public enum Linkage { Ward, Average, Complete, Single }

/// <summary>
/// Hierarchical agglomerative clustering, shaped like scikit-learn's AgglomerativeClustering, with
/// the full merge tree in scipy's linkage-matrix format (for dendrograms): row i merges clusters
/// Z[i,0] &lt; Z[i,1] at distance Z[i,2] into a cluster of Z[i,3] samples, numbered n + i.
/// Single linkage uses the minimum spanning tree; the others the nearest-neighbour chain, as scipy.
/// The tree is cut into <c>nClusters</c> clusters, or at <c>distanceThreshold</c> when given.
/// </summary>
public sealed class AgglomerativeClustering(int nClusters = 2, Linkage linkage = Linkage.Ward, Metric metric = Metric.Euclidean, double? distanceThreshold = null)
{
    public int NClusters { get; } = nClusters;
    public Linkage Linkage { get; } = linkage;
    public Metric Metric { get; } = metric;
    public double? DistanceThreshold { get; } = distanceThreshold;

    /// <summary>scipy's linkage matrix Z, (n − 1) × 4.</summary>
    public double[,] LinkageMatrix { get; private set; } = new double[0, 4];
    public int[] Labels { get; private set; } = [];
    /// <summary>Clusters after the cut.</summary>
    public int NClustersFound => Labels.Length == 0 ? 0 : Labels.Max() + 1;

    public AgglomerativeClustering Fit(float[,] x)
    {
        var (n, _) = Input.Check(x, "AgglomerativeClustering", 2);
        if (Linkage == Linkage.Ward && Metric != Metric.Euclidean)
            throw new ArgumentException("AgglomerativeClustering: ward linkage is defined for euclidean distances only; use average or complete linkage with cosine");
        if (DistanceThreshold is null && (NClusters < 1 || NClusters > n))
            throw new ArgumentException($"AgglomerativeClustering: nClusters = {NClusters} but X has {n} samples; it must be between 1 and n");
        LinkageMatrix = Linkage == Linkage.Single ? SingleLinkage(x) : NnChainCore(Condensed(x, Metric, out _), n, Linkage);
        Labels = DistanceThreshold is { } t ? CutAtDistance(LinkageMatrix, t) : Cut(LinkageMatrix, NClusters);
        return this;
    }

    public int[] FitPredict(float[,] x) => Fit(x).Labels;

    /// <summary>Labels (0..k−1, in order of first sample) after undoing the last k − 1 merges (scipy's fcluster maxclust).</summary>
    public static int[] Cut(double[,] z, int nClusters)
    {
        int n = z.GetLength(0) + 1;
        return Components(z, n, n - nClusters);
    }

    /// <summary>Labels after applying every merge at distance ≤ <paramref name="threshold"/>.</summary>
    public static int[] CutAtDistance(double[,] z, double threshold)
    {
        int n = z.GetLength(0) + 1, merges = 0;
        while (merges < n - 1 && z[merges, 2] <= threshold) merges++;
        return Components(z, n, merges);
    }

    static int[] Components(double[,] z, int n, int merges)
    {
        var parent = Enumerable.Range(0, 2 * n - 1).ToArray();
        int Find(int a) { while (parent[a] != a) a = parent[a] = parent[parent[a]]; return a; }
        for (int i = 0; i < merges; i++)
        {
            parent[Find((int)z[i, 0])] = n + i;
            parent[Find((int)z[i, 1])] = n + i;
        }
        var ids = new Dictionary<int, int>(); var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int r = Find(i);
            if (!ids.TryGetValue(r, out var l)) ids[r] = l = ids.Count;
            labels[i] = l;
        }
        return labels;
    }

    /// <summary>Condensed distances (i &lt; j) in double, as scipy's pdist.</summary>
    static double[] Condensed(float[,] x, Metric metric, out int n)
    {
        int nn = x.GetLength(0), d = x.GetLength(1); n = nn;
        var r = new double[(long)nn * (nn - 1) / 2];
        if (nn <= 2000)
        {
            // small inputs: exact double arithmetic, so merge heights equal scipy's to rounding; the
            // rows go to double once and each pair is one SIMD call (a scalar loop over float[,] with
            // conversions was most of the time of a 2,000-point ward fit)
            var data = new double[nn * d];
            var flat = Input.Flat(x);
            for (int k = 0; k < data.Length; k++) data[k] = flat[k];
            var norm = new double[nn];
            if (metric == Metric.Cosine)
                for (int i = 0; i < nn; i++) norm[i] = Math.Sqrt(TensorPrimitives.Dot(data.AsSpan(i * d, d), data.AsSpan(i * d, d)));
            Parallel.For(0, nn, Input.Parallel, i =>
            {
                long start = (long)i * nn - (long)i * (i + 1) / 2;
                var a = data.AsSpan(i * d, d);
                for (int j = i + 1; j < nn; j++)
                {
                    var b = data.AsSpan(j * d, d);
                    r[start + j - i - 1] = metric == Metric.Cosine
                        ? norm[i] == 0 || norm[j] == 0 ? 0 : Math.Max(0, 1 - TensorPrimitives.Dot(a, b) / (norm[i] * norm[j]))
                        : TensorPrimitives.Distance(a, b);
                }
            });
            return r;
        }
        PairwiseDistances.ForEachRowBlock(x, metric, (i0, m, block, p, j0) =>
        {
            for (int i = 0; i < m; i++)
            {
                long gi = i0 + i, start = gi * nn - gi * (gi + 1) / 2;
                for (int j = Math.Max(j0, (int)gi + 1); j < j0 + p; j++) r[start + (j - gi - 1)] = block[i * p + j - j0];
            }
        });
        return r;
    }

    static long Index(int n, int i, int j)
    {
        if (i > j) (i, j) = (j, i);
        return (long)i * n - (long)i * (i + 1) / 2 + (j - i - 1);
    }

    /// <summary>Nearest-neighbour chain with Lance-Williams updates (complete, average, ward), then
    /// sorted and relabelled exactly as scipy's linkage.</summary>
    internal static double[,] NnChainCore(double[] dist, int n, Linkage linkage)
    {
        var size = Enumerable.Repeat(1, n).ToArray();
        var alive = Enumerable.Repeat(true, n).ToArray();
        var merges = new (int A, int B, double D)[n - 1];
        var chain = new int[n]; int len = 0;
        // the condensed index of (i, j), i < j, is rowStart[i] + j
        var rowStart = new long[n];
        for (int i = 0; i < n; i++) rowStart[i] = (long)i * n - (long)i * (i + 1) / 2 - i - 1;
        for (int k = 0; k < n - 1; k++)
        {
            if (len == 0) { int first = 0; while (!alive[first]) first++; chain[len++] = first; }
            int a, b; double best;
            while (true)
            {
                a = chain[len - 1];
                // prefer the previous chain element on ties, so the chain terminates
                b = len > 1 ? chain[len - 2] : -1;
                best = b >= 0 ? dist[Index(n, a, b)] : double.PositiveInfinity;
                // the column of a above the diagonal (i < a), then its row; dead clusters are skipped
                // before their entry is read (most of the matrix is dead late in the chain)
                for (int i = 0; i < a; i++) { if (!alive[i]) continue; double v = dist[rowStart[i] + a]; if (v < best) { best = v; b = i; } }
                long ra = rowStart[a];
                for (int i = a + 1; i < n; i++) { if (!alive[i]) continue; double v = dist[ra + i]; if (v < best) { best = v; b = i; } }
                if (len > 1 && b == chain[len - 2]) break;
                chain[len++] = b;
            }
            len -= 2;
            if (a > b) (a, b) = (b, a);
            merges[k] = (a, b, best);
            int sa = size[a], sb = size[b];
            // the merged cluster lives on in slot b
            for (int i = 0; i < n; i++)
            {
                if (!alive[i] || i == a || i == b) continue;
                long ia = i < a ? rowStart[i] + a : rowStart[a] + i, ib = i < b ? rowStart[i] + b : rowStart[b] + i;
                double da = dist[ia], db = dist[ib];
                dist[ib] = linkage switch
                {
                    Linkage.Complete => Math.Max(da, db),
                    Linkage.Average => (sa * da + sb * db) / (sa + sb),
                    _ => Math.Sqrt(((sa + size[i]) * da * da + (sb + size[i]) * db * db - size[i] * best * best) / (sa + sb + size[i])),
                };
            }
            alive[a] = false; size[b] = sa + sb;
        }
        return Label(merges, n);
    }

    /// <summary>Sorts merges by distance (stable) and numbers the new clusters n, n+1, … (scipy's label step).</summary>
    static double[,] Label((int A, int B, double D)[] merges, int n)
    {
        var order = Enumerable.Range(0, merges.Length).OrderBy(i => merges[i].D).ToArray();
        var parent = Enumerable.Range(0, 2 * n - 1).ToArray();
        var count = new int[2 * n - 1]; for (int i = 0; i < n; i++) count[i] = 1;
        int Find(int a) { while (parent[a] != a) a = parent[a] = parent[parent[a]]; return a; }
        var z = new double[n - 1, 4];
        for (int r = 0; r < order.Length; r++)
        {
            var (a, b, d) = merges[order[r]];
            int ra = Find(a), rb = Find(b);
            if (ra > rb) (ra, rb) = (rb, ra);
            int next = n + r;
            parent[ra] = next; parent[rb] = next; count[next] = count[ra] + count[rb];
            z[r, 0] = ra; z[r, 1] = rb; z[r, 2] = d; z[r, 3] = count[next];
        }
        return z;
    }

    /// <summary>Single linkage from the minimum spanning tree (Prim, O(n²) time, O(n) memory).</summary>
    double[,] SingleLinkage(float[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var data = Metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(x), n, d) : Input.Flat(x).ToArray();
        var inTree = new bool[n]; var best = Enumerable.Repeat(double.PositiveInfinity, n).ToArray(); var from = new int[n];
        var merges = new (int, int, double)[n - 1];
        int current = 0; inTree[0] = true;
        for (int k = 0; k < n - 1; k++)
        {
            var c = data.AsSpan(current * d, d).ToArray(); int cur = current;
            Parallel.For(0, (n + 1023) / 1024, Input.Parallel, blk =>
            {
                int i1 = Math.Min(n, (blk + 1) * 1024);
                for (int i = blk * 1024; i < i1; i++)
                {
                    if (inTree[i]) continue;
                    double s = 0;
                    var row = data.AsSpan(i * d, d);
                    if (Metric == Metric.Cosine) { for (int j = 0; j < d; j++) s += (double)row[j] * c[j]; s = Math.Max(0, 1 - s); }
                    else { for (int j = 0; j < d; j++) { double e = row[j] - c[j]; s += e * e; } s = Math.Sqrt(s); }
                    if (s < best[i]) { best[i] = s; from[i] = cur; }
                }
            });
            int next = -1; double bd = double.PositiveInfinity;
            for (int i = 0; i < n; i++) if (!inTree[i] && best[i] < bd) { bd = best[i]; next = i; }
            inTree[next] = true;
            merges[k] = (from[next], next, bd);
            current = next;
        }
        return Label(merges, n);
    }
}
