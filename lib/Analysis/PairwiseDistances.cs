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

    /// <summary>Calls <paramref name="action"/> on row blocks of the distance matrix, in parallel.
    /// With <paramref name="fullRows"/> each call sees whole rows (p = n).</summary>
    internal static void ForEachRowBlock(float[,] x, Metric metric, BlockAction action, bool fullRows = false)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        float[] data = metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(x), n, d) : Input.Flat(x).ToArray();
        var norms = Kernels.RowSquaredNorms(data, n, d);
        const int rb = 32; int cb = fullRows ? n : Math.Min(n, 2048);
        int blocks = (n + rb - 1) / rb;
        Parallel.For(0, blocks, Input.Parallel, () => new float[rb * cb], (b, _, buf) =>
        {
            int i0 = b * rb, m = Math.Min(rb, n - i0);
            for (int j0 = 0; j0 < n; j0 += cb)
            {
                int p = Math.Min(cb, n - j0);
                var span = buf.AsSpan(0, m * p);
                if (metric == Metric.Cosine)
                {
                    Kernels.DotBlock(data, i0, m, data, j0, p, d, span);
                    for (int k = 0; k < span.Length; k++) span[k] = MathF.Max(0f, 1f - span[k]);
                }
                else
                {
                    Kernels.SquaredDistanceBlock(data, norms, i0, m, data, norms, j0, p, d, span);
                    TensorPrimitives.Sqrt(span, span);
                }
                for (int i = 0; i < m; i++) if (i0 + i >= j0 && i0 + i < j0 + p) span[i * p + i0 + i - j0] = 0f;
                action(i0, m, span, p, j0);
            }
            return buf;
        }, _ => { });
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
        var rng = new Random(seed ?? NotebookLib.Configuration.EnvironmentSettings.Current.Seed);
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
