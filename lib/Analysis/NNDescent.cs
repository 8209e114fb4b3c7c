using System.Numerics;
using System.Runtime.InteropServices;

namespace NotebookLib.Analysis;

/// <summary>
/// Approximate k-nearest-neighbour graph by nearest-neighbour descent (Dong, Moses &amp; Li 2011):
/// start from the points that share leaves of a few random-projection trees (as pynndescent), then repeatedly try the neighbours (and reverse neighbours) of each
/// point's neighbours, keeping the k closest, until few lists change. Each point's list is written
/// only by the thread that owns it, reading the previous round's snapshot, so no locks are needed and
/// the graph is the same for any thread count. As in the paper's local join, a candidate reached along
/// two links that were both already there in the previous round is skipped (it was tried then), and
/// each candidate is measured once per point and round however many paths lead to it.
/// </summary>
internal static class NNDescent
{
    /// <summary>Indices and squared distances (of rows already unit-normalised for cosine), sorted, self excluded.</summary>
    public static (int[] Indices, float[] Dist2) Build(float[] data, int n, int d, int k, int seed, ParallelOptions? parallel = null, int maxIter = 12, double delta = 0.001)
    {
        parallel ??= Input.Parallel;
        var heaps = new TopK[n];
        for (int i = 0; i < n; i++) heaps[i] = new TopK(k);
        var rngs = new Random(seed);
        // a start far better than random: the points that share a leaf of a random-projection tree
        // (as pynndescent), so that the descent needs a few rounds instead of a dozen
        int trees = Math.Min(32, 5 + (int)Math.Round(Math.Sqrt(n) / 20)), leafSize = Math.Max(2 * (k + 1), 32);
        var treeSeeds = Enumerable.Range(0, trees).Select(_ => rngs.Next()).ToArray();
        var forest = new (int[] Ids, List<(int Lo, int Hi)> Leaves)[trees];
        Parallel.For(0, trees, parallel, t =>
        {
            var ids = Enumerable.Range(0, n).ToArray(); var leaves = new List<(int, int)>();
            Split(data, d, ids, 0, n, leafSize, new Random(treeSeeds[t]), leaves);
            forest[t] = (ids, leaves);
        });
        foreach (var (ids, leaves) in forest) // tree by tree: a tree's leaves share no point
            Parallel.For(0, leaves.Count, parallel, l =>
            {
                var (lo, hi) = leaves[l];
                for (int a = lo; a < hi; a++)
                    for (int b = a + 1; b < hi; b++)
                    {
                        int i = ids[a], j = ids[b];
                        float dij = Dist2(data, d, i, j);
                        if (dij < heaps[i].Worst && !heaps[i].Contains(j)) heaps[i].Push(dij, j);
                        if (dij < heaps[j].Worst && !heaps[j].Contains(i)) heaps[j].Push(dij, i);
                    }
            });
        var seeds = Enumerable.Range(0, n).Select(_ => rngs.Next()).ToArray();
        Parallel.For(0, n, parallel, i =>
        {
            var rng = new Random(seeds[i]); var h = heaps[i];
            while (h.Count < k)
            {
                int j = rng.Next(n); if (j == i || h.Contains(j)) continue;
                h.Push(Dist2(data, d, i, j), j);
            }
        });
        var idx = new int[n * k]; var dist = new float[n * k];
        var previous = new int[n * k]; Array.Fill(previous, -1);
        var fresh = new bool[n * k];
        var reverse = new int[n * k]; var reverseFresh = new bool[n * k]; var reverseCount = new int[n];
        for (int it = 0; it < maxIter; it++)
        {
            for (int i = 0; i < n; i++) heaps[i].SortInto(idx.AsSpan(i * k, k), dist.AsSpan(i * k, k));
            // an entry is new when it was not in the point's list in the previous round
            Parallel.For(0, n, parallel, i =>
            {
                var prev = previous.AsSpan(i * k, k);
                for (int q = 0; q < k; q++) fresh[i * k + q] = prev.IndexOf(idx[i * k + q]) < 0;
            });
            Array.Copy(idx, previous, idx.Length);
            // reverse neighbours, at most k per point, in a fixed order
            Array.Clear(reverseCount);
            for (int i = 0; i < n; i++)
                for (int q = 0; q < k; q++)
                {
                    int j = idx[i * k + q]; if (j < 0) continue;
                    int c = reverseCount[j]; if (c == k) continue;
                    reverse[j * k + c] = i; reverseFresh[j * k + c] = fresh[i * k + q]; reverseCount[j] = c + 1;
                }
            long updates = 0;
            Parallel.For(0, n, parallel, () => new int[n], (i, _, seen) =>
            {
                var h = heaps[i]; int changed = 0;
                int stamp = it * n + i + 1; // seen[l] == stamp: l was already measured for i in this round
                seen[i] = stamp;
                void Explore(int j, bool linkFresh)
                {
                    for (int q = 0; q < k; q++)
                    {
                        int l = idx[j * k + q];
                        if (l >= 0 && (linkFresh || fresh[j * k + q])) Try(l);
                    }
                    for (int q = 0, c = reverseCount[j]; q < c; q++)
                        if (linkFresh || reverseFresh[j * k + q]) Try(reverse[j * k + q]);
                }
                void Try(int l)
                {
                    if (seen[l] == stamp) return;
                    seen[l] = stamp;
                    float dl = Dist2(data, d, i, l);
                    if (dl < h.Worst && !h.Contains(l)) { h.Push(dl, l); changed++; }
                }
                for (int q = 0; q < k; q++) if (idx[i * k + q] is var j and >= 0) seen[j] = stamp;
                for (int q = 0; q < k; q++) if (idx[i * k + q] is var j and >= 0) Explore(j, fresh[i * k + q]);
                for (int q = 0, c = reverseCount[i]; q < c; q++) Explore(reverse[i * k + q], reverseFresh[i * k + q]);
                Interlocked.Add(ref updates, changed);
                return seen;
            }, _ => { });
            if (updates <= delta * n * k) break;
        }
        for (int i = 0; i < n; i++) heaps[i].SortInto(idx.AsSpan(i * k, k), dist.AsSpan(i * k, k));
        return (idx, dist);
    }

