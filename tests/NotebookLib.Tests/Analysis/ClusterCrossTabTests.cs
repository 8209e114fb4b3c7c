using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class ClusterCrossTabTests
{
    static readonly int[] Clusters = [0, 0, 0, 1, 1, 2];
    static readonly string[][] Classes = [["clean"], ["Trail"], ["Trail", "Halo"], ["clean"], ["clean"], ["Halo"]];

    [Fact]
    public void Per_cluster_fractions_count_each_label_of_a_multi_label_sample()
    {
        var t = ClusterCrossTab.ByCluster(Clusters, Classes, ["Trail", "Halo", "clean"]);
        Assert.Equal(["cluster", "size", "Trail", "Halo", "clean"], t.Columns.Select(c => c.Name));
        Assert.Equal(3, t.Rows.Count);
        Assert.Equal(3, Convert.ToInt32(t["size"][0]));
        Assert.Equal(2.0 / 3, (double)t["Trail"][0]!, 12);
        Assert.Equal(1.0 / 3, (double)t["Halo"][0]!, 12);
        Assert.Equal(1.0, (double)t["clean"][1]!, 12);
        Assert.Equal(1.0, (double)t["Halo"][2]!, 12);
    }

    [Fact]
    public void Per_class_rows_say_where_its_samples_went_and_sum_to_one()
    {
        var t = ClusterCrossTab.ByClass(Clusters, Classes);   // classes in ordinal order: Halo, Trail, clean
        Assert.Equal(["Halo", "Trail", "clean"], Enumerable.Range(0, 3).Select(r => (string)t["class"][r]!));
        Assert.Equal(0.5, (double)t["cluster 0"][0]!, 12);
        Assert.Equal(0.5, (double)t["cluster 2"][0]!, 12);
        Assert.Equal(1.0, (double)t["cluster 0"][1]!, 12);
        for (var r = 0; r < 3; r++)
            Assert.Equal(1.0, Enumerable.Range(0, 3).Sum(c => (double)t[$"cluster {c}"][r]!), 12);
        Assert.Throws<ArgumentException>(() => ClusterCrossTab.ByClass([0, 1], Classes));
    }

    [Fact]
    public void Separation_scores_the_mostly_positive_clusters_purity_and_coverage()
    {
        int[] clusters = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
        int[] truth = [1, 1, 1, 0, 0, 0, 1, 0, 0, 0];
        var s = ClusterLabelling.Separation(clusters, truth);
        Assert.Equal([0], s.PositiveClusters);
        Assert.Equal(0.75, s.Purity, 12);
        Assert.Equal(0.75, s.Coverage, 12);
        var none = ClusterLabelling.Separation([0, 0], [0, 1]);
        Assert.Empty(none.PositiveClusters);
        Assert.Equal(0, none.Purity);
        Assert.Equal(0, none.Coverage);
    }
}
