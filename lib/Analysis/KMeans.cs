using System.Numerics.Tensors;

namespace NotebookLib.Analysis;

/// <summary>
/// k-means clustering (Lloyd's algorithm with k-means++ seeding), shaped like scikit-learn's KMeans:
/// the best of <c>nInit</c> seeded runs by inertia; convergence when the centres move less than
/// <c>tol</c> × the mean feature variance, or when no label changes.
/// </summary>
public sealed class KMeans(int nClusters = 8, int nInit = 10, int maxIter = 300, double tol = 1e-4, int? seed = null)
{
    public int NClusters { get; } = nClusters > 0 ? nClusters : throw new ArgumentOutOfRangeException(nameof(nClusters), nClusters, "KMeans needs at least one cluster");
    public int NInit { get; } = nInit > 0 ? nInit : throw new ArgumentOutOfRangeException(nameof(nInit), nInit, "nInit must be at least 1");
    public int MaxIter { get; } = maxIter;
    public double Tol { get; } = tol;
    public int Seed { get; } = seed ?? NotebookLib.Configuration.EnvironmentSettings.Current.Seed;

    /// <summary>Cluster centres, NClusters × d.</summary>
    public float[,] Centers { get; private set; } = new float[0, 0];
    /// <summary>The cluster of every training sample.</summary>
    public int[] Labels { get; private set; } = [];
    /// <summary>Sum of squared distances of the training samples to their centre.</summary>
    public double Inertia { get; private set; }
    /// <summary>Lloyd iterations of the best run.</summary>
    public int Iterations { get; private set; }
    bool fitted;

    public KMeans Fit(float[,] x)
    {
        var (n, d) = Input.Check(x, "KMeans");
        if (n < NClusters) throw new ArgumentException($"KMeans: X has {n} samples but nClusters = {NClusters}; there must be at least as many samples as clusters", nameof(x));
        var data = Input.Flat(x).ToArray();
        var norms = Kernels.RowSquaredNorms(data, n, d);
        double tolAbs = Tol * MeanVariance(data, n, d);
        var rng = new Random(Seed);
        double best = double.PositiveInfinity;
        for (int run = 0; run < NInit; run++)
        {
            var centers = PlusPlus(data, norms, n, d, NClusters, rng);
            var (labels, inertia, iters) = Lloyd(data, norms, n, d, centers, NClusters, MaxIter, tolAbs);
            if (inertia < best)
            {
                best = inertia; Labels = labels; Iterations = iters;
                Centers = Input.ToMatrix(centers, NClusters, d);
            }
        }
        Inertia = best; fitted = true;
        return this;
    }

    public int[] Predict(float[,] x)
    {
        Input.CheckFitted(fitted, "KMeans");
        int n = Input.CheckFeatures(x, Centers.GetLength(1), "KMeans.Predict");
        var data = Input.Flat(x).ToArray();
        var labels = new int[n]; var dist = new float[n];
        Kernels.NearestCenter(data, Kernels.RowSquaredNorms(data, n, Centers.GetLength(1)), n, Input.Flat(Centers).ToArray(), NClusters, Centers.GetLength(1), labels, dist);
        return labels;
    }

    public int[] FitPredict(float[,] x) => Fit(x).Labels;

    /// <summary>Euclidean distance of every sample to every centre (n × NClusters).</summary>
    public float[,] Transform(float[,] x)
    {
        Input.CheckFitted(fitted, "KMeans");
        int n = Input.CheckFeatures(x, Centers.GetLength(1), "KMeans.Transform"), d = Centers.GetLength(1);
        var data = Input.Flat(x).ToArray(); var c = Input.Flat(Centers).ToArray();
        var r = new float[n, NClusters];
        Kernels.SquaredDistanceBlock(data, Kernels.RowSquaredNorms(data, n, d), 0, n, c, Kernels.RowSquaredNorms(c, NClusters, d), 0, NClusters, d, Input.FlatMut(r));
        TensorPrimitives.Sqrt(Input.Flat(r), Input.FlatMut(r));
        return r;
    }

    /// <summary>Minus the inertia of <paramref name="x"/> (higher is better, as scikit-learn's score).</summary>
    public double Score(float[,] x)
    {
        var labels = Predict(x);
        return -ExactInertia(Input.Flat(x).ToArray(), x.GetLength(0), x.GetLength(1), Input.Flat(Centers).ToArray(), labels);
    }

