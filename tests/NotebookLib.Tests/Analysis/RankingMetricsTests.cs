using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class RankingMetricsTests
{
    [Fact]
    public void Precision_at_k_counts_the_neighbours_of_the_querys_own_kind()
    {
        // Two tight groups on a line; each sample's 2 nearest others are its own group's.
        float[,] x = { { 0 }, { 0.1f }, { 0.2f }, { 10 }, { 10.1f }, { 10.2f } };
        var nn = new NearestNeighbors(2).Fit(x).Kneighbors();
        Assert.All(Metrics.PrecisionAtK(nn, new[] { "a", "a", "a", "b", "b", "b" }, 2), p => Assert.Equal(1.0, p));
        var mixed = Metrics.PrecisionAtK(nn, new[] { "a", "a", "b", "b", "b", "b" }, 2);
        Assert.Equal([0.5, 0.5, 0.0, 1.0, 1.0, 1.0], mixed);
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.PrecisionAtK(nn, new[] { "a", "a", "a", "b", "b", "b" }, 3));
    }

    [Fact]
    public void Precision_at_top_is_the_share_of_positives_among_the_highest_scores()
    {
        double[] scores = [0.9, 0.1, 0.8, 0.7, 0.2];
        bool[] truth = [true, false, false, true, true];
        Assert.Equal(1.0, Metrics.PrecisionAtTop(scores, truth, 1));
        Assert.Equal(2 / 3.0, Metrics.PrecisionAtTop(scores, truth, 3), 12);
        Assert.Equal(0.6, Metrics.PrecisionAtTop(scores, truth, 5), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.PrecisionAtTop(scores, truth, 6));
    }

    [Fact]
    public void Pearson_and_spearman_agree_with_scipy()
    {
        var rng = new Random(3);
        var a = Enumerable.Range(0, 40).Select(_ => rng.NextDouble()).ToArray();
        var b = a.Select(v => Math.Exp(3 * v) + 0.3 * rng.NextDouble()).ToArray();
        b[5] = b[6];   // a tie
        var o = Oracle.Run("from scipy import stats\nout = [stats.pearsonr(inp['a'], inp['b'])[0], stats.spearmanr(inp['a'], inp['b'])[0]]", new { a, b });
        Assert.Equal(o[0]!.GetValue<double>(), Metrics.Pearson(a, b), 10);
        Assert.Equal(o[1]!.GetValue<double>(), Metrics.Spearman(a, b), 10);
        Assert.Equal(1.0, Metrics.Spearman([1, 2, 3, 4], [1, 10, 100, 1000]), 12);
        Assert.True(double.IsNaN(Metrics.Pearson([1, 1, 1], [1, 2, 3])));
    }
}
