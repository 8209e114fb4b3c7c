using System.Numerics;
using System.Runtime.InteropServices;

namespace NotebookLib.Analysis;

/// <summary>
/// Approximate k-nearest-neighbour graph by nearest-neighbour descent (Dong, Moses &amp; Li 2011) as
/// pynndescent runs it: start from the points that share leaves of a few random-projection trees,
/// then, round after round, the local join: for each point, every pair of its candidates (its
/// neighbours and reverse neighbours, at most <c>maxCandidates</c> new and as many old ones, drawn
/// by a random priority) is measured once, and each pair's distance is offered to both ends' lists.
/// A pair of two old candidates was measured in an earlier round and is skipped. Rounds stop when
/// fewer than delta·k·n list entries changed. A point's candidates are few (about 2k) and their rows
/// stay in the core's cache while all their pairs are measured, which is why the join beats trying
/// each point's neighbours-of-neighbours from the point itself (a row fetched from memory per
/// distance). The joins of a block of points run in parallel and only write their updates; the
/// updates are then applied to the lists in the block's order, each list by the thread that owns it,
/// so the graph is the same for any thread count.
/// </summary>
internal static class NNDescent
{
    /// <summary>When set, receives each phase's CPU time (for profiling; null in normal use).</summary>
    internal static Action<string>? Trace;

    const int BlockSize = 16384, ChunkSize = 256;

