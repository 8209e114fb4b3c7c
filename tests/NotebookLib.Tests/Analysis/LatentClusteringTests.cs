using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class LatentClusteringTests
{
    // n points in d dimensions: 6 tight groups around far-apart centres; groups 0 and 1 are the positives.
    static (float[,] X, int[] Labels) Groups(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n, d];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var g = i % 6;
            labels[i] = g < 2 ? 1 : 0;
            for (var j = 0; j < d; j++) x[i, j] = (float)((j == g ? 20 : 0) + rng.NextDouble());
        }
        return (x, labels);
    }

    [Fact]
    public void Each_group_of_rows_gets_its_own_chain_and_the_predictions_are_put_back_together()
    {
        var (x, labels) = Groups(600, 8, 2);
        var groupOf = Enumerable.Range(0, 600).Select(i => i < 300 ? 0 : 1).ToArray();
        var expert = Enumerable.Range(0, 600).Where(i => i % 5 == 0).ToArray();
        var scored = Enumerable.Range(0, 600).Where(i => i % 5 == 1).ToArray();
        var g = new LatentClustering(nNeighbors: 15, maxComponents: 12, seed: 3).FitByGroup(x, groupOf, labels, expert, scored, "halves");
        Assert.Equal([0, 1], g.Groups);
        Assert.Equal([300, 300], g.Rows.Select(r => r.Length));
        Assert.All(g.Results, r => Assert.Equal(300, r.Predicted.Length));
        // Row 301 is the second group's row 1: the prediction there is the second result's.
        Assert.Equal(g.Results[1].Predicted[1], g.Predicted[301]);
        Assert.True(g.Scores!.F1 > 0.9, g.ToString());
        Assert.Equal(2, g.Table.Rows.Count);
        Assert.All(g.Results, r => Assert.Empty(r.Expert.Intersect(r.Scored)));
    }

    [Fact]
    public void Separated_groups_are_found_named_by_the_expert_and_scored_on_other_rows()
    {
        var (x, labels) = Groups(600, 8, 1);
        var expert = Enumerable.Range(0, 600).Where(i => i % 5 == 0).ToArray();
        var scored = Enumerable.Range(0, 600).Where(i => i % 5 == 1).ToArray();
        var r = new LatentClustering(nNeighbors: 15, maxComponents: 12, seed: 3).Fit(x, labels, expert, scored, "groups");
        Assert.True(r.MinimumInside, $"lowest BIC at {r.Components} of 1–{r.MaxComponentsSwept}");
        Assert.True(r.Components >= 6, $"{r.Components} clusters for 6 groups");
        Assert.True(r.Scores!.F1 > 0.9, r.ToString());   // 0.947 after UMAP's power function changed its rounding: 37 clusters for 6 groups, precision 1
        Assert.True(r.KMeansScores!.F1 > 0.9, r.ToString());
        Assert.Equal(600, r.Predicted.Length);
        Assert.Equal(2, r.Embedding.GetLength(1));
        // Recall by group of the positives: the two positive groups, each found.
        var byGroup = r.RecallBy(labels, i => $"group {i % 6}");
        Assert.Equal(["group 0", "group 1"], byGroup.Select(g => g.Group));
        Assert.All(byGroup, g => Assert.True(g.Recall > 0.75, $"{g}"));   // group 1: 16 of 20 since UMAP's rounding change
        Assert.Contains("groups", NotebookLib.Analysis.Formatters.Html(r));
        // Another expert names the same clustering: same clusters, its own naming, scored on its own rows.
        var wider = Enumerable.Range(0, 600).Where(i => i % 5 != 1).ToArray();
        var renamed = new LatentClustering(nNeighbors: 15, maxComponents: 12, seed: 3).Rename(r, labels, wider, scored);
        Assert.Same(r.Clusters, renamed.Clusters);
        Assert.Equal(wider, renamed.Expert);
        Assert.True(renamed.Scores!.F1 > 0.95, renamed.ToString());
        Assert.Throws<ArgumentException>(() => new LatentClustering(seed: 3).Rename(r, labels, wider, expert));
    }

    [Fact]
    public void The_sweep_grows_while_the_lowest_BIC_sits_at_its_end()
    {
        var (x, labels) = Groups(600, 8, 2);
        var r = new LatentClustering(nNeighbors: 15, maxComponents: 3, seed: 3).Fit(x);
        Assert.True(r.MaxComponentsSwept > 3);
        Assert.True(r.MinimumInside, $"lowest BIC at {r.Components} of 1–{r.MaxComponentsSwept}");
        Assert.Null(r.Scores);
        Assert.Empty(r.NamedClusters);
    }

    [Fact]
    public void With_a_margin_the_sweep_reaches_that_far_past_its_lowest_BIC()
    {
        var (x, _) = Groups(600, 8, 2);
        var r = new LatentClustering(nNeighbors: 15, maxComponents: 3, componentLimit: 120, seed: 3) { SweepMargin = 2 }.Fit(x);
        Assert.True(r.MaxComponentsSwept > 2 * r.Components || r.MaxComponentsSwept == 120, $"lowest BIC at {r.Components} of 1–{r.MaxComponentsSwept}");
        // The margin only lengthens the sweep: the counts of the plain sweep are all in it, with the same BIC.
        var plain = new LatentClustering(nNeighbors: 15, maxComponents: 3, componentLimit: 120, seed: 3).Fit(x);
        Assert.True(r.MaxComponentsSwept >= plain.MaxComponentsSwept);
        foreach (var row in plain.Sweep.Rows)
            Assert.Equal(row.Bic, r.Sweep.Rows.Single(o => o.Components == row.Components).Bic, 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatentClustering { SweepMargin = 0.9 });
    }

    [Fact]
    public void Scored_rows_the_expert_saw_are_refused()
    {
        var (x, labels) = Groups(60, 4, 3);
        Assert.Throws<ArgumentException>(() => new LatentClustering(seed: 1).Fit(x, labels, [1, 2, 3], [3, 4, 5]));
        Assert.Throws<ArgumentException>(() => new LatentClustering(seed: 1).Fit(x, labels[..10], [1, 2], [3, 4]));
    }

    [Fact]
    public void The_component_grid_counts_one_by_one_to_10_then_in_steps_of_about_15_percent()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20], LatentClustering.ComponentGrid(20));
        Assert.Equal([21, 24, 28, 32, 37, 40], LatentClustering.ComponentGrid(40, from: 21));
        Assert.Equal([1, 2, 3, 4], LatentClustering.ComponentGrid(4));
    }

    [Fact]
    public void Standardized_columns_have_zero_mean_and_unit_variance()
    {
        var z = LatentClustering.Standardized(new float[,] { { 1, 5 }, { 3, 5 }, { 5, 5 } });
        Assert.Equal([-1.2247449f, 0f, 1.2247449f], new[] { z[0, 0], z[1, 0], z[2, 0] }, (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(0f, z[1, 1]);
    }

    [Fact]
    public void Robust_standardized_columns_match_numpys_median_and_scaled_MAD()
    {
        // column 0: a Gaussian bulk with a few far-out rows; column 1: mostly one value (MAD 0, falls back to the std);
        // column 2: constant; 41 rows, then 40 (odd and even medians)
        var rng = new Random(21);
        foreach (var n in new[] { 41, 40 })
        {
            var x = new float[n, 3];
            for (var i = 0; i < n; i++)
            {
                x[i, 0] = i < 4 ? 50f + i : Synthetic.Gauss(rng);
                x[i, 1] = i < n / 4 ? (float)rng.NextDouble() : 2f;
                x[i, 2] = 7f;
            }
            var z = LatentClustering.RobustStandardized(x);
            var np = Oracle.Run("""
                x = np.array(inp["x"], dtype=np.float64)
                med = np.median(x, axis=0)
                mad = 1.4826 * np.median(np.abs(x - med), axis=0)
                scale = np.where(mad > 0, mad, x.std(axis=0))
                out = np.where(scale > 0, (x - med) / np.where(scale > 0, scale, 1), 0)
                """, new { x = Oracle.Rows(x) });
            Oracle.Close(np.AsArray().SelectMany(row => Oracle.Doubles(row!)).ToArray(), z.Cast<float>().Select(v => (double)v).ToArray(), 4);
            // the bulk keeps about unit spread, and the far rows stand out more than after standardising (their std inflates)
            var bulk = Enumerable.Range(4, n - 4).Select(i => (double)z[i, 0]).ToArray();
            var standardized = LatentClustering.Standardized(x);
            Assert.InRange(Math.Sqrt(bulk.Average(v => v * v)), 0.6, 1.6);
            Assert.True(z[0, 0] > 3 * standardized[0, 0], $"far row at {z[0, 0]} robust, {standardized[0, 0]} standardised");
        }
    }

    [Fact]
    public void Best_F1_naming_takes_the_purest_clusters_while_the_F1_grows()
    {
        // cluster 0: 4 of 4 positive; cluster 1: 2 of 4; cluster 2: 0 of 4; cluster 3: 1 of 8.
        int[] clusters = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3];
        int[] truth = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
        // {0}: F1 = 8/11 = 0.727; {0,1}: 12/15 = 0.8; {0,1,3}: 14/23 = 0.61.
        Assert.Equal([0, 1], ClusterLabelling.BestF1Clusters(clusters, truth));
        // Only the first 8 samples labelled: {0}: F1 = 8/10, {0,1}: 12/14.
        Assert.Equal([0, 1], ClusterLabelling.BestF1Clusters(clusters, truth, indices: Enumerable.Range(0, 8).ToArray()));
        Assert.Empty(ClusterLabelling.BestF1Clusters(clusters, new int[20]));
    }
}
