using NotebookLib.Torch;

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
/// then k-means on those rows. The affinity, the normalisation and the eigenvectors are matrix work
/// on lib/Torch, on <c>device</c> (a GPU when there is one).
/// </summary>
public sealed class SpectralClustering(int nClusters = 8, Affinity affinity = Affinity.Rbf, double gamma = 1.0, int nNeighbors = 10, int nInit = 10, int? seed = null, Device? device = null)
{
    public int NClusters { get; } = nClusters >= 2 ? nClusters : throw new ArgumentOutOfRangeException(nameof(nClusters), nClusters, "spectral clustering needs at least 2 clusters");
    public Affinity Affinity { get; } = affinity;
    public double Gamma { get; } = gamma;
    public int NNeighbors { get; } = nNeighbors;
    public int NInit { get; } = nInit;
    public int Seed { get; } = NotebookLib.Configuration.Seeds.Resolve(seed);
    /// <summary>Where the matrix work runs.</summary>
    public Device Device { get; } = Device.Resolve(device);

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
        using var scope = torch.NewDisposeScope();
        var a = Affinity switch
        {
            Affinity.Precomputed => Kernels.Upload(CheckAffinity(x), Device),
            Affinity.Cosine => CosineAffinity(Kernels.Upload(x, Device)),
            Affinity.Rbf => RbfAffinity(Kernels.Upload(x, Device), Gamma),
            _ => Kernels.Upload(Knn(x, NNeighbors), Device),
        };
        AffinityMatrix = Kernels.Download(a);
        var a64 = a.to(ScalarType.Float64);
        var deg = a64.sum(1);
        var degHost = deg.data<double>();
        if (degHost.Any(v => v <= 0)) throw new ArgumentException($"SpectralClustering: sample {Array.FindIndex(degHost, v => v <= 0)} has no affinity to any other sample; the graph is not usable");
        var inv = deg.rsqrt();
        var normalized = a64 * inv.unsqueeze(1) * inv.unsqueeze(0);     // D^−½ A D^−½
        var vectors = Leading(normalized, NClusters).data<double>();   // n × NClusters
        var invHost = inv.data<double>();
        var emb = new float[n, NClusters];
        for (int c = 0; c < NClusters; c++)
        {
            // sign fixed as scikit-learn's _deterministic_vector_sign_flip, for reproducible embeddings
            int arg = 0; for (int i = 1; i < n; i++) if (Math.Abs(vectors[i * NClusters + c]) > Math.Abs(vectors[arg * NClusters + c])) arg = i;
            double s = vectors[arg * NClusters + c] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) emb[i, c] = (float)(s * vectors[i * NClusters + c] * invHost[i]);
        }
        Embedding = emb;
        Labels = new KMeans(NClusters, NInit, seed: Seed, device: Device).Fit(emb).Labels;
        return this;
    }

    /// <summary>The <paramref name="count"/> eigenvectors of the symmetric m with the largest
    /// eigenvalues, as the columns of an n × count float64 tensor. A full decomposition (O(n³), seconds
    /// for a few thousand samples, the size of a dense affinity): iterative solvers stall on the
    /// near-degenerate spectra of well-separated clusters (two rings of 2,400 points: ARI 0.05 after
    /// 1,000 subspace iterations).</summary>
    static Tensor Leading(Tensor m, int count)
    {
        long n = m.size(0);
        var (_, vecs) = torch.linalg.eigh(m);                              // ascending
        return vecs.narrow(1, n - count, count).flip(1).contiguous();
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
        Input.Check(x, "SpectralClustering.Cosine");
        using var scope = torch.NewDisposeScope();
        return Kernels.Download(CosineAffinity(Kernels.Upload(x, Device.Default)));
    }

    /// <summary>exp(−γ‖xᵢ − xⱼ‖²) between all samples.</summary>
    public static float[,] Rbf(float[,] x, double gamma)
    {
        Input.Check(x, "SpectralClustering.Rbf");
        using var scope = torch.NewDisposeScope();
        return Kernels.Download(RbfAffinity(Kernels.Upload(x, Device.Default), gamma));
    }

    static Tensor CosineAffinity(Tensor x)
    {
        // a zero row has no direction: it is given no affinity but to itself
        var norms = x.square().sum(1, keepdim: true).sqrt();
        var unit = x / norms.clamp(1e-30);
        return WithUnitDiagonal(unit.mm(unit.t()).clamp(0, 1));
    }

    static Tensor RbfAffinity(Tensor x, double gamma)
    {
        var sq = Kernels.SquaredNorms(x);
        return WithUnitDiagonal((Kernels.SquaredDistances(x, sq, x, sq) * -gamma).exp());
    }

    static Tensor WithUnitDiagonal(Tensor a)
    {
        var rows = torch.arange(a.size(0), device: a.device);
        a.index_put_([rows, rows], torch.tensor(1.0, ScalarType.Float32, a.device));
        return a;
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