    /// <summary>Indices and squared distances (of rows already unit-normalised for cosine), sorted, self excluded.</summary>
    public static (int[] Indices, float[] Dist2) Build(ReadOnlySpan<float> data, int n, int d, int k, int seed, ParallelOptions? parallel = null,
        int maxIter = 12, double delta = 0.001, int maxCandidates = 60)
    {
        parallel ??= Input.Parallel;
        int owners = parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var tcpu = Environment.CpuUsage.TotalTime;
        void T(string what)
        {
            if (Trace is null) return;
            var now = Environment.CpuUsage.TotalTime; Trace($"{what}: CPU {(now - tcpu).TotalSeconds:F2} s"); tcpu = now;
        }
        // the lists: a max-heap of k per point (worst first; empty slots at +inf), and whether each
        // entry is new (came in since the point's candidates were last drawn)
        var heap = new Heaps(n, k);
        var rngs = new Random(seed);
        // a start far better than random: the points that share a leaf of a random-projection tree
        int trees = Math.Min(32, 5 + (int)Math.Round(Math.Sqrt(n) / 20)), leafSize = Math.Max(2 * (k + 1), 32);
        var treeSeeds = Enumerable.Range(0, trees).Select(_ => rngs.Next()).ToArray();
        // the first tree's leaf order renumbers the points: rows that are close in space are then
        // close in memory, and the rest (the other trees, the joins) reads them from the cache
        var order = Enumerable.Range(0, n).ToArray(); var firstLeaves = new List<(int Lo, int Hi)>();
        Split(data, d, order, 0, n, leafSize, new Random(treeSeeds[0]), firstLeaves);
        var x = new float[(long)n * d];
        for (int a = 0; a < n; a++) data.Slice(order[a] * d, d).CopyTo(x.AsSpan(a * d, d));
        // the trees are grown a few at a time (as many as there are threads) and their leaves measured before the next
        // are grown: every point is offered the same pairs in the same order as from a whole forest, and at most a few
        // trees' ids are held at once (the whole forest: 32 × 4 MB at 10⁶ points)
        var batch = new (int[]? Ids, List<(int Lo, int Hi)> Leaves)[Math.Min(owners, trees)];
        for (int t0 = 0; t0 < trees; t0 += batch.Length)
        {
            int grown = Math.Min(batch.Length, trees - t0);
            Parallel.For(0, grown, parallel, b =>
            {
                int t = t0 + b;
                if (t == 0) { batch[b] = (null, firstLeaves); return; }
                var ids = Enumerable.Range(0, n).ToArray(); var leaves = new List<(int, int)>();
                Split(x, d, ids, 0, n, leafSize, new Random(treeSeeds[t]), leaves);
                batch[b] = (ids, leaves);
            });
            for (int b = 0; b < grown; b++) // tree by tree: a tree's leaves share no point
            {
                var (ids, leaves) = batch[b];
                Parallel.For(0, leaves.Count, parallel, l =>
                {
                    var (lo, hi) = leaves[l];
                    for (int a = lo; a < hi; a++)
                        for (int c = a + 1; c < hi; c++)
                        {
                            int i = ids?[a] ?? a, j = ids?[c] ?? c;
                            float dij = Dist2(x, d, i, j);
                            heap.Push(i, dij, j); heap.Push(j, dij, i);
                        }
                });
                batch[b] = default;
            }
        }
        T("forest and leaves");
        var seeds = Enumerable.Range(0, n).Select(_ => rngs.Next()).ToArray();
        Parallel.For(0, n, parallel, i =>
        {
            if (heap.Index[i * k] >= 0) return; // the root is the worst entry: the list is full
            var rng = new Random(seeds[i]);
            while (heap.Index[i * k] < 0)
            {
                int j = rng.Next(n); if (j == i) continue;
                heap.Push(i, Dist2(x, d, i, j), j);
            }
        });
        int mc = maxCandidates;
        // each chunk of points keeps its candidates in one array, a point's new ones then its old ones, packed by their
        // real counts (about 28 a point at k = 14, against room for 2 × 60: 480 MB at 10⁶ points); an array is
        // replaced only when a round needs more room than it has
        var candidates = new int[(n + ChunkSize - 1) / ChunkSize][];
        var candStart = new int[n];
        var newCount = new int[n]; var oldCount = new int[n];
        var revStart = new int[n + 1]; var rev = new int[n * k]; var revNew = new bool[n * k];
        var chunkUpdates = new List<Update>[(BlockSize + ChunkSize - 1) / ChunkSize];
        for (int c = 0; c < chunkUpdates.Length; c++) chunkUpdates[c] = [];
        ulong mix = (ulong)seed * 0x9E3779B97F4A7C15UL;
        for (int it = 0; it < maxIter; it++)
        {
            // reverse lists with the edges' new flags as they stand now, in a fixed order
            Array.Clear(revStart);
            foreach (int j in heap.Index) if (j >= 0) revStart[j + 1]++;
            for (int i = 0; i < n; i++) revStart[i + 1] += revStart[i];
            var fill = revStart[..n];
            for (int i = 0; i < n; i++)
                for (int q = 0; q < k; q++)
                {
                    int j = heap.Index[i * k + q]; if (j < 0) continue;
                    int at = fill[j]++; rev[at] = i; revNew[at] = heap.New[i * k + q];
                }
            // each point's candidates: new and old separately, at most mc of each, those with the
            // smallest priority (a hash of the seed, the round and the pair: any order gives the same)
            ulong roundMix = Mix(mix + (ulong)it);
            Parallel.For(0, candidates.Length, parallel, () => (new Candidates(k), new int[ChunkSize * 2 * mc]), (c, _, local) =>
            {
                var (buf, taken) = local;
                int pos = 0, i1 = Math.Min(n, (c + 1) * ChunkSize);
                for (int i = c * ChunkSize; i < i1; i++)
                {
                    candStart[i] = pos;
                    var row = heap.Index.AsSpan(i * k, k); var rowNew = heap.New.AsSpan(i * k, k);
                    int r0 = revStart[i], r1 = revStart[i + 1];
                    bool any = rowNew.Contains(true) || revNew.AsSpan(r0, r1 - r0).Contains(true);
                    if (!any) { newCount[i] = 0; oldCount[i] = 0; continue; } // nothing new around i: no pair to measure
                    buf.Start(r1 - r0);
                    for (int q = 0; q < k; q++) buf.Add(row[q], rowNew[q], Priority(roundMix, i, row[q]));
                    for (int e = r0; e < r1; e++)
                    {
                        int j = rev[e], at = row.IndexOf(j);
                        if (at < 0) buf.Add(j, revNew[e], Priority(roundMix, i, j));
                        else if (revNew[e]) buf.MarkNew(at); // a link both ways: one candidate, new if either link is
                    }
                    newCount[i] = buf.Take(true, taken.AsSpan(pos, mc));
                    oldCount[i] = buf.Take(false, taken.AsSpan(pos + newCount[i], mc));
                    // a new neighbour drawn as a candidate is old from now on; one not drawn stays new
                    var drawn = taken.AsSpan(pos, newCount[i]);
                    for (int q = 0; q < k; q++)
                        if (rowNew[q] && drawn.Contains(row[q])) rowNew[q] = false;
                    pos += newCount[i] + oldCount[i];
                }
                if (candidates[c] is null || candidates[c].Length < pos) candidates[c] = new int[pos];
                taken.AsSpan(0, pos).CopyTo(candidates[c]);
                return local;
            }, _ => { });
            T($"round {it} candidates");
            long changes = 0, pairs = 0;
            for (int b0 = 0; b0 < n; b0 += BlockSize)
            {
                int b1 = Math.Min(n, b0 + BlockSize), chunks = (b1 - b0 + ChunkSize - 1) / ChunkSize;
                // the local joins of this block, against the lists' worst distances as they stand
                Parallel.For(0, chunks, parallel, c =>
                {
                    var ups = chunkUpdates[c]; ups.Clear(); long measured = 0;
                    int i1 = Math.Min(b1, b0 + (c + 1) * ChunkSize);
                    for (int i = b0 + c * ChunkSize; i < i1; i++)
                    {
                        var cand = candidates[i / ChunkSize]; int at = candStart[i];
                        var nc = cand.AsSpan(at, newCount[i]); var oc = cand.AsSpan(at + newCount[i], oldCount[i]);
                        for (int a = 0; a < nc.Length; a++)
                        {
                            int p = nc[a]; float tp = heap.Worst(p);
                            for (int b = a + 1; b < nc.Length; b++)
                            {
                                int q = nc[b];
                                float dpq = Dist2(x, d, p, q);
                                if (dpq < tp || dpq < heap.Worst(q)) ups.Add(new Update(p, q, dpq));
                            }
                            for (int b = 0; b < oc.Length; b++)
                            {
                                int q = oc[b]; if (q == p) continue;
                                float dpq = Dist2(x, d, p, q);
                                if (dpq < tp || dpq < heap.Worst(q)) ups.Add(new Update(p, q, dpq));
                            }
                            measured += nc.Length - a - 1 + oc.Length;
                        }
                    }
                    Interlocked.Add(ref pairs, measured);
                });
                // applied in the block's order; each list only by its owner, so no locks and the same
                // sequence of offers to every list whatever the thread count
                Parallel.For(0, owners, parallel, o =>
                {
                    long changed = 0;
                    for (int c = 0; c < chunks; c++)
                        foreach (var u in chunkUpdates[c])
                        {
                            if (u.P % owners == o) changed += heap.Push(u.P, u.D, u.Q);
                            if (u.Q % owners == o) changed += heap.Push(u.Q, u.D, u.P);
                        }
                    Interlocked.Add(ref changes, changed);
                });
            }
            T($"round {it} join: {pairs / (double)n:F0} pairs per point, {changes} changes");
            if (changes <= delta * n * k) break;
        }
        // back to the caller's numbering
        var idx = new int[n * k]; var dist = new float[n * k];
        Parallel.For(0, n, parallel, a =>
        {
            int i = order[a];
            var ii = idx.AsSpan(i * k, k); var dd = dist.AsSpan(i * k, k);
            heap.Index.AsSpan(a * k, k).CopyTo(ii); heap.Dist.AsSpan(a * k, k).CopyTo(dd);
            dd.Sort(ii);
            for (int q = 0; q < k; q++) ii[q] = order[ii[q]];
        });
        return (idx, dist);
    }

