using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>The k nearest neighbours of each query: Indices[i, q] into the fitted samples and
/// Distances[i, q], nearest first.</summary>
public sealed record Neighbors(int[,] Indices, float[,] Distances);

/// <summary>
/// Exact k-nearest-neighbour search by euclidean or cosine distance (similarity ranking of latent
/// vectors), shaped like scikit-learn's NearestNeighbors: on the CPU in tiles of scores from BLAS products
/// (no libtorch loaded), on a GPU <c>device</c> in row blocks of distances on lib/Torch. Kneighbors() without a
/// query excludes each sample itself, as scikit-learn does.
/// </summary>
public sealed class NearestNeighbors(int nNeighbors = 5, Metric metric = Metric.Euclidean, Device? device = null)
{
    /// <summary>Where the matrix work runs.</summary>
    public Device Device { get; } = Device.Resolve(device);
    public int NNeighbors { get; } = nNeighbors > 0 ? nNeighbors : throw new ArgumentOutOfRangeException(nameof(nNeighbors), nNeighbors, "nNeighbors must be positive");
    public Metric Metric { get; } = metric;
    // euclidean: the caller's array itself; cosine: its rows scaled to unit length (a copy)
    float[,]? fitted; float[]? normalized; int n, d;

    /// <summary>Keeps the samples to search. With the euclidean metric the model holds a reference to
    /// <paramref name="x"/>, not a copy (as scikit-learn's brute-force NearestNeighbors does): changing
    /// <paramref name="x"/> afterwards changes the fitted model. The cosine metric keeps a normalised copy.</summary>
    public NearestNeighbors Fit(float[,] x)
    {
        (n, d) = Input.Check(x, "NearestNeighbors");
        fitted = Metric == Metric.Cosine ? null : x;
        normalized = Metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(x), n, d) : null;
        return this;
    }

    ReadOnlySpan<float> Data => normalized ?? Input.Flat(fitted!);

    public int NSamplesFit => n;

    /// <summary>Neighbours of <paramref name="query"/> among the fitted samples, or of each fitted
    /// sample among the others when <paramref name="query"/> is null.</summary>
    public Neighbors Kneighbors(float[,]? query = null, int? nNeighbors = null)
    {
        Input.CheckFitted(fitted is not null || normalized is not null, "NearestNeighbors");
        int k = nNeighbors ?? NNeighbors;
        bool self = query is null;
        int available = self ? n - 1 : n;
        if (k > available) throw new ArgumentException($"NearestNeighbors: {k} neighbours asked but only {available} samples are available (n = {n})");
        ReadOnlySpan<float> q; int nq;
        if (self) { q = Data; nq = n; }
        else
        {
            nq = Input.CheckFeatures(query!, d, "NearestNeighbors.Kneighbors", "query");
            q = Metric == Metric.Cosine ? Kernels.NormalizeRows(Input.Flat(query!), nq, d) : Input.Flat(query!);
        }
        var (idx, d2) = Kernels.KNearest(q, nq, Data, n, d, k, self, Device);
        var indices = new int[nq, k]; var dist = new float[nq, k];
        for (int i = 0; i < nq; i++)
            for (int j = 0; j < k; j++)
            {
                indices[i, j] = idx[i * k + j];
                float s = d2[i * k + j];
                // for unit vectors ‖a − b‖² = 2 − 2 cos θ, so the cosine distance is half of it
                dist[i, j] = Metric == Metric.Cosine ? s / 2 : MathF.Sqrt(s);
            }
        return new Neighbors(indices, dist);
    }
}
