using System.Numerics.Tensors;

namespace NotebookLib.Analysis;

/// <summary>
/// Approximate k-nearest-neighbour graph by nearest-neighbour descent (Dong, Moses &amp; Li 2011):
/// start from random neighbours, then repeatedly try the neighbours (and reverse neighbours) of each
/// point's neighbours, keeping the k closest, until few lists change. Each point's list is written
/// only by the thread that owns it, reading the previous round's snapshot, so no locks are needed.
/// </summary>
internal static class NNDescent
{
    /// <summary>Indices and squared distances (of rows already unit-normalised for cosine), sorted, self excluded.</summary>
    public static (int[] Indices, float[] Dist2) Build(float[] data, int n, int d, int k, int seed, int maxIter = 12, double delta = 0.001)
    {
        var heaps = new TopK[n];
        var rngs = new Random(seed);
        var seeds = Enumerable.Range(0, n).Select(_ => rngs.Next()).ToArray();
        Parallel.For(0, n, Input.Parallel, i =>
        {
            var rng = new Random(seeds[i]); var h = heaps[i] = new TopK(k);
            while (h.Count < k)
            {
                int j = rng.Next(n); if (j == i || h.Contains(j)) continue;
                h.Push(Dist2(data, d, i, j), j);
            }
        });
        var idx = new int[n * k]; var dist = new float[n * k];
        var isNew = Enumerable.Repeat(true, n).ToArray();
        for (int it = 0; it < maxIter; it++)
        {
            for (int i = 0; i < n; i++) heaps[i].SortInto(idx.AsSpan(i * k, k), dist.AsSpan(i * k, k));
            // reverse neighbours, at most k per point
            var reverse = new List<int>[n];
            for (int i = 0; i < n; i++) reverse[i] = new List<int>(k);
            for (int i = 0; i < n; i++) for (int q = 0; q < k; q++) { var r = reverse[idx[i * k + q]]; if (r.Count < k) r.Add(i); }
            var snapshotNew = (bool[])isNew.Clone();
            long updates = 0;
            Parallel.For(0, n, Input.Parallel, () => 0L, (i, _, local) =>
            {
                var h = heaps[i]; bool changed = false;
                void Try(int l)
                {
                    if (l == i || h.Contains(l)) return;
                    float dl = Dist2(data, d, i, l);
                    if (dl < h.Worst) { h.Push(dl, l); changed = true; }
                }
                void Explore(int j)
                {
                    if (!snapshotNew[j] && !snapshotNew[i]) return; // nothing new can come from two settled lists
                    for (int q = 0; q < k; q++) Try(idx[j * k + q]);
                    foreach (var l in reverse[j]) Try(l);
                }
                for (int q = 0; q < k; q++) Explore(idx[i * k + q]);
                foreach (var j in reverse[i]) Explore(j);
                isNew[i] = changed;
                return local + (changed ? 1 : 0);
            }, c => Interlocked.Add(ref updates, c));
            if (updates <= delta * n * k) break;
        }
        for (int i = 0; i < n; i++) heaps[i].SortInto(idx.AsSpan(i * k, k), dist.AsSpan(i * k, k));
        return (idx, dist);
    }

    static float Dist2(float[] data, int d, int i, int j)
    {
        var a = data.AsSpan(i * d, d); var b = data.AsSpan(j * d, d);
        float s = TensorPrimitives.Distance(a, b);
        return s * s;
    }
}
