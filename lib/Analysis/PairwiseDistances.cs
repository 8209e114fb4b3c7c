using System.Numerics.Tensors;

namespace NotebookLib.Analysis;

/// <summary>The distance between samples: euclidean, or cosine (1 − cos θ, for latent vectors whose
/// direction matters more than their length).</summary>
public enum Metric { Euclidean, Cosine }

/// <summary>Pairwise distances without holding the n×n matrix, and their distribution
/// ("data diversity": how spread a set of latent vectors is).</summary>
public static class PairwiseDistances
{
    internal delegate void BlockAction(int i0, int m, ReadOnlySpan<float> block, int p, int j0);

    /// <summary>Calls <paramref name="action"/> on blocks of whole rows of the distance matrix (p = n,
    /// j0 = 0), computed on the device (lib/Torch) and handed over in parallel slices.</summary>
    internal static void ForEachRowBlock(float[,] x, Metric metric, BlockAction action)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var data = metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(x), n, d) : Input.Flat(x);
        Kernels.ForEachRowBlock(data, n, d, dot: metric == Metric.Cosine, Torch.Device.Default, (i0, m, rows) =>
        {
            if (metric == Metric.Cosine)
                for (int k = 0; k < rows.Length; k++) rows[k] = MathF.Max(0f, 1f - rows[k]);
            else
                TensorPrimitives.Sqrt(rows, rows);
            for (int i = 0; i < m; i++) rows[i * n + i0 + i] = 0f;
            action(i0, m, rows, n, 0);
        });
    }

    /// <summary>The full n×n distance matrix (for small n: hierarchical and spectral clustering, tests).</summary>
    public static float[,] Compute(float[,] x, Metric metric = Metric.Euclidean)
    {
        var (n, _) = Input.Check(x, "PairwiseDistances");
        var r = new float[n, n];
        var flat = r;
        ForEachRowBlock(x, metric, (i0, m, block, p, j0) =>
        {
            var dst = Input.FlatMut(flat);
            for (int i = 0; i < m; i++) block.Slice(i * p, p).CopyTo(dst.Slice((i0 + i) * n + j0, p));
        });
        return r;
    }

    /// <summary>Distances between all distinct pairs (i &lt; j), or between <paramref name="maxPairs"/>
    /// random pairs when there are more, for histograms of data diversity.</summary>
    public static float[] Distribution(float[,] x, Metric metric = Metric.Euclidean, long maxPairs = 2_000_000, int? seed = null)
    {
        var (n, d) = Input.Check(x, "PairwiseDistances.Distribution", 2);
        long all = (long)n * (n - 1) / 2;
        if (all <= maxPairs)
        {
            var r = new float[all];
            ForEachRowBlock(x, metric, (i0, m, block, p, j0) =>
            {
                for (int i = 0; i < m; i++)
                {
                    long gi = i0 + i, start = gi * n - gi * (gi + 1) / 2; // offset of (gi, gi+1) in the condensed order
                    for (int j = Math.Max(j0, (int)gi + 1); j < j0 + p; j++) r[start + (j - gi - 1)] = block[i * p + j - j0];
                }
            });
            return r;
        }
        var rng = new Random(NotebookLib.Configuration.Seeds.Resolve(seed));
        var data = metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(x), n, d) : Input.Flat(x).ToArray();
        var result = new float[maxPairs];
        var pairs = new (int, int)[maxPairs];
        for (long k = 0; k < maxPairs; k++)
        {
            int i = rng.Next(n), j = rng.Next(n - 1); if (j >= i) j++;
            pairs[k] = (i, j);
        }
        Parallel.For(0L, maxPairs, Input.Parallel, k =>
        {
            var (i, j) = pairs[k];
            var a = data.AsSpan(i * d, d); var b = data.AsSpan(j * d, d);
            result[k] = metric == Metric.Cosine ? MathF.Max(0f, 1f - TensorPrimitives.Dot(a, b)) : TensorPrimitives.Distance(a, b);
        });
        return result;
    }
}