    readonly record struct Update(int P, int Q, float D);

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL; z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The pair's priority in a round: the same from either end.</summary>
    static ulong Priority(ulong roundMix, int i, int j)
    {
        ulong lo = (uint)Math.Min(i, j), hi = (uint)Math.Max(i, j);
        return Mix(roundMix ^ (lo << 32 | hi));
    }

    /// <summary>The k-lists of all points as max-heaps in flat arrays: the root of a row is its worst entry.</summary>
    sealed class Heaps(int n, int k)
    {
        public readonly float[] Dist = Filled(n * k);
        public readonly int[] Index = Enumerable.Repeat(-1, n * k).ToArray();
        public readonly bool[] New = new bool[n * k];

        static float[] Filled(int m) { var a = new float[m]; Array.Fill(a, float.PositiveInfinity); return a; }

        public float Worst(int p) => Dist[p * k];

        /// <summary>Offers q at distance dist to p's list: 1 when it went in (as a new entry), 0 when it
        /// was no closer than p's worst or already there.</summary>
        public int Push(int p, float dist, int q)
        {
            int o = p * k;
            if (!(dist < Dist[o])) return 0;
            if (Index.AsSpan(o, k).Contains(q)) return 0;
            int pos = 0;
            while (true)
            {
                int l = 2 * pos + 1; if (l >= k) break;
                int r = l + 1, big = r < k && Dist[o + r] > Dist[o + l] ? r : l;
                if (Dist[o + big] <= dist) break;
                Dist[o + pos] = Dist[o + big]; Index[o + pos] = Index[o + big]; New[o + pos] = New[o + big]; pos = big;
            }
            Dist[o + pos] = dist; Index[o + pos] = q; New[o + pos] = true;
            return 1;
        }
    }

