using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class EmbeddingTests
{
    [Fact]
    public void Tsne_keeps_neighbourhoods_of_blobs()
    {
        var (x, truth) = Synthetic.Blobs(400, 10, 4, seed: 12, spread: 1f, separation: 6f);
        var tsne = new TSNE(perplexity: 20, nIter: 500, seed: 1, progress: false);
        var y = tsne.FitTransform(x);
        Assert.Equal(400, y.GetLength(0)); Assert.Equal(2, y.GetLength(1));
        double t = Metrics.Trustworthiness(x, y, 5);
        Assert.True(t >= 0.9, $"trustworthiness {t}");
        // the clusters stay apart: k-means on the 2-D map finds the blobs
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, new KMeans(4, seed: 1).Fit(y).Labels), 6);
        Assert.True(double.IsFinite(tsne.KlDivergence) && tsne.KlDivergence > 0);
    }

    [Fact]
    public void Trustworthiness_equals_scikit_learn()
    {
        var (x, _) = Synthetic.Blobs(120, 6, 3, seed: 13, spread: 3f, separation: 3f);
        var y = new float[120, 2]; for (int i = 0; i < 120; i++) { y[i, 0] = x[i, 0]; y[i, 1] = x[i, 3]; }
        var o = Oracle.Run("""
            from sklearn.manifold import trustworthiness
            X, Y = np.array(inp['x'], dtype=np.float64), np.array(inp['y'], dtype=np.float64)
            out = dict(t5=trustworthiness(X, Y, n_neighbors=5), t10=trustworthiness(X, Y, n_neighbors=10))
            """, new { x = Oracle.Rows(x), y = Oracle.Rows(y) });
        Assert.Equal(o["t5"]!.GetValue<double>(), Metrics.Trustworthiness(x, y, 5), 9);
        Assert.Equal(o["t10"]!.GetValue<double>(), Metrics.Trustworthiness(x, y, 10), 9);
    }
}
