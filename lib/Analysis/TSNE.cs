
using NotebookLib.Display;

namespace NotebookLib.Analysis;

/// <summary>
/// t-distributed stochastic neighbour embedding with the Barnes-Hut approximation, shaped like
/// scikit-learn's TSNE (1.2 defaults): perplexity-calibrated affinities over the 3·perplexity nearest
/// neighbours, early exaggeration for the first 250 iterations, learning rate "auto" = max(n / 12 / 4, 50),
/// PCA initialisation scaled to σ = 10⁻⁴, momentum 0.5 then 0.8 with adaptive gains.
/// </summary>
public sealed class TSNE(int nComponents = 2, double perplexity = 30, double earlyExaggeration = 12, double? learningRate = null,
    int nIter = 1000, double angle = 0.5, Metric metric = Metric.Euclidean, bool pcaInit = true, int? seed = null, bool progress = true)
{
    public int NComponents { get; } = nComponents == 2 ? 2 : throw new ArgumentOutOfRangeException(nameof(nComponents), nComponents, "Barnes-Hut t-SNE embeds into 2 dimensions");
    public double Perplexity { get; } = perplexity > 0 ? perplexity : throw new ArgumentOutOfRangeException(nameof(perplexity), perplexity, "perplexity must be positive");
    public double EarlyExaggeration { get; } = earlyExaggeration;
    public double? LearningRate { get; } = learningRate;
    public int NIter { get; } = Math.Max(nIter, 250);
    public double Angle { get; } = angle;
    public Metric Metric { get; } = metric;
    public bool PcaInit { get; } = pcaInit;
    public int Seed { get; } = NotebookLib.Configuration.Seeds.Resolve(seed);

    /// <summary>The embedding of the training samples, n × 2.</summary>
    public float[,] Embedding { get; private set; } = new float[0, 0];
    /// <summary>Kullback-Leibler divergence of the final embedding (Barnes-Hut estimate of the normaliser).</summary>
    public double KlDivergence { get; private set; }

    public float[,] FitTransform(float[,] x) => Fit(x).Embedding;

    public TSNE Fit(float[,] x)
    {
        var (n, d) = Input.Check(x, "TSNE", 4);
        if (Perplexity >= n) throw new ArgumentException($"TSNE: perplexity ({Perplexity}) must be less than the number of samples ({n})");
        int k = Math.Min(n - 1, (int)(3 * Perplexity + 1));
        var (rows, cols, vals) = Affinities(x, n, d, k);
        var y = Initial(x, n);
        Optimize(y, n, rows, cols, vals);
        Embedding = Input.ToMatrix(y, n, 2);
        return this;
    }

    /// <summary>Symmetric joint probabilities P in CSR form from the perplexity-calibrated conditionals.</summary>
    (int[] Rows, int[] Cols, double[] Vals) Affinities(float[,] x, int n, int d, int k)
    {
        var nn = new NearestNeighbors(k, Metric).Fit(x).Kneighbors();
        var cond = new double[n * k];
        double target = Math.Log(Perplexity);
        Parallel.For(0, n, Input.Parallel, i =>
        {
            // scikit-learn calibrates on squared euclidean distances
            var dist = new double[k];
            for (int j = 0; j < k; j++) { double v = nn.Distances[i, j]; dist[j] = Metric == Metric.Cosine ? v : v * v; }
            double beta = 1, lo = double.NegativeInfinity, hi = double.PositiveInfinity;
            var p = new double[k];
            for (int step = 0; step < 100; step++)
            {
                double sum = 0;
                for (int j = 0; j < k; j++) { p[j] = Math.Exp(-dist[j] * beta); sum += p[j]; }
                if (sum == 0) sum = 1e-8;
                double h = 0;
                for (int j = 0; j < k; j++) { p[j] /= sum; h += dist[j] * p[j]; }
                h = Math.Log(sum) + beta * h;
                double diff = h - target;
                if (Math.Abs(diff) <= 1e-5) break;
                if (diff > 0) { lo = beta; beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2; }
                else { hi = beta; beta = double.IsNegativeInfinity(lo) ? beta / 2 : (beta + lo) / 2; }
            }
            Array.Copy(p, 0, cond, i * k, k);
        });
        // P = (P_cond + P_condᵀ) / Σ as CSR. A pair (i, j) gets at most two values, i's for j and j's for i, so each row
        // collects its entries, sorts them by column and sums the twins: 2·n·k (int, double) pairs, where a dictionary
        // of them and its sort held 1.6 GB at 100,000 points (issue 22).
        var start = new int[n + 1];
        for (int i = 0; i < n; i++)
            for (int q = 0; q < k; q++) { start[i + 1]++; start[nn.Indices[i, q] + 1]++; }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        var fill = start[..n];
        var cols = new int[start[n]]; var vals = new double[start[n]];
        for (int i = 0; i < n; i++)
            for (int q = 0; q < k; q++)
            {
                int j = nn.Indices[i, q]; double v = cond[i * k + q];
                int a = fill[i]++, b = fill[j]++;
                cols[a] = j; vals[a] = v; cols[b] = i; vals[b] = v;
            }
        var kept = new int[n];
        Parallel.For(0, n, Input.Parallel, i =>
        {
            int s0 = start[i], s1 = start[i + 1], w = s0;
            Array.Sort(cols, vals, s0, s1 - s0);
            for (int t = s0; t < s1; t++)
            {
                if (w > s0 && cols[t] == cols[w - 1]) vals[w - 1] += vals[t];
                else { cols[w] = cols[t]; vals[w] = vals[t]; w++; }
            }
            kept[i] = w - s0;
        });
        // the rows moved down in place, in order (a row never starts after where it was); the arrays' tails stay unused
        var rows = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            rows[i + 1] = rows[i] + kept[i];
            Array.Copy(cols, start[i], cols, rows[i], kept[i]);
            Array.Copy(vals, start[i], vals, rows[i], kept[i]);
        }
        double total = 0;
        for (int e = 0; e < rows[n]; e++) total += vals[e];
        for (int e = 0; e < rows[n]; e++) vals[e] /= total;
        return (rows, cols, vals);
    }

    double[] Initial(float[,] x, int n)
    {
        var y = new double[2 * n];
        if (PcaInit && x.GetLength(1) >= 2)
        {
            var z = new PCA(2).FitTransform(x);
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) { mean += z[i, 0]; sq += (double)z[i, 0] * z[i, 0]; }
            mean /= n; double std = Math.Sqrt(Math.Max(sq / n - mean * mean, 1e-300));
            for (int i = 0; i < n; i++) { y[2 * i] = z[i, 0] / std * 1e-4; y[2 * i + 1] = z[i, 1] / std * 1e-4; }
        }
        else
        {
            var rng = new Random(Seed);
            for (int i = 0; i < 2 * n; i++) y[i] = 1e-4 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        }
        return y;
    }

    void Optimize(double[] y, int n, int[] rows, int[] cols, double[] vals)
    {
        double lr = LearningRate ?? Math.Max(n / EarlyExaggeration / 4, 50);
        var update = new double[2 * n]; var gains = Enumerable.Repeat(1.0, 2 * n).ToArray();
        var grad = new double[2 * n]; var zs = new double[n];
        var tree = new QuadTree();
        using var progress = this.progress ? Progress.Start("t-SNE", NIter) : null;
        for (int it = 0; it < NIter; it++)
        {
            bool early = it < 250;
            double exag = early ? EarlyExaggeration : 1, momentum = early ? 0.5 : 0.8;
            tree.Build(y, n);
            var order = tree.Order;
            Parallel.For(0, n, Input.Parallel, k =>
            {
                int i = order[k];
                double fx = 0, fy = 0;
                zs[i] = tree.Repulsion(i, Angle, ref fx, ref fy);
                grad[2 * i] = -fx; grad[2 * i + 1] = -fy; // repulsion, divided by Z below
            });
            double z = 0; foreach (var v in zs) z += v;
            Parallel.For(0, n, Input.Parallel, i =>
            {
                double ax = 0, ay = 0, yi0 = y[2 * i], yi1 = y[2 * i + 1];
                for (int e = rows[i]; e < rows[i + 1]; e++)
                {
                    int j = cols[e]; double dx = yi0 - y[2 * j], dy = yi1 - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy), w = vals[e] * exag * q;
                    ax += w * dx; ay += w * dy;
                }
                grad[2 * i] = 4 * (ax + grad[2 * i] / z);
                grad[2 * i + 1] = 4 * (ay + grad[2 * i + 1] / z);
            });
            for (int q = 0; q < 2 * n; q++)
            {
                bool sameSign = grad[q] * update[q] < 0; // update opposes the gradient: keep going faster
                gains[q] = sameSign ? gains[q] + 0.2 : Math.Max(gains[q] * 0.8, 0.01);
                update[q] = momentum * update[q] - lr * gains[q] * grad[q];
                y[q] += update[q];
            }
            if (it == NIter - 1) KlDivergence = Kl(y, n, rows, cols, vals, z);
            progress?.Report(it + 1);
        }
    }

    static double Kl(double[] y, int n, int[] rows, int[] cols, double[] vals, double z)
    {
        double kl = 0;
        for (int i = 0; i < n; i++)
            for (int e = rows[i]; e < rows[i + 1]; e++)
            {
                int j = cols[e]; double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy) / z;
                if (vals[e] > 0) kl += vals[e] * Math.Log(Math.Max(vals[e], 1e-12) / Math.Max(q, 1e-12));
            }
        return kl;
    }

    readonly bool progress = progress;
}