    /// <summary>One point's candidates while they are drawn: each other point once (its forward
    /// entries first, at their places in the point's row), then those of one kind with the smallest
    /// priorities, at most as many as the span taken into.</summary>
    sealed class Candidates(int k)
    {
        int[] index = new int[4 * k]; bool[] isNew = new bool[4 * k]; ulong[] priority = new ulong[4 * k];
        int count;
        readonly List<(ulong Priority, int Index)> pick = new(4 * k);

        public void Start(int reverse)
        {
            count = 0;
            if (index.Length < k + reverse)
            {
                int m = 2 * (k + reverse);
                index = new int[m]; isNew = new bool[m]; priority = new ulong[m];
            }
        }

        /// <summary>Forward entries are added first and in row order, whether or not a slot is
        /// empty, so that a row position is a candidate position.</summary>
        public void Add(int j, bool fresh, ulong p) { index[count] = j; isNew[count] = fresh; priority[count] = p; count++; }

        public void MarkNew(int at) => isNew[at] = true;

        public int Take(bool fresh, Span<int> into)
        {
            int m = 0;
            for (int e = 0; e < count; e++) if (isNew[e] == fresh && index[e] >= 0) m++;
            if (m <= into.Length)
            {
                m = 0;
                for (int e = 0; e < count; e++) if (isNew[e] == fresh && index[e] >= 0) into[m++] = index[e];
                return m;
            }
            pick.Clear();
            for (int e = 0; e < count; e++) if (isNew[e] == fresh && index[e] >= 0) pick.Add((priority[e], index[e]));
            pick.Sort();
            for (int e = 0; e < into.Length; e++) into[e] = pick[e].Index;
            return into.Length;
        }
    }

    /// <summary>Splits ids[lo..hi) by the hyperplane halfway between two random points of it, until
    /// the pieces hold at most <paramref name="leafSize"/> points: the leaves of one random-projection tree.</summary>
    static void Split(ReadOnlySpan<float> data, int d, int[] ids, int lo, int hi, int leafSize, Random rng, List<(int, int)> leaves)
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
            float side = System.Numerics.Tensors.TensorPrimitives.Dot(normal, data.Slice(ids[left] * d, d)) - offset;
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
