using System.Runtime.Intrinsics;

namespace NotebookLib.Analysis;

/// <summary>
/// k-means++ seeding and Lloyd's iterations on the CPU, fused over the samples in place: each pass reads the data once,
/// finds every sample's nearest centre and adds the sample to that centre's running sum, as scikit-learn's Lloyd does
/// by chunks. No tensor, no copy of the data.
/// </summary>
/// <remarks>
/// The same algorithm as the tensor path (<see cref="KMeans"/> on a GPU), which on the CPU was memory-bound: every
/// iteration wrote and re-read k × n distances and a k × n one-hot matrix, and held the data twice (uploaded and
/// transposed). At 10⁶ × 64 that was 0.2 s an iteration and 2.4 s of seeding per start, 148 s for ten starts against
/// scikit-learn's 36 s (issue 22's --large), and +0.10 GB at 100,000 points against scikit-learn's +0.05.
/// Distances are computed from the differences, Σ (x − c)², so they are never negative and need no norms.
/// Samples are cut into fixed chunks whose sums are added in chunk order: the result does not depend on the thread count.
/// </remarks>
internal static class KMeansCpu
{
    const int Chunk = 4096;

    /// <summary>Greedy k-means++ (<see cref="KMeans.PlusPlus"/>): each new centre is the best of 2 + ln k candidates drawn
    /// with probability ∝ squared distance to the nearest chosen centre. Returns the centres, k × d row-major.</summary>
    public static float[] PlusPlus(float[,] x, int k, Random rng, Workspace ws)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        int trials = Trials(k), chunks = (n + Chunk - 1) / Chunk;
        var chosen = new long[k];
        chosen[0] = rng.NextInt64(n);
        var first = Row(x, chosen[0]);
        var closest = ws.Closest;
        Chunks(n, (s, e, _) => { for (int i = s; i < e; i++) closest[i] = Distance(Input.Row(x, i), first); });
        var (cumulative, withCand, partialPots) = (ws.Cumulative, ws.WithCandidate, ws.PartialPotentials);
        for (int c = 1; c < k; c++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) { sum += closest[i]; cumulative[i] = sum; }
            double pot = cumulative[^1];
            var cand = new long[trials];
            for (int t = 0; t < trials; t++)
            {
                int pick = Array.BinarySearch(cumulative, rng.NextDouble() * pot);
                cand[t] = Math.Min(pick < 0 ? ~pick : pick, n - 1);
            }
            // candidates' potentials: Σᵢ min(closestᵢ, ‖xᵢ − candidate‖²), all candidates in one pass over the data
            var rows = cand.Select(i => Row(x, i)).ToArray();
            Chunks(n, (s, e, ch) =>
            {
                for (int t = 0; t < trials; t++)
                {
                    double p = 0;
                    var w = withCand[t];
                    for (int i = s; i < e; i++) { w[i] = Math.Min(closest[i], Distance(Input.Row(x, i), rows[t])); p += w[i]; }
                    partialPots[ch * trials + t] = p;
                }
            });
            int best = 0; double bestPot = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                double p = 0;
                for (int ch = 0; ch < chunks; ch++) p += partialPots[ch * trials + t];
                if (p < bestPot) { bestPot = p; best = t; }
            }
            chosen[c] = cand[best];
            (closest, withCand[best]) = (withCand[best], closest);
        }
        ws.Closest = closest;
        var centers = new float[k * d];
        for (int c = 0; c < k; c++) Input.Row(x, (int)chosen[c]).CopyTo(centers.AsSpan(c * d, d));
        return centers;
    }

    /// <summary>Lloyd iterations from <paramref name="centers"/> (k × d, row-major, not changed): the labels, centres,
    /// inertia and iteration count, with <see cref="KMeans.Lloyd"/>'s stopping rules (labels unchanged, or the centres'
    /// squared shift at most <paramref name="tolAbs"/>).</summary>
    /// <remarks>The labels returned are the workspace's: copy them before its next use.</remarks>
    public static (int[] Labels, float[] Centers, double Inertia, int Iterations) Lloyd(float[,] x, float[] centers, int maxIter, double tolAbs, Workspace ws)
    {
        var pass = ws.Pass;
        var prev = ws.Previous;
        bool first = true;
        int iter = 0;
        for (; iter < maxIter; iter++)
        {
            pass.Run(x, centers, accumulate: true);
            // the labels did not change: they, and the inertia, are those of the current centres
            if (!first && pass.Labels.AsSpan().SequenceEqual(prev)) return (pass.Labels, centers, pass.Inertia, iter);
            var next = pass.Means(x, centers);
            double shift = 0;
            for (int j = 0; j < next.Length; j++) { double v = next[j] - centers[j]; shift += v * v; }
            centers = next;
            pass.Labels.CopyTo(prev, 0);
            first = false;
            if (shift <= tolAbs) { iter++; break; }
        }
        // the labels and inertia of the final centres
        pass.Run(x, centers, accumulate: false);
        return (pass.Labels, centers, pass.Inertia, iter);
    }

    static int Trials(int k) => 2 + (int)Math.Log(k);

    /// <summary>The buffers of one fit, reused by each of its starts (ten starts at 10⁶ points otherwise left 0.3 GB of
    /// garbage for the collector).</summary>
    public sealed class Workspace(int n, int k, int d)
    {
        public float[] Closest = new float[n];
        public readonly double[] Cumulative = new double[n];
        public readonly float[][] WithCandidate = Enumerable.Range(0, Trials(k)).Select(_ => new float[n]).ToArray();
        public readonly double[] PartialPotentials = new double[(n + Chunk - 1) / Chunk * Trials(k)];
        public readonly Pass Pass = new(n, k, d);
        public readonly int[] Previous = new int[n];
    }

    /// <summary>One pass over the samples: each one's nearest centre and squared distance, the inertia, and (when asked)
    /// each centre's sum of its samples and their count, by chunk.</summary>
    public sealed class Pass(int n, int k, int d)
    {
        public readonly int[] Labels = new int[n];
        public readonly float[] Dist2 = new float[n];
        readonly int chunks = (n + Chunk - 1) / Chunk;
        double[] sums = [];
        int[] counts = [];
        double[] inertias = [];
        public double Inertia { get; private set; }

        public void Run(float[,] x, float[] centers, bool accumulate)
        {
            if (accumulate && sums.Length == 0) { sums = new double[chunks * k * d]; counts = new int[chunks * k]; }
            if (inertias.Length == 0) inertias = new double[chunks];
            Chunks(n, (s, e, ch) =>
            {
                var sum = accumulate ? sums.AsSpan(ch * k * d, k * d) : default;
                var count = accumulate ? counts.AsSpan(ch * k, k) : default;
                sum.Clear(); count.Clear();
                double inertia = 0;
                for (int i = s; i < e; i++)
                {
                    var row = Input.Row(x, i);
                    int best = 0; float bestD = float.PositiveInfinity;
                    for (int c = 0; c < k; c++)
                    {
                        float dc = Distance(row, centers.AsSpan(c * d, d));
                        if (dc < bestD) { bestD = dc; best = c; }
                    }
                    Labels[i] = best; Dist2[i] = bestD; inertia += bestD;
                    if (accumulate)
                    {
                        count[best]++;
                        Add(sum.Slice(best * d, d), row);
                    }
                }
                inertias[ch] = inertia;
            });
            double total = 0;
            for (int ch = 0; ch < chunks; ch++) total += inertias[ch];
            Inertia = total;
        }

        /// <summary>Each centre's mean of its samples from the last accumulating pass; an empty cluster takes the sample
        /// farthest from its centre (as <see cref="KMeans"/>'s tensor path).</summary>
        public float[] Means(float[,] x, float[] centers)
        {
            var next = new float[k * d];
            var total = new double[k * d];
            var count = new long[k];
            for (int ch = 0; ch < chunks; ch++)
            {
                var s = sums.AsSpan(ch * k * d, k * d);
                for (int j = 0; j < total.Length; j++) total[j] += s[j];
                for (int c = 0; c < k; c++) count[c] += counts[ch * k + c];
            }
            float[]? far = null;
            for (int c = 0; c < k; c++)
            {
                if (count[c] > 0)
                {
                    for (int j = 0; j < d; j++) next[c * d + j] = (float)(total[c * d + j] / count[c]);
                    continue;
                }
                far ??= (float[])Dist2.Clone();
                int i = Array.IndexOf(far, far.Max()); far[i] = -1;
                Input.Row(x, i).CopyTo(next.AsSpan(c * d, d));
            }
            return next;
        }
    }

    /// <summary>target += row, widened to double eight values at a time (the same sums as one value at a time).</summary>
    static void Add(Span<double> target, ReadOnlySpan<float> row)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= row.Length; j += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(row.Slice(j, 8)));
                (Vector256.Create<double>(target.Slice(j, 4)) + lo).CopyTo(target.Slice(j, 4));
                (Vector256.Create<double>(target.Slice(j + 4, 4)) + hi).CopyTo(target.Slice(j + 4, 4));
            }
        for (; j < row.Length; j++) target[j] += row[j];
    }

    static float[] Row(float[,] x, long i) => Input.Row(x, (int)i).ToArray();

    /// <summary>Runs <paramref name="body"/>(start, end, chunk) on fixed chunks of the samples, in parallel.</summary>
    static void Chunks(int n, Action<int, int, int> body) =>
        Parallel.For(0, (n + Chunk - 1) / Chunk, Input.Parallel, ch => body(ch * Chunk, Math.Min(n, (ch + 1) * Chunk), ch));

    /// <summary>Σ (a − b)², eight lanes at a time.</summary>
    static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int j = 0;
        float s = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; j + 8 <= a.Length; j += 8)
            {
                var diff = Vector256.Create(a.Slice(j, 8)) - Vector256.Create(b.Slice(j, 8));
                acc += diff * diff;
            }
            s = Vector256.Sum(acc);
        }
        for (; j < a.Length; j++) { float v = a[j] - b[j]; s += v * v; }
        return s;
    }
}
