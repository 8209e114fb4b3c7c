using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class GroupOutliersTests
{
    [Fact]
    public void Per_class_scores_equal_scikit_learns_classification_report()
    {
        var rng = new Random(5);
        string[] names = ["arc", "bias", "flat"];
        var t = Enumerable.Range(0, 300).Select(_ => names[rng.Next(3)]).ToList();
        var p = t.Select(c => rng.NextDouble() < 0.8 ? c : names[rng.Next(3)]).ToList();
        var o = Oracle.Run("""
            from sklearn.metrics import precision_recall_fscore_support as prf
            p, r, f, s = prf(inp['t'], inp['p'], labels=['arc', 'bias', 'flat'], zero_division=0)
            out = dict(p=p, r=r, f=f, s=s)
            """, new { t, p });
        var mine = Metrics.PerClass(t, p);
        Assert.Equal(names, mine.Select(s => s.Class));
        Oracle.Close(Oracle.Doubles(o["p"]!), mine.Select(s => s.Precision).ToArray(), 12);
        Oracle.Close(Oracle.Doubles(o["r"]!), mine.Select(s => s.Recall).ToArray(), 12);
        Oracle.Close(Oracle.Doubles(o["f"]!), mine.Select(s => s.F1).ToArray(), 12);
        Assert.Equal(Oracle.Doubles(o["s"]!), mine.Select(s => (double)s.Support).ToArray());
    }

    [Fact]
    public void Majority_labels_name_each_cluster_after_its_most_common_class()
    {
        int[] clusters = [0, 0, 0, 1, 1, 2, 2, 2];
        int[] truth = [5, 5, 3, 3, 3, 7, 5, 7];
        Assert.Equal([5, 5, 5, 3, 3, 7, 7, 7], ClusterLabelling.MajorityLabels(clusters, truth));
        // Named from a labelled subset only: cluster 1 has no labelled member.
        Assert.Equal([5, 5, 5, -1, -1, 5, 5, 5], ClusterLabelling.MajorityLabels(clusters, truth, [0, 1, 6]));
    }

    [Fact]
    public void Distances_to_the_group_centre_find_the_odd_rows_and_thresholds_maximise_f1()
    {
        // Two groups pointing along different axes; a few rows of each point elsewhere (the bad ones).
        var rng = new Random(2);
        var n = 200;
        var x = new float[n, 8];
        var groups = new string[n];
        var bad = new int[n];
        for (var i = 0; i < n; i++)
        {
            groups[i] = i % 2 == 0 ? "A" : "B";
            bad[i] = i % 10 < 2 ? 1 : 0;
            var axis = bad[i] == 1 ? 5 + rng.Next(3) : groups[i] == "A" ? 0 : 1;
            for (var j = 0; j < 8; j++) x[i, j] = (float)(0.05 * rng.NextDouble());
            x[i, axis] += 3f + (float)rng.NextDouble();
        }
        var s = GroupOutliers.CentroidDistances(x, groups);
        Assert.True(Enumerable.Range(0, n).Where(i => bad[i] == 0).Max(i => s[i]) < Enumerable.Range(0, n).Where(i => bad[i] == 1).Min(i => s[i]));
        Assert.All(s, v => Assert.InRange(v, 0f, 2f));
        var fit = Enumerable.Range(0, n).Where(i => i < n / 2).ToArray();
        var evaluate = Enumerable.Range(0, n).Where(i => i >= n / 2).ToArray();
        var t = GroupOutliers.Thresholds(s, bad, groups, fit, evaluate);
        Assert.Equal(["A", "B"], t.Select(g => g.Group));
        Assert.All(t, g => Assert.Equal(1.0, g.F1));
        Assert.All(t, g => Assert.Equal(50, g.Samples));
        Assert.Equal(bad, GroupOutliers.Predict(s, groups, t));
        // A group with no bad fitting row gets a threshold above all its scores: it flags nothing.
        var none = GroupOutliers.Thresholds(s, new int[n], groups);
        Assert.All(GroupOutliers.Predict(s, groups, none), p => Assert.Equal(0, p));
        Assert.Throws<ArgumentException>(() => GroupOutliers.CentroidDistances(x, groups.Take(5).ToArray()));
    }

    [Fact]
    public void Grouped_clustering_recovers_types_within_each_group_and_tabulates_f1_by_key()
    {
        var (x, labels) = Synthetic.Blobs(240, 6, 3, seed: 4);
        var groups = Enumerable.Range(0, 240).Select(i => i % 2 == 0 ? "left" : "right").ToList();
        var truth = labels.Select(l => $"type{l}").ToList();
        foreach (var a in Enum.GetValues<ClusteringAlgorithm>())
        {
            var p = GroupedClustering.Predict(x, groups, truth, 3, a, seed: 1);
            Assert.All(Metrics.PerClass(truth, p), s => Assert.Equal(1.0, s.F1));
        }
        var wrong = truth.Select((t, i) => i < 20 ? "type9" : t).ToList();
        var table = GroupedClustering.F1By(truth, wrong, Enumerable.Range(0, 240).Select(i => i < 120 ? 2018 : 2019).ToList(), "year");
        Assert.Equal(["year", "n", "type0", "type1", "type2", "worst", "mean"], table.Columns.Select(c => c.Name));
        Assert.Equal(1.0, (double)table["type0"][1]!);
        Assert.True((double)table["type0"][0]! < 1.0);
        Assert.Equal(new[] { (double)table["type0"][0]!, (double)table["type1"][0]!, (double)table["type2"][0]! }.Min(), (double)table["worst"][0]!);
        Assert.Equal(1.0, (double)table["worst"][1]!);
        // The score of a grouped clustering, and the per-class table of several predictions.
        var score = GroupedClustering.Score(x, groups, truth, 3, ClusteringAlgorithm.KMeans, seed: 1);
        Assert.Equal((1.0, 1.0), (score.MeanF1, score.WorstF1));
        Assert.Equal(1.0, score.Ari, 10);
        var perClass = GroupedClustering.PerClass(truth, [("right", truth), ("wrong", wrong)]);
        Assert.Equal(7, perClass.Rows.Count);   // 3 classes right, 3 + the wrong "type9" wrong
        Assert.Equal(["algorithm", "type", "support", "precision", "recall", "F1"], perClass.Columns.Select(c => c.Name));
        Assert.Equal(1.0, (double)perClass["F1"][0]!);
        Assert.True((double)perClass["F1"][3]! < 1.0);
        var confusion = Metrics.ConfusionMatrix([0, 0, 1, 1], [0, 1, 1, 1], [0, 1], ["a", "b"]).PerClassAccuracy();
        Assert.Equal([0.5, 1.0], confusion["accuracy"].Cast<double>());
    }
}
