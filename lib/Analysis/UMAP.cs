
using NotebookLib.Display;
using NotebookLib.Plotting;

namespace NotebookLib.Analysis;

/// <summary>
/// Uniform manifold approximation and projection (McInnes, Healy &amp; Melville 2018), shaped like
/// umap-learn's UMAP: a fuzzy k-nearest-neighbour graph (exact below <c>exactNeighborsBelow</c>
/// samples, nearest-neighbour descent above), spectral initialisation, then stochastic gradient
/// descent with negative sampling on the low-dimensional curve 1/(1 + a·d^(2b)) fitted to
/// <c>minDist</c> and <c>spread</c>. <see cref="Transform"/> embeds new points against the fitted map.
/// </summary>
public sealed class UMAP(int nNeighbors = 15, int nComponents = 2, double minDist = 0.1, double spread = 1.0,
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

    float[] train = []; float[] emb = []; int n, d;

    public float[,] FitTransform(float[,] x) => Fit(x).Embedding;

    public UMAP Fit(float[,] x)
    {
        (n, d) = Input.Check(x, "UMAP", 3);
        if (NNeighbors >= n) throw new ArgumentException($"UMAP: nNeighbors = {NNeighbors} but X has only {n} samples");
        (A, B) = FitAB(Spread, MinDist);
        train = Metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(x), n, d) : Input.Flat(x).ToArray();
        int k = NNeighbors - 1; // umap-learn counts the point itself among its neighbours
        var (idx, d2) = n < ExactNeighborsBelow ? Kernels.KNearest(train, n, train, n, d, k, true) : NNDescent.Build(train, n, d, k, Seed);
        var dist = d2.Select(Distance).ToArray();
        var w = Memberships(dist, n, k);
        int epochs = NEpochs ?? (n <= 10_000 ? 500 : 200);
        var graph = Symmetrize(idx, w, n, k);
        float max = graph.Max(e => e.W);
        Graph = graph.Where(e => e.W >= max / epochs).ToArray();
        emb = SpectralInit ? Spectral(Graph, n, NComponents, Seed) : RandomInit(n);
        Optimize(emb, n, Graph, epochs, moveOther: true, reference: emb, nRef: n, label: "UMAP");
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
        var (idx, d2) = Kernels.KNearest(q, m, train, n, d, k, false);
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
        Parallel.For(0, rows, Input.Parallel, i =>
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

    /// <summary>Fuzzy union A + Aᵀ − A∘Aᵀ of the directed membership graph.</summary>
    static (int I, int J, float W)[] Symmetrize(int[] idx, double[] w, int n, int k)
    {
        var map = new Dictionary<long, double>(n * k);
        for (int i = 0; i < n; i++) for (int q = 0; q < k; q++) map[(long)i * n + idx[i * k + q]] = w[i * k + q];
        var result = new Dictionary<long, double>(2 * n * k);
        foreach (var (key, v) in map)
        {
            long i = key / n, j = key % n, rev = j * n + i;
            double u = map.GetValueOrDefault(rev);
            double s = v + u - v * u;
            result[key] = s; result[rev] = s;
        }
        return result.OrderBy(e => e.Key).Select(e => ((int)(e.Key / n), (int)(e.Key % n), (float)e.Value)).ToArray();
    }

    float[] RandomInit(int count)
    {
        var rng = new Random(Seed); var y = new float[count * NComponents];
        for (int i = 0; i < y.Length; i++) y[i] = (float)(rng.NextDouble() * 20 - 10);
        return y;
    }

    /// <summary>Eigenvectors 2..c+1 of D^−½ W D^−½ by subspace iteration, W regularised with a
    /// weak all-to-all term so that disconnected clusters still get one joint layout; scaled to [0, 10].</summary>
    static float[] Spectral((int I, int J, float W)[] graph, int n, int c, int seed)
    {
        var deg = new double[n];
        foreach (var (i, _, w) in graph) deg[i] += w;
        double tau = 0.01 * deg.Average();
        for (int i = 0; i < n; i++) deg[i] += tau;
        var inv = deg.Select(v => 1 / Math.Sqrt(v)).ToArray();
        var rowStart = new int[n + 1]; foreach (var e in graph) rowStart[e.I + 1]++;
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        int p = Math.Min(n, c + 1 + 6);
        var vectors = Eigen.TopSubspace(n, p, (v, o) =>
        {
            // o = ½ (I + D^−½ (W + τ/n 11ᵀ) D^−½) v, so every eigenvalue lies in [0, 1]
            double dot = 0; for (int i = 0; i < n; i++) dot += inv[i] * v[i];
            Parallel.For(0, n, Input.Parallel, i =>
            {
                double s = 0;
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) s += graph[e].W * inv[graph[e].J] * v[graph[e].J];
                o[i] = 0.5 * (v[i] + inv[i] * (s + tau / n * dot));
            });
        }, seed, iterations: 300);
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
    /// Edges are processed in parallel without locks (Hogwild), as umap-learn's parallel mode.</summary>
    void Optimize(float[] y, int count, (int I, int J, float W)[] edges, int epochs, bool moveOther, float[] reference, int nRef, string label)
    {
        if (edges.Length == 0) return;
        // single precision and one power per pair (d^(2b−2) is d^(2b)/d²): the powers are about half
        // of the SGD's time, and double-precision Math.Pow twice per positive sample was slower still
        int c = NComponents; float a = (float)A, b = (float)B;
        float wMax = edges.Max(e => e.W);
        var perSample = edges.Select(e => (double)wMax / e.W).ToArray();
        var perNeg = perSample.Select(v => v / NegativeSampleRate).ToArray();
        var nextSample = (double[])perSample.Clone();
        var nextNeg = (double[])perNeg.Clone();
        var rngSeeds = new Random(Seed);
        // Hogwild threads write random rows of the embedding; while it is small (2 × 20,000 floats fit
        // in L2) they mostly fight over the same cache lines: at 10,000 points two threads took twice the
        // CPU time of one for no gain in wall time. One thread there, which also makes the fit repeatable.
        bool serial = count <= SerialSgdUpTo;
        int chunks = serial ? 8 : Math.Max(1, Input.Threads * 4);
        var options = serial ? new ParallelOptions { MaxDegreeOfParallelism = 1 } : Input.Parallel;
        var seeds = Enumerable.Range(0, chunks).Select(_ => rngSeeds.Next()).ToArray();
        var rngs = seeds.Select(s => new NegativeSampler(s)).ToArray();
        using var prog = progress ? Progress.Start(label, epochs) : null;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            float alpha = (float)(LearningRate * (1 - (double)epoch / epochs));
            int per = (edges.Length + chunks - 1) / chunks;
            Parallel.For(0, chunks, options, ch =>
            {
                ref var rng = ref rngs[ch];
                int e1 = Math.Min(edges.Length, (ch + 1) * per);
                Span<float> diff = stackalloc float[c];
                for (int e = ch * per; e < e1; e++)
                {
                    if (nextSample[e] > epoch) continue;
                    int i = edges[e].I, j = edges[e].J;
                    var yi = y.AsSpan(i * c, c); var yj = reference.AsSpan(j * c, c);
                    float d2 = 0; for (int q = 0; q < c; q++) { diff[q] = yi[q] - yj[q]; d2 += diff[q] * diff[q]; }
                    if (d2 > 0)
                    {
                        float pd = MathF.Pow(d2, b);
                        float coeff = -2 * a * b * (pd / d2) / (a * pd + 1);
                        for (int q = 0; q < c; q++)
                        {
                            float g = Clip(coeff * diff[q]);
                            yi[q] += g * alpha;
                            if (moveOther) yj[q] -= g * alpha;
                        }
                    }
                    nextSample[e] += perSample[e];
                    int negatives = (int)((epoch - nextNeg[e]) / perNeg[e]);
                    for (int s = 0; s < negatives; s++)
                    {
                        int t = rng.Next(nRef);
                        if (moveOther && t == i) continue;
                        var yt = reference.AsSpan(t * c, c);
                        d2 = 0; for (int q = 0; q < c; q++) { diff[q] = yi[q] - yt[q]; d2 += diff[q] * diff[q]; }
                        float coeff = d2 > 0 ? 2 * b / ((0.001f + d2) * (a * MathF.Pow(d2, b) + 1)) : 0;
                        for (int q = 0; q < c; q++)
                            yi[q] += (coeff > 0 ? Clip(coeff * diff[q]) : 4f) * alpha;
                    }
                    nextNeg[e] += negatives * perNeg[e];
                }
            });
            prog?.Report(epoch + 1);
        }
    }

    /// <summary>Embeddings of up to this many points are optimised on one thread.</summary>
    internal const int SerialSgdUpTo = 20_000;

    static float Clip(float v) => v > 4 ? 4 : v < -4 ? -4 : v;

    /// <summary>xorshift64 for drawing negative samples, a mutable struct per chunk: lighter than a
    /// seeded System.Random (the legacy subtractive generator) and ample for picking random points
    /// (umap-learn uses a Tausworthe generator for the same job).</summary>
    struct NegativeSampler(int seed)
    {
        ulong state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL | 1;

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