    internal static double MeanVariance(float[] data, int n, int d)
    {
        var mean = new double[d]; var sq = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) { double v = data[i * d + j]; mean[j] += v; sq[j] += v * v; }
        double s = 0;
        for (int j = 0; j < d; j++) { double m = mean[j] / n; s += sq[j] / n - m * m; }
        return s / d;
    }

    /// <summary>Greedy k-means++ (scikit-learn's): each new centre is the best of 2 + ln k candidates
    /// drawn with probability ∝ squared distance to the nearest chosen centre.</summary>
    internal static float[] PlusPlus(float[] data, float[] norms, int n, int d, int k, Random rng)
    {
        var centers = new float[k * d];
        int trials = 2 + (int)Math.Log(k);
        int first = rng.Next(n);
        data.AsSpan(first * d, d).CopyTo(centers);
        var closest = new float[n];
        DistancesTo(data, norms, n, d, first, closest);
        double pot = Sum(closest);
        var cand = new int[trials]; var candDist = new float[trials][];
        for (int c = 1; c < k; c++)
        {
            for (int t = 0; t < trials; t++)
            {
                double r = rng.NextDouble() * pot, acc = 0; int pick = n - 1;
                for (int i = 0; i < n; i++) { acc += closest[i]; if (acc >= r) { pick = i; break; } }
                cand[t] = pick;
                candDist[t] ??= new float[n];
                DistancesTo(data, norms, n, d, pick, candDist[t]);
                TensorPrimitives.Min(candDist[t], closest, candDist[t]);
            }
            int best = 0; double bestPot = double.PositiveInfinity;
            for (int t = 0; t < trials; t++) { double p = Sum(candDist[t]); if (p < bestPot) { bestPot = p; best = t; } }
            candDist[best].CopyTo(closest, 0); pot = bestPot;
            data.AsSpan(cand[best] * d, d).CopyTo(centers.AsSpan(c * d, d));
        }
        return centers;
    }

    static double Sum(float[] v) { double s = 0; foreach (var x in v) s += x; return s; }

    static void DistancesTo(float[] data, float[] norms, int n, int d, int center, float[] output)
    {
        var c = data.AsSpan(center * d, d);
        Parallel.For(0, (n + 4095) / 4096, Input.Parallel, b =>
        {
            int i1 = Math.Min(n, (b + 1) * 4096);
            for (int i = b * 4096; i < i1; i++)
                output[i] = MathF.Max(0, norms[i] + norms[center] - 2 * TensorPrimitives.Dot(data.AsSpan(i * d, d), data.AsSpan(center * d, d)));
        });
    }

    internal static (int[] Labels, double Inertia, int Iterations) Lloyd(float[] data, float[] norms, int n, int d, float[] centers, int k, int maxIter, double tolAbs)
    {
        var labels = new int[n]; var prev = new int[n]; var dist = new float[n];
        int iter = 0;
        for (; iter < maxIter; iter++)
        {
            Kernels.NearestCenter(data, norms, n, centers, k, d, labels, dist);
            if (iter > 0 && labels.AsSpan().SequenceEqual(prev)) break;
            labels.CopyTo(prev, 0);
            var next = UpdateCenters(data, n, d, labels, dist, k, centers);
            double shift = 0;
            for (int i = 0; i < centers.Length; i++) { double e = next[i] - centers[i]; shift += e * e; }
            Array.Copy(next, centers, centers.Length);
            if (shift <= tolAbs) { Kernels.NearestCenter(data, norms, n, centers, k, d, labels, dist); iter++; break; }
        }
        return (labels, ExactInertia(data, n, d, centers, labels), iter);
    }

    /// <summary>Means of the assigned samples; an empty cluster takes the sample farthest from its centre.</summary>
    static float[] UpdateCenters(float[] data, int n, int d, int[] labels, float[] dist, int k, float[] old)
    {
        var sums = new double[k * d]; var counts = new long[k]; object gate = new();
        Parallel.For(0, (n + 4095) / 4096, Input.Parallel, () => (new double[k * d], new long[k]), (b, _, local) =>
        {
            int i1 = Math.Min(n, (b + 1) * 4096);
            for (int i = b * 4096; i < i1; i++)
            {
                int l = labels[i]; local.Item2[l]++;
                var row = data.AsSpan(i * d, d); var s = local.Item1.AsSpan(l * d, d);
                for (int j = 0; j < d; j++) s[j] += row[j];
            }
            return local;
        }, local => { lock (gate) { for (int i = 0; i < sums.Length; i++) sums[i] += local.Item1[i]; for (int c = 0; c < k; c++) counts[c] += local.Item2[c]; } });
        var next = new float[k * d];
        float[]? far = null;
        for (int c = 0; c < k; c++)
        {
            if (counts[c] == 0)
            {
                far ??= (float[])dist.Clone();
                int i = TensorPrimitives.IndexOfMax(far); far[i] = -1;
                data.AsSpan(i * d, d).CopyTo(next.AsSpan(c * d, d));
                continue;
            }
            for (int j = 0; j < d; j++) next[c * d + j] = (float)(sums[c * d + j] / counts[c]);
        }
        return next;
    }

    internal static double ExactInertia(float[] data, int n, int d, float[] centers, int[] labels)
    {
        double total = 0; object gate = new();
        Parallel.For(0, (n + 4095) / 4096, Input.Parallel, b =>
        {
            double s = 0; int i1 = Math.Min(n, (b + 1) * 4096);
            for (int i = b * 4096; i < i1; i++)
            {
                var row = data.AsSpan(i * d, d); var c = centers.AsSpan(labels[i] * d, d);
                for (int j = 0; j < d; j++) { double e = row[j] - c[j]; s += e * e; }
            }
            lock (gate) total += s;
        });
        return total;
    }
}