    /// <summary>Splits ids[lo..hi) by the hyperplane halfway between two random points of it, until
    /// the pieces hold at most <paramref name="leafSize"/> points: the leaves of one random-projection tree.</summary>
    static void Split(float[] data, int d, int[] ids, int lo, int hi, int leafSize, Random rng, List<(int, int)> leaves)
    {
        if (hi - lo <= leafSize) { leaves.Add((lo, hi)); return; }
        int a = ids[lo + rng.Next(hi - lo)], b = ids[lo + rng.Next(hi - lo)];
        var normal = new float[d]; float offset = 0;
        for (int q = 0; q < d; q++)
        {
            float xa = data[a * d + q], xb = data[b * d + q];
            normal[q] = xa - xb; offset += normal[q] * (xa + xb) / 2;
        }
        int left = lo, right = hi;
        while (left < right)
        {
            float side = System.Numerics.Tensors.TensorPrimitives.Dot(normal, data.AsSpan(ids[left] * d, d)) - offset;
            if (side > 0 || (side == 0 && rng.Next(2) == 0)) left++;
            else { right--; (ids[left], ids[right]) = (ids[right], ids[left]); }
        }
        int mid = left;
        if (mid - lo < 1 || hi - mid < 1) mid = lo + (hi - lo) / 2; // a and b coincide: halve the piece
        Split(data, d, ids, lo, mid, leafSize, rng, leaves);
        Split(data, d, ids, mid, hi, leafSize, rng, leaves);
    }

    /// <summary>Squared Euclidean distance between rows i and j, eight lanes at a time.</summary>
    internal static float Dist2(float[] data, int d, int i, int j)
    {
        var a = data.AsSpan(i * d, d); var b = data.AsSpan(j * d, d);
        int w = Vector<float>.Count, q = 0;
        var acc = Vector<float>.Zero;
        if (d >= w)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a); var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++) { var t = va[v] - vb[v]; acc += t * t; }
            q = va.Length * w;
        }
        float s = Vector.Sum(acc);
        for (; q < d; q++) { float t = a[q] - b[q]; s += t * t; }
        return s;
    }
}
