using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class SpectralAndSomTests
{
    static (float[,] X, int[] Labels) Rings(int n, int seed)
    {
        var rng = new Random(seed); var x = new float[n, 2]; var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 2; double r = y[i] == 0 ? 1 : 4, t = rng.NextDouble() * 2 * Math.PI;
            x[i, 0] = (float)(r * Math.Cos(t) + 0.1 * Synthetic.Gauss(rng)); x[i, 1] = (float)(r * Math.Sin(t) + 0.1 * Synthetic.Gauss(rng));
        }
        return (x, y);
    }

    [Fact]
    public void Spectral_clustering_separates_rings_that_kmeans_cannot()
    {
        var (x, truth) = Rings(300, 1);
        var sc = new SpectralClustering(2, Affinity.NearestNeighbors, seed: 1).Fit(x);
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, sc.Labels), 12);
        Assert.True(Metrics.AdjustedRandIndex(truth, new KMeans(2, seed: 1).Fit(x).Labels) < 0.5);
    }

    [Fact]
    public void Spectral_clustering_of_thousands_of_samples_separates_the_rings()
    {
        // long rings have eigenvalues crowding the leading ones: iterative eigensolvers stall here
        var (x, truth) = Rings(2400, 3);
        var sc = new SpectralClustering(2, Affinity.NearestNeighbors, seed: 1).Fit(x);
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, sc.Labels), 12);
        Assert.Equal(2400, sc.Embedding.GetLength(0));
    }

    [Fact]
    public void Spectral_clustering_from_a_precomputed_cosine_affinity_agrees_with_scikit_learn()
    {
        // descriptors that differ by direction (as ResNet features of different frame types)
        var (b, truth) = Synthetic.Blobs(150, 8, 3, seed: 21, spread: 1f, separation: 5f);
        var aff = SpectralClustering.Cosine(b);
        var ours = new SpectralClustering(3, Affinity.Precomputed, seed: 2).Fit(aff).Labels;
        var o = Oracle.Run("""
            from sklearn.cluster import SpectralClustering
            A = np.array(inp['a'], dtype=np.float64)
            out = dict(l=SpectralClustering(3, affinity='precomputed', random_state=0).fit(A).labels_)
            """, new { a = Oracle.Rows(aff) });
        var theirs = o["l"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(theirs, ours), 12);
        Assert.Equal(Metrics.AdjustedRandIndex(truth, theirs), Metrics.AdjustedRandIndex(truth, ours), 12);
        var e = Assert.Throws<ArgumentException>(() => new SpectralClustering(2, Affinity.Precomputed).Fit(new float[4, 3]));
        Assert.Contains("square", e.Message);
    }

    [Fact]
    public void Som_orders_a_plane_and_separates_blobs()
    {
        var rng = new Random(5); var x = new float[1500, 2];
        for (int i = 0; i < 1500; i++) { x[i, 0] = (float)rng.NextDouble(); x[i, 1] = (float)rng.NextDouble(); }
        var som = new SelfOrganizingMap(8, 8, nEpochs: 25, seed: 1, progress: false).Fit(x);
        Assert.True(som.TopographicError < 0.05, $"topographic error {som.TopographicError}");
        // an ideal 8×8 lattice on the unit square has mean distance ≈ 0.38/8 ≈ 0.048 to the nearest unit
        Assert.True(som.QuantizationError < 0.07, $"quantization error {som.QuantizationError}");
        var (b, truth) = Synthetic.Blobs(300, 6, 3, seed: 22, spread: 0.5f, separation: 8f);
        var s2 = new SelfOrganizingMap(6, 6, seed: 1, progress: false).Fit(b);
        var units = s2.Predict(b);
        // no unit is shared by two blobs
        Assert.All(units.Distinct(), u => Assert.Single(truth.Where((_, i) => units[i] == u).Distinct()));
        Assert.Equal(6, s2.UMatrix().GetLength(0));
    }
}
