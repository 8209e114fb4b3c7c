using System.Numerics.Tensors;

namespace NotebookLib.Analysis;

/// <summary>How SpectralClustering turns samples into an affinity matrix.</summary>
public enum Affinity
{
    /// <summary>The matrix passed to Fit is already the n×n affinity.</summary>
    Precomputed,
    /// <summary>max(0, cos θ) between samples, as for ResNet descriptors in talk 001.</summary>
    Cosine,
    /// <summary>exp(−γ‖xᵢ − xⱼ‖²).</summary>
    Rbf,
    /// <summary>Symmetrised k-nearest-neighbour connectivity ½(A + Aᵀ).</summary>
    NearestNeighbors,
}

/// <summary>
/// Spectral clustering, shaped like scikit-learn's SpectralClustering: the leading eigenvectors of
/// the normalised affinity D^−½ A D^−½ (the smallest of the normalised Laplacian), rescaled by D^−½,
/// then k-means on those rows.
/// </summary>
public sealed class SpectralClustering(int nClusters = 8, Affinity affinity = Affinity.Rbf, double gamma = 1.0, int nNeighbors = 10, int nInit = 10, int? seed = null)
{
    public int NClusters { get; } = nClusters >= 2 ? nClusters : throw new ArgumentOutOfRangeException(nameof(nClusters), nClusters, "spectral clustering needs at least 2 clusters");
    public Affinity Affinity { get; } = affinity;
    public double Gamma { get; } = gamma;
    public int NNeighbors { get; } = nNeighbors;
    public int NInit { get; } = nInit;
    public int Seed { get; } = seed ?? NotebookLib.Configuration.EnvironmentSettings.Current.Seed;

    public int[] Labels { get; private set; } = [];
    /// <summary>The spectral embedding the labels come from, n × NClusters.</summary>
    public float[,] Embedding { get; private set; } = new float[0, 0];
    /// <summary>The affinity matrix used (n × n).</summary>
    public float[,] AffinityMatrix { get; private set; } = new float[0, 0];

    public int[] FitPredict(float[,] x) => Fit(x).Labels;

    /// <summary>Clusters the samples of <paramref name="x"/>, or with <see cref="Affinity.Precomputed"/>
    /// the symmetric non-negative affinity matrix <paramref name="x"/> itself.</summary>
    public SpectralClustering Fit(float[,] x)
    {
        var (n, d) = Input.Check(x, "SpectralClustering", 2);
        if (n <= NClusters) throw new ArgumentException($"SpectralClustering: {n} samples but nClusters = {NClusters}; there must be more samples than clusters");
        var a = Affinity switch
        {
            Affinity.Precomputed => CheckAffinity(x),
            Affinity.Cosine => Cosine(x),
            Affinity.Rbf => Rbf(x, Gamma),
            _ => Knn(x, NNeighbors),
        };
        AffinityMatrix = a;
        var flat = Input.Flat(a).ToArray();
        var deg = new double[n];
        for (int i = 0; i < n; i++) deg[i] = TensorPrimitives.Sum(flat.AsSpan(i * n, n));
        if (deg.Any(v => v <= 0)) throw new ArgumentException($"SpectralClustering: sample {Array.FindIndex(deg, v => v <= 0)} has no affinity to any other sample; the graph is not usable");
        var inv = deg.Select(v => 1 / Math.Sqrt(v)).ToArray();
        int p = Math.Min(n, NClusters + 4);
        var vecs = Eigen.TopSubspace(n, p, (v, o) =>
        {
            var fv = new float[n]; for (int i = 0; i < n; i++) fv[i] = (float)(inv[i] * v[i]);
            Parallel.For(0, n, Input.Parallel, i => o[i] = 0.5 * (v[i] + inv[i] * TensorPrimitives.Dot(flat.AsSpan(i * n, n), fv)));
        }, Seed, iterations: 1000);
        var emb = new float[n, NClusters];
        for (int c = 0; c < NClusters; c++)
        {
            var v = vecs[c];
            // sign fixed as scikit-learn's _deterministic_vector_sign_flip, for reproducible embeddings
            int arg = 0; for (int i = 1; i < n; i++) if (Math.Abs(v[i]) > Math.Abs(v[arg])) arg = i;
            double s = v[arg] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) emb[i, c] = (float)(s * v[i] * inv[i]);
        }
        Embedding = emb;
        Labels = new KMeans(NClusters, NInit, seed: Seed).Fit(emb).Labels;
        return this;
    }

    static float[,] CheckAffinity(float[,] a)
    {
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException($"SpectralClustering: a precomputed affinity must be square, not {n}×{a.GetLength(1)}");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (a[i, j] < 0) throw new ArgumentException($"SpectralClustering: affinity[{i}, {j}] = {a[i, j]} is negative; affinities must be ≥ 0");
                if (Math.Abs(a[i, j] - a[j, i]) > 1e-5 * (1 + Math.Abs(a[i, j]))) throw new ArgumentException($"SpectralClustering: the affinity is not symmetric at [{i}, {j}] ({a[i, j]} vs {a[j, i]})");
            }
        return a;
    }

    /// <summary>max(0, cos θ) between all samples (the cosine affinity of talk 001).</summary>
    public static float[,] Cosine(float[,] x)
    {
        var dist = PairwiseDistances.Compute(x, Metric.Cosine);
        var f = Input.FlatMut(dist);
        for (int i = 0; i < f.Length; i++) f[i] = MathF.Max(0, 1 - f[i]);
        return dist;
    }

    public static float[,] Rbf(float[,] x, double gamma)
    {
        var dist = PairwiseDistances.Compute(x, Metric.Euclidean);
        var f = Input.FlatMut(dist);
        for (int i = 0; i < f.Length; i++) f[i] = (float)Math.Exp(-gamma * f[i] * f[i]);
        return dist;
    }

    static float[,] Knn(float[,] x, int k)
    {
        int n = x.GetLength(0);
        // scikit-learn's kneighbors_graph(include_self=True): the point counts as its own neighbour
        var nn = new NearestNeighbors(Math.Min(k - 1, n - 1)).Fit(x).Kneighbors();
        var a = new float[n, n];
        for (int i = 0; i < n; i++)
        {
            a[i, i] += 1;
            for (int q = 0; q < nn.Indices.GetLength(1); q++) { int j = nn.Indices[i, q]; a[i, j] += 0.5f; a[j, i] += 0.5f; }
        }
        return a;
    }
}
