
using NotebookLib.Display;

namespace NotebookLib.Analysis;

/// <summary>
/// Uniform manifold approximation and projection (McInnes, Healy &amp; Melville 2018), shaped like
/// umap-learn's UMAP: a fuzzy k-nearest-neighbour graph (exact below <c>exactNeighborsBelow</c>
/// samples, nearest-neighbour descent above), spectral initialisation, then stochastic gradient
/// descent with negative sampling on the low-dimensional curve 1/(1 + a·d^(2b)) fitted to
/// <c>minDist</c> and <c>spread</c>. <see cref="Transform"/> embeds new points against the fitted map.
/// </summary>
public sealed partial class UMAP(int nNeighbors = 15, int nComponents = 2, double minDist = 0.1, double spread = 1.0,
    Metric metric = Metric.Euclidean, int? nEpochs = null, double learningRate = 1.0, int negativeSampleRate = 5,
    bool spectralInit = true, int exactNeighborsBelow = 20_000, int? seed = null, bool progress = true)
{
    public int NNeighbors { get; } = nNeighbors >= 2 ? nNeighbors : throw new ArgumentOutOfRangeException(nameof(nNeighbors), nNeighbors, "nNeighbors must be at least 2");
    public int NComponents { get; } = nComponents >= 1 ? nComponents : throw new ArgumentOutOfRangeException(nameof(nComponents), nComponents, "nComponents must be positive");
    public double MinDist { get; } = minDist >= 0 && minDist <= spread ? minDist : throw new ArgumentOutOfRangeException(nameof(minDist), minDist, $"minDist must be between 0 and spread ({spread})");
    public double Spread { get; } = spread;
    public Metric Metric { get; } = metric;
    public int? NEpochs { get; } = nEpochs;
    public double LearningRate { get; } = learningRate;
    public int NegativeSampleRate { get; } = negativeSampleRate;
    public bool SpectralInit { get; } = spectralInit;
    public int ExactNeighborsBelow { get; } = exactNeighborsBelow;
    public int Seed { get; } = NotebookLib.Configuration.Seeds.Resolve(seed);
    readonly bool progress = progress;

    /// <summary>The embedding of the training samples, n × NComponents.</summary>
    public float[,] Embedding { get; private set; } = new float[0, 0];
    /// <summary>The fitted curve parameters a and b.</summary>
    public double A { get; private set; }
    public double B { get; private set; }
    /// <summary>The symmetric fuzzy graph as (i, j, weight) edges, both directions.</summary>
    public (int I, int J, float W)[] Graph { get; private set; } = [];

    /// <summary>Threads for this fit (null: the configured count); the embedding does not depend on it.</summary>
    internal int? Threads { get; init; }
    ParallelOptions Parallelism => new() { MaxDegreeOfParallelism = Threads ?? Input.Threads };

    /// <summary>Wall-clock and process CPU seconds of each phase of the last fit, for the benchmark's
    /// breakdown (CPU time is the steadier figure on a shared machine).</summary>
    internal IReadOnlyList<(string Phase, double Seconds, double CpuSeconds)> PhaseSeconds { get; private set; } = [];

    // the training samples for Transform: euclidean, the caller's array itself (as umap-learn keeps X); cosine, its rows
    // scaled to unit length (a copy)
    float[,]? fitted; float[]? normalized; float[] emb = []; int n, d;
    ReadOnlySpan<float> Train => normalized ?? Input.Flat(fitted!);

    public float[,] FitTransform(float[,] x) => Fit(x).Embedding;

    /// <summary>Fits the embedding of <paramref name="x"/>. With the euclidean metric the model keeps a reference to
    /// <paramref name="x"/> for <see cref="Transform"/>, not a copy (as umap-learn does): changing <paramref name="x"/>
    /// afterwards changes what Transform measures against.</summary>
    public UMAP Fit(float[,] x)
    {
        (n, d) = Input.Check(x, "UMAP", 3);
        var clock = System.Diagnostics.Stopwatch.StartNew(); var phases = new List<(string, double, double)>();
        var cpu = Environment.CpuUsage.TotalTime;
        void Lap(string phase)
        {
            var now = Environment.CpuUsage.TotalTime;
            phases.Add((phase, clock.Elapsed.TotalSeconds, (now - cpu).TotalSeconds));
            cpu = now; clock.Restart();
        }
        if (NNeighbors >= n) throw new ArgumentException($"UMAP: nNeighbors = {NNeighbors} but X has only {n} samples");
        (A, B) = FitAB(Spread, MinDist);
        fitted = Metric == Metric.Cosine ? null : x;
        normalized = Metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(x), n, d) : null;
        int k = NNeighbors - 1; // umap-learn counts the point itself among its neighbours
        var (idx, d2) = n < ExactNeighborsBelow ? Kernels.KNearest(Train, n, Train, n, d, k, true) : NNDescent.Build(Train, n, d, k, Seed, Parallelism);
        Lap("neighbours");
        // the fit's own arrays are reused in place where a step no longer needs its input (issue 22: what a 200,000-point
        // fit leaves for the collector decides its peak resident set more than what it holds at once)
        var dist = d2;
        for (int e = 0; e < dist.Length; e++) dist[e] = Distance(dist[e]);
        var w = Memberships(dist, n, k);
        int epochs = NEpochs ?? (n <= 10_000 ? 500 : 200);
        var graph = Symmetrize(idx, w, n, k, Parallelism);
        float max = graph.Max(e => e.W);
        int kept = 0;
        foreach (var e in graph) if (e.W >= max / epochs) kept++;
        Graph = new (int, int, float)[kept];
        kept = 0;
        foreach (var e in graph) if (e.W >= max / epochs) Graph[kept++] = e;
        Lap("fuzzy graph");
        emb = SpectralInit ? Spectral(Graph, n, NComponents, Seed, Parallelism) : RandomInit(n);
        Lap("initialisation");
        Optimize(emb, n, Graph, epochs, moveOther: true, reference: emb, nRef: n, label: "UMAP");
        Lap("optimisation");
        PhaseSeconds = phases;
        Embedding = Input.ToMatrix(emb, n, NComponents);
        return this;
    }

    float Distance(float squared) => Metric == Metric.Cosine ? squared / 2 : MathF.Sqrt(squared);

    /// <summary>Embeds new samples: each starts at the membership-weighted mean of its training
    /// neighbours' positions and is then optimised against the fixed training embedding.</summary>
    public float[,] Transform(float[,] x)
    {
        Input.CheckFitted(emb.Length > 0, "UMAP");
        int m = Input.CheckFeatures(x, d, "UMAP.Transform");
        var q = Metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(x), m, d) : Input.Flat(x).ToArray();
        int k = NNeighbors;
        var (idx, d2) = Kernels.KNearest(q, m, Train, n, d, k, false);
        var dist = d2.Select(Distance).ToArray();
        var w = Memberships(dist, m, k);
        var y = new float[m * NComponents];
        var edges = new List<(int, int, float)>();
        for (int i = 0; i < m; i++)
        {
            double total = 0;
            for (int j = 0; j < k; j++) total += w[i * k + j];
            for (int j = 0; j < k; j++)
            {
                int t = idx[i * k + j]; double wt = total > 0 ? w[i * k + j] / total : 1.0 / k;
                for (int c = 0; c < NComponents; c++) y[i * NComponents + c] += (float)(wt * emb[t * NComponents + c]);
                edges.Add((i, t, (float)w[i * k + j]));
            }
        }
        int epochs = Math.Max(30, (NEpochs ?? (n <= 10_000 ? 500 : 200)) / 3);
        float max = edges.Count == 0 ? 1 : edges.Max(e => e.Item3);
        var kept = edges.Where(e => e.Item3 >= max / epochs).ToArray();
        Optimize(y, m, kept, epochs, moveOther: false, reference: emb, nRef: n, label: "UMAP transform");
        return Input.ToMatrix(y, m, NComponents);
    }

    /// <summary>umap-learn's smooth_knn_dist: ρᵢ = distance to the nearest neighbour, σᵢ such that
    /// Σⱼ exp(−(dᵢⱼ − ρᵢ)/σᵢ) = log₂ k; returns the membership strengths.</summary>
    double[] Memberships(float[] dist, int rows, int k)
    {
        var w = new double[rows * k];
        double meanAll = dist.Where(float.IsFinite).DefaultIfEmpty(0).Average(v => (double)v);
        double target = Math.Log2(NNeighbors);
        Parallel.For(0, rows, Parallelism, i =>
        {
            var di = dist.AsSpan(i * k, k);
            double rho = 0; foreach (var v in di) if (v > 0) { rho = v; break; }
            double lo = 0, hi = double.PositiveInfinity, mid = 1;
            for (int it = 0; it < 64; it++)
            {
                double s = 0;
                foreach (var v in di) { double e = v - rho; s += e > 0 ? Math.Exp(-e / mid) : 1; }
                if (Math.Abs(s - target) < 1e-5) break;
                if (s > target) { hi = mid; mid = (lo + hi) / 2; }
                else { lo = mid; mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2; }
            }
            double meanI = 0; foreach (var v in di) meanI += v; meanI /= k;
            mid = Math.Max(mid, 1e-3 * (rho > 0 ? meanI : meanAll));
            for (int j = 0; j < k; j++) { double e = di[j] - rho; w[i * k + j] = e > 0 ? Math.Exp(-e / mid) : 1; }
        });
        return w;
    }

    /// <summary>Fuzzy union A + Aᵀ − A∘Aᵀ of the directed membership graph, sorted by (i, j): for each
    /// row, its own entries (sorted by j) merged with the rows that hold it (its reverse list, which
    /// a counting pass leaves in ascending order), rows in parallel. (A sort of all 2nk directed
    /// keys took a second at 200,000 points; a hash map of the pairs took seconds at 50,000.) Each row of
    /// <paramref name="idx"/> and <paramref name="w"/> is sorted in place by j.</summary>
    internal static (int I, int J, float W)[] Symmetrize(int[] idx, double[] w, int n, int k, ParallelOptions parallel)
    {
        int m = n * k;
        var revStart = new int[n + 1];
        foreach (int j in idx) revStart[j + 1]++;
        for (int i = 0; i < n; i++) revStart[i + 1] += revStart[i];
        var rev = new int[m]; var revW = new double[m]; var fill = revStart[..n];
        for (int e = 0; e < m; e++) { int at = fill[idx[e]]++; rev[at] = e / k; revW[at] = w[e]; }
        var fwd = idx; var fwdW = w;
        var size = new int[n + 1];
        Parallel.For(0, n, parallel, i =>
        {
            var fj = fwd.AsSpan(i * k, k); fj.Sort(fwdW.AsSpan(i * k, k));
            int a = 0, b = revStart[i], b1 = revStart[i + 1], count = 0;
            while (a < k || b < b1)
            {
                if (b == b1 || (a < k && fj[a] < rev[b])) a++;
                else if (a == k || rev[b] < fj[a]) b++;
                else { a++; b++; }
                count++;
            }
            size[i + 1] = count;
        });
        for (int i = 0; i < n; i++) size[i + 1] += size[i];
        var result = new (int, int, float)[size[n]];
        Parallel.For(0, n, parallel, i =>
        {
            var fj = fwd.AsSpan(i * k, k); var fw = fwdW.AsSpan(i * k, k);
            int a = 0, b = revStart[i], b1 = revStart[i + 1], o = size[i];
            while (a < k || b < b1)
            {
                double v = 0, u = 0; int j;
                if (b == b1 || (a < k && fj[a] < rev[b])) { j = fj[a]; v = fw[a++]; }
                else if (a == k || rev[b] < fj[a]) { j = rev[b]; u = revW[b++]; }
                else { j = fj[a]; v = fw[a++]; u = revW[b++]; }
                result[o++] = (i, j, (float)(v + u - v * u));
            }
        });
        return result;
    }

    float[] RandomInit(int count)
    {
        var rng = new Random(Seed); var y = new float[count * NComponents];
        for (int i = 0; i < y.Length; i++) y[i] = (float)(rng.NextDouble() * 20 - 10);
        return y;
    }

    /// <summary>Eigenvectors 2..c+1 of D^−½ W D^−½ by thick-restart Lanczos, W regularised with a
    /// weak all-to-all term so that disconnected clusters still get one joint layout; scaled to [0, 10].</summary>
    static float[] Spectral((int I, int J, float W)[] graph, int n, int c, int seed, ParallelOptions parallel)
    {
        var deg = new double[n];
        foreach (var (i, _, w) in graph) deg[i] += w;
        double tau = 0.01 * deg.Average();
        for (int i = 0; i < n; i++) deg[i] += tau;
        var inv = deg.Select(v => 1 / Math.Sqrt(v)).ToArray();
        // the normalised weights D^−½ W D^−½ in compressed rows (the graph is sorted by row)
        var rowStart = new int[n + 1]; foreach (var e in graph) rowStart[e.I + 1]++;
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        var cols = new int[graph.Length]; var vals = new double[graph.Length];
        for (int e = 0; e < graph.Length; e++) { cols[e] = graph[e].J; vals[e] = graph[e].W * inv[graph[e].I] * inv[graph[e].J]; }
        var vectors = Eigen.TopLanczos(n, c + 1, (v, o) =>
        {
            // o = ½ (I + D^−½ (W + τ/n 11ᵀ) D^−½) v, so every eigenvalue lies in [0, 1]
            double dot = 0; for (int i = 0; i < n; i++) dot += inv[i] * v[i];
            double t = tau / n * dot;
            Parallel.For(0, (n + 4095) / 4096, parallel, blk =>
            {
                int i1 = Math.Min(n, (blk + 1) * 4096);
                for (int i = blk * 4096; i < i1; i++)
                {
                    double s = 0;
                    for (int e = rowStart[i]; e < rowStart[i + 1]; e++) s += vals[e] * v[cols[e]];
                    o[i] = 0.5 * (v[i] + s + inv[i] * t);
                }
            });
        }, seed);
        var y = new float[n * c];
        for (int comp = 0; comp < c; comp++)
        {
            var v = vectors[comp + 1];
            double lo = v.Min(), hi = v.Max(), span = hi > lo ? hi - lo : 1;
            for (int i = 0; i < n; i++) y[i * c + comp] = (float)(10 * (v[i] - lo) / span);
        }
        var rng = new Random(seed);
        for (int i = 0; i < y.Length; i++) y[i] += (float)(1e-4 * (rng.NextDouble() - 0.5));
        return y;
    }

    /// <summary>SGD on the fuzzy cross-entropy (umap-learn's optimize_layout_euclidean), edges
    /// sampled in proportion to their weight, negative samples drawn from <paramref name="reference"/>.
    /// Repeatable for a seed at any size and thread count: each point is moved only along its own
    /// edges (the graph holds both directions of every edge, so the attraction a point received as an
    /// edge's tail comes to it on the reverse edge, with double the step), reading the other points
    /// where they stood at the start of the epoch, and its negative samples come from a generator
    /// seeded by (seed, epoch, point). Points are then independent within an epoch: blocks of them run
    /// in parallel with no locks and no races (umap-learn's parallel mode races, Hogwild). In two
    /// dimensions with AVX2 a block's points run side by side in SIMD lanes (UMAP.Lanes.cs, 16 to a register with
    /// AVX-512: UMAP.Lanes512.cs), which gives the same embedding bit for bit and about 3× less CPU time at 50,000 points.</summary>
    void Optimize(float[] y, int count, (int I, int J, float W)[] edges, int epochs, bool moveOther, float[] reference, int nRef, string label)
    {
        if (edges.Length == 0) return;
        int c = NComponents; float a = (float)A, b = (float)B;
        float wMax = edges.Max(e => e.W);
        int m = edges.Length;
        var rowStart = new int[count + 1]; var tails = new int[m];
        foreach (var e in edges) rowStart[e.I + 1]++;
        for (int i = 0; i < count; i++) rowStart[i + 1] += rowStart[i];
        var fill = rowStart[..count];
        var perSample = new double[m]; var order = new int[m];
        for (int e = 0; e < m; e++) { int at = fill[edges[e].I]++; order[at] = e; }
        for (int at = 0; at < m; at++) { var e = edges[order[at]]; tails[at] = e.J; perSample[at] = (double)wMax / e.W; }
        double negRate = NegativeSampleRate;
        var nextSample = (double[])perSample.Clone();
        var nextNeg = perSample.Select(v => v / negRate).ToArray();
        // in a fit the points move each other: the others are read from the epoch's starting positions
        var others = moveOther ? new float[y.Length] : reference;
        float pull = moveOther ? 2 : 1;
        ulong seed = (ulong)Seed * 0x9E3779B97F4A7C15UL;
        const int Block = 512;
        bool lanes = c == 2 && Lanes && LanesSupported, wide = lanes && WideLanes && WideLanesSupported;
        using var prog = progress ? Progress.Start(label, epochs) : null;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            if (moveOther) Array.Copy(y, others, y.Length);
            float alpha = (float)(LearningRate * (1 - (double)epoch / epochs));
            int ep = epoch;
            Parallel.For(0, (count + Block - 1) / Block, Parallelism, blk =>
            {
                int i1 = Math.Min(count, (blk + 1) * Block);
                if (lanes)
                {
                    var (ops, from) = laneBuffers ??= (new int[64 * Block], new int[Block + 1]);
                    ScheduleLanes(blk * Block, i1, rowStart, tails, nextSample, perSample, nextNeg, negRate, ep, moveOther, nRef, seed, ref ops, from);
                    laneBuffers = (ops, from);
                    if (wide) RunWideLanes(ops, from, blk * Block, i1, y, others, a, b, alpha, pull);
                    else RunLanes(ops, from, blk * Block, i1, y, others, a, b, alpha, pull);
                    return;
                }
                Span<float> yi = stackalloc float[c];
                for (int i = blk * Block; i < i1; i++)
                {
                    int e0 = rowStart[i], e1 = rowStart[i + 1];
                    if (e0 == e1) continue;
                    var rng = new NegativeSampler(seed, ep, i);
                    if (c == 2)
                    {
                        MovePoint2(i, e0, e1, y, others, tails, nextSample, perSample, nextNeg, negRate, ep, a, b, alpha, pull, moveOther, nRef, ref rng);
                        continue;
                    }
                    y.AsSpan(i * c, c).CopyTo(yi);
                    for (int e = e0; e < e1; e++)
                    {
                        if (nextSample[e] > ep) continue;
                        var yj = others.AsSpan(tails[e] * c, c);
                        float d2 = 0; for (int q = 0; q < c; q++) { float t = yi[q] - yj[q]; d2 += t * t; }
                        if (d2 > 0)
                        {
                            float pd = FastPow(d2, b);
                            float coeff = -2 * a * b * (pd / d2) / (a * pd + 1);
                            for (int q = 0; q < c; q++) yi[q] += pull * Clip(coeff * (yi[q] - yj[q])) * alpha;
                        }
                        nextSample[e] += perSample[e];
                        double perNeg = perSample[e] / negRate;
                        int negatives = (int)((ep - nextNeg[e]) / perNeg);
                        for (int s = 0; s < negatives; s++)
                        {
                            int t = rng.Next(nRef);
                            if (moveOther && t == i) continue;
                            var yt = others.AsSpan(t * c, c);
                            d2 = 0; for (int q = 0; q < c; q++) { float u = yi[q] - yt[q]; d2 += u * u; }
                            float coeff = d2 > 0 ? 2 * b / ((0.001f + d2) * (a * FastPow(d2, b) + 1)) : 0;
                            for (int q = 0; q < c; q++)
                                yi[q] += (coeff > 0 ? Clip(coeff * (yi[q] - yt[q])) : 4f) * alpha;
                        }
                        nextNeg[e] += negatives * perNeg;
                    }
                    yi.CopyTo(y.AsSpan(i * c, c));
                }
            });
            prog?.Report(epoch + 1);
        }
    }

    [ThreadStatic] static (int[] Ops, int[] From)? laneBuffers;

    static float Clip(float v) => v > 4 ? 4 : v < -4 ? -4 : v;

    /// <summary>One point's epoch in two dimensions (the usual case): the loop of the general path with
    /// the point's coordinates in registers and no spans, the same arithmetic in the same order.</summary>
    static void MovePoint2(int i, int e0, int e1, float[] y, float[] others, int[] tails, double[] nextSample, double[] perSample,
        double[] nextNeg, double negRate, int ep, float a, float b, float alpha, float pull, bool moveOther, int nRef, ref NegativeSampler rng)
    {
        float y0 = y[2 * i], y1 = y[2 * i + 1];
        float attract = -2 * a * b, repel = 2 * b;
        for (int e = e0; e < e1; e++)
        {
            if (nextSample[e] > ep) continue;
            int j = tails[e];
            float dx = y0 - others[2 * j], dy = y1 - others[2 * j + 1];
            float d2 = dx * dx + dy * dy;
            if (d2 > 0)
            {
                float pd = FastPow(d2, b);
                float coeff = attract * (pd / d2) / (a * pd + 1);
                y0 += pull * Clip(coeff * dx) * alpha;
                y1 += pull * Clip(coeff * dy) * alpha;
            }
            nextSample[e] += perSample[e];
            double perNeg = perSample[e] / negRate;
            int negatives = (int)((ep - nextNeg[e]) / perNeg);
            for (int s = 0; s < negatives; s++)
            {
                int t = rng.Next(nRef);
                if (moveOther && t == i) continue;
                float ux = y0 - others[2 * t], uy = y1 - others[2 * t + 1];
                d2 = ux * ux + uy * uy;
                float coeff = d2 > 0 ? repel / ((0.001f + d2) * (a * FastPow(d2, b) + 1)) : 0;
                if (coeff > 0)
                {
                    y0 += Clip(coeff * ux) * alpha;
                    y1 += Clip(coeff * uy) * alpha;
                }
                else  // as umap-learn: a coincident (or infinitely far) sample pushes by the clip bound
                {
                    y0 += 4f * alpha;
                    y1 += 4f * alpha;
                }
            }
            nextNeg[e] += negatives * perNeg;
        }
        y[2 * i] = y0; y[2 * i + 1] = y1;
    }

    /// <summary>x^p for x &gt; 0 as 2^(p·log2 x), both by polynomials on the float's mantissa and exponent:
    /// relative error under 1e-5 (3e-6 measured; float rounding of p·log2 x dominates), several times faster than MathF.Pow (the SGD calls it on every
    /// sampled edge and negative sample), and a pure function, so fits still repeat exactly.</summary>
    internal static float FastPow(float x, float p)
    {
        // log2 x = e + log2 m, m in [√½, √2): log2 m = 2/ln 2 · atanh t, t = (m − 1)/(m + 1), |t| < 0.172
        int bits = BitConverter.SingleToInt32Bits(x);
        int e = ((bits >> 23) & 255) - 127;
        float m = BitConverter.Int32BitsToSingle((bits & 0x7FFFFF) | 0x3F800000);
        if (m > 1.41421356f) { m *= 0.5f; e++; }
        float t = (m - 1) / (m + 1), t2 = t * t;
        float log2 = e + t * (2.88539008f + t2 * (0.961796694f + t2 * (0.577078016f + t2 * 0.412198583f)));
        // 2^y = 2^k · 2^f, k = round(y), |f| ≤ ½: 2^f = e^(f ln 2) by its Taylor series to the 6th power
        float y = p * log2;
        y = y < -126 ? -126 : y > 126 ? 126 : y;
        float k = MathF.Round(y), f = (y - k) * 0.693147181f;
        float ef = 1 + f * (1 + f * (0.5f + f * (0.166666667f + f * (0.0416666667f + f * (0.00833333333f + f * 0.00138888889f)))));
        return ef * BitConverter.Int32BitsToSingle(((int)k + 127) << 23);
    }

    /// <summary>xorshift64 for drawing negative samples, one per (seed, epoch, point), its state
    /// scrambled by splitmix64: lighter than System.Random and ample for picking random points
    /// (umap-learn uses a Tausworthe generator for the same job).</summary>
    struct NegativeSampler
    {
        ulong state;

        public NegativeSampler(ulong seed, int epoch, int point)
        {
            ulong z = seed + (ulong)epoch * 0xBF58476D1CE4E5B9UL + (ulong)point * 0x94D049BB133111EBUL + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL; z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            state = (z ^ (z >> 31)) | 1;
        }

        public int Next(int n)
        {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            return (int)(((state >> 32) * (ulong)n) >> 32);
        }
    }

    /// <summary>a, b of 1/(1 + a x^(2b)) fitted by least squares (Levenberg-Marquardt) to the
    /// target curve: 1 below minDist, exp(−(x − minDist)/spread) above, on [0, 3·spread].</summary>
    public static (double A, double B) FitAB(double spread, double minDist)
    {
        var xs = Enumerable.Range(0, 300).Select(i => 3 * spread * i / 299).ToArray();
        var ys = xs.Select(x => x < minDist ? 1 : Math.Exp(-(x - minDist) / spread)).ToArray();
        double a = 1, b = 1, lambda = 1e-3;
        double Cost(double aa, double bb) => xs.Select((x, i) => { double f = 1 / (1 + aa * Math.Pow(x, 2 * bb)); return (f - ys[i]) * (f - ys[i]); }).Sum();
        double cost = Cost(a, b);
        for (int it = 0; it < 500; it++)
        {
            double jtj00 = 0, jtj01 = 0, jtj11 = 0, g0 = 0, g1 = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double x = xs[i]; if (x == 0) continue;
                double p = Math.Pow(x, 2 * b), f = 1 / (1 + a * p), r = f - ys[i];
                double da = -p * f * f, db = -a * p * 2 * Math.Log(x) * f * f;
                jtj00 += da * da; jtj01 += da * db; jtj11 += db * db; g0 += da * r; g1 += db * r;
            }
            double m00 = jtj00 * (1 + lambda), m11 = jtj11 * (1 + lambda), det = m00 * m11 - jtj01 * jtj01;
            double sa = -(m11 * g0 - jtj01 * g1) / det, sb = -(m00 * g1 - jtj01 * g0) / det;
            double nc = Cost(a + sa, b + sb);
            if (nc < cost) { a += sa; b += sb; lambda /= 3; if (cost - nc < 1e-14) { cost = nc; break; } cost = nc; }
            else lambda *= 4;
        }
        return (a, b);
    }
}
