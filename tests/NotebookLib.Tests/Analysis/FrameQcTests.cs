using NotebookLib.Analysis;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Analysis;

public class FrameQcTests
{
    [Fact]
    public void Robust_deviations_are_distances_from_the_cohort_median_in_units_of_the_groups_mad()
    {
        // One group, two cohorts (years) whose levels differ: the drift between them is not a deviation.
        double[,] x = { { 10 }, { 11 }, { 12 }, { 20 }, { 21 }, { 22 }, { 40 } };
        string[] groups = ["a", "a", "a", "a", "a", "a", "a"];
        string[] cohorts = ["y1", "y1", "y1", "y2", "y2", "y2", "y2"];
        var z = GroupOutliers.RobustDeviations(x, groups, cohorts);
        // Cohort medians 11 and 21.5; deviations -1, 0, 1, -1.5, -0.5, 0.5, 18.5; MAD of |dev| = median(1, 0, 1, 1.5, 0.5, 0.5, 18.5) = 1.
        var scale = 1.4826;
        double[] expected = [1 / scale, 0, 1 / scale, 1.5 / scale, 0.5 / scale, 0.5 / scale, 18.5 / scale];
        for (var i = 0; i < 7; i++) Assert.Equal(expected[i], z[i, 0], 10);
        // A floor above the MAD sets the scale instead.
        Assert.Equal(18.5 / 10, GroupOutliers.RobustDeviations(x, groups, cohorts, [10.0])[6, 0], 10);
        Assert.Equal(expected.Select(v => (float)v), GroupOutliers.MaxRobustDeviation(x, groups, cohorts));
        Assert.Throws<ArgumentException>(() => GroupOutliers.RobustDeviations(x, groups.Take(3).ToArray()));
    }

    [Fact]
    public void Frame_qc_scores_a_defective_frame_by_the_statistic_it_breaks()
    {
        var rng = new Random(7);
        Image Frame(bool lostRows)
        {
            var p = new float[48 * 64];
            for (var i = 0; i < p.Length; i++) p[i] = MathF.Round(180 + 3 * (float)(rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2);
            if (lostRows) Array.Fill(p, 0f, 5 * 48, 6 * 48);
            return new Image(48, 64, p);
        }
        var images = Enumerable.Range(0, 12).Select(i => Frame(lostRows: i == 4)).ToList();
        var stats = images.Select(i => FrameStatistics.Measure(i)).ToList();
        var groups = Enumerable.Repeat("bias", 12).ToList();
        var distances = Enumerable.Range(0, 12).Select(i => 0.01f + 0.001f * (i % 3)).ToArray();
        var qc = FrameQc.Score(stats, distances, groups);
        Assert.Equal(4, Array.IndexOf(qc.Scores, qc.Scores.Max()));
        Assert.Equal("zero fraction", qc.Cause[4]);
        Assert.True(qc.Scores[4] > 10 * qc.Scores.Where((_, i) => i != 4).Max(), string.Join(", ", qc.Scores));
        Assert.Equal([.. FrameStatistics.Names, FrameQc.DescriptorFeature], qc.Features);
        var table = qc.Table(Enumerable.Range(0, 12).Select(i => $"f{i}").ToList());
        Assert.Equal(["frame", "score", "cause", .. qc.Features], table.Columns.Select(c => c.Name));
        Assert.Equal(12, FrameQc.Score(null, distances, groups).Scores.Length);
        Assert.Throws<ArgumentException>(() => FrameQc.Score(null, null, groups));
    }

    [Fact]
    public void Threshold_and_flagged_tables_are_dataframes_of_the_records()
    {
        float[] s = [0.1f, 0.2f, 0.9f, 0.1f, 0.8f, 0.3f];
        int[] bad = [0, 0, 1, 0, 1, 0];
        string[] g = ["a", "a", "a", "b", "b", "b"];
        var t = GroupOutliers.Thresholds(s, bad, g);
        var table = GroupOutliers.Table(t);
        Assert.Equal(["group", "samples", "bad", "threshold", "precision", "recall", "F1"], table.Columns.Select(c => c.Name));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(1.0, (double)table["F1"][0]!);
        Assert.Equal((1.0, 1.0, 1.0), GroupOutliers.Average(t));
        var flagged = GroupOutliers.FlaggedBy(["ok", "ok", "x", "ok", "x", "y"], GroupOutliers.Predict(s, g, t), [0, 1, 2, 3, 4, 5]);
        Assert.Equal(["ok", "x", "y"], flagged["label"].Cast<string>());
        Assert.Equal([0, 2, 0], flagged["flagged"].Cast<int>());
    }

    [Fact]
    public void A_shared_threshold_is_one_threshold_that_maximises_the_mean_f1_over_groups()
    {
        // Two groups in the same units: bad samples score 9–12, good ones 0–3, one good outlier at 5 in group b.
        float[] s = [1, 2, 3, 10, 12, 0, 1, 5, 9, 11];
        int[] bad = [0, 0, 0, 1, 1, 0, 0, 0, 1, 1];
        string[] g = ["a", "a", "a", "a", "a", "b", "b", "b", "b", "b"];
        var t = GroupOutliers.Thresholds(s, bad, g, shared: true);
        Assert.Equal(2, t.Count);
        Assert.All(t, x => Assert.Equal(7.0, x.Threshold));   // halfway between the good 5 and the bad 9
        Assert.All(t, x => Assert.Equal(1.0, x.F1));
        // Fitted on group a's samples only, evaluated on group b's.
        var fitA = GroupOutliers.Thresholds(s, bad, g, fit: [0, 1, 2, 3, 4], evaluate: [5, 6, 7, 8, 9], shared: true);
        Assert.Equal(6.5, fitA.Single().Threshold);
        Assert.Equal("b", fitA.Single().Group);
    }
}
