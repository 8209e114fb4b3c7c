using NotebookLib.Analysis;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Analysis;

/// <summary>Naming clusters from a labelled subset, mask overlap and the matrix helpers notebook 01
/// uses, against scikit-learn and numpy.</summary>
public class ClusterLabellingTests
{
    static (bool[] Truth, bool[] Predicted, bool[] Where) RandomMasks(int n, int seed)
    {
        var rng = new Random(seed);
        var t = new bool[n]; var p = new bool[n]; var w = new bool[n];
        for (var i = 0; i < n; i++)
        {
            t[i] = rng.NextDouble() < 0.3;
            p[i] = t[i] ? rng.NextDouble() < 0.7 : rng.NextDouble() < 0.1;
            w[i] = rng.NextDouble() < 0.8;
        }
        return (t, p, w);
    }

    [Fact]
    public void Mask_overlap_equals_scikit_learn_scores()
    {
        var (t, p, w) = RandomMasks(5000, seed: 3);
        Mask M(bool[] m) => new(100, 50, m);
        var o = Metrics.MaskOverlap(M(t), M(p));
        var r = Metrics.MaskOverlap(M(t), M(p), M(w));
        var sk = Oracle.Run("""
            from sklearn.metrics import jaccard_score, f1_score, precision_score, recall_score
            t, p, w = (np.array(inp[k], dtype=bool) for k in ("t", "p", "w"))
            def scores(a, b): return [jaccard_score(a, b), f1_score(a, b), precision_score(a, b), recall_score(a, b)]
            out = {"all": scores(t, p), "where": scores(t[w], p[w])}
            """, new { t, p, w });
        Oracle.Close(Oracle.Doubles(sk["all"]!), [o.IoU, o.Dice, o.Precision, o.Recall], 12);
        Oracle.Close(Oracle.Doubles(sk["where"]!), [r.IoU, r.Dice, r.Precision, r.Recall], 12);
        Assert.Equal(o.IoU, Metrics.JaccardScore(M(t), M(p)));
        Assert.Equal(t.Count(b => b), o.TruePixels);
        Assert.Equal(t.Where((b, i) => w[i]).Count(b => b), r.TruePixels);
    }

    [Fact]
    public void Empty_masks_agree_perfectly_and_mismatched_masks_are_refused()
    {
        var empty = new Mask(5, 2);
        Assert.Equal(1.0, Metrics.MaskOverlap(empty, empty).IoU);
        Assert.Equal(1.0, Metrics.MaskOverlap(empty, empty).Dice);
        var all = new Mask(5, 2).Not();
        Assert.Equal(0.0, Metrics.MaskOverlap(empty, all).IoU);
        var e = Assert.Throws<ArgumentException>(() => Metrics.MaskOverlap(new Mask(5, 2), new Mask(4, 3)));
        Assert.Contains("5×2", e.Message);
        Assert.Contains("4×3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Metrics.MaskOverlap(new Mask(5, 2), new Mask(5, 2), new Mask(3, 3)));
        Assert.Contains("3×3", e.Message);
    }

    [Fact]
    public void Composition_counts_members_and_positives_per_cluster_as_numpy_bincount()
    {
        var rng = new Random(5);
        var clusters = Enumerable.Range(0, 400).Select(_ => rng.Next(6)).ToArray();
        var truth = clusters.Select(c => rng.NextDouble() < c / 6.0 ? 1 : 0).ToArray();
        var subset = Enumerable.Range(0, 400).Where(i => i % 3 == 0).ToArray();
        var np = Oracle.Run("""
            c, t, s = (np.array(inp[k]) for k in ("c", "t", "s"))
            def comp(idx): return [np.bincount(c[idx], minlength=6).tolist(), np.bincount(c[idx], weights=t[idx], minlength=6).tolist()]
            out = {"all": comp(np.arange(len(c))), "subset": comp(s)}
            """, new { c = clusters, t = truth, s = subset });
        foreach (var (name, idx) in new[] { ("all", (int[]?)null), ("subset", subset) })
        {
            var comp = ClusterLabelling.Composition(clusters, truth, indices: idx);
            var sizes = Oracle.Doubles(np[name]![0]!); var pos = Oracle.Doubles(np[name]![1]!);
            Assert.Equal(Enumerable.Range(0, 6), comp.Select(c => c.Cluster));
            Assert.Equal(sizes, comp.Select(c => (double)c.Size));
            Assert.Equal(pos, comp.Select(c => (double)c.Positives));
            Assert.All(comp, c => Assert.Equal(c.Positives / (double)c.Size, c.PositiveFraction, 12));
        }
    }

    [Fact]
    public void Clusters_are_named_from_the_labelled_subset_only_and_predict_their_members()
    {
        //                  cluster: 0  0  0  1  1  1  2  2  2  2
        int[] clusters = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
        int[] truth = [1, 1, 0, 0, 0, 1, 1, 1, 0, 0];
        // On all samples cluster 0 is 2/3 positive and cluster 2 half positive (not more than half).
        Assert.Equal([0], ClusterLabelling.PositiveClusters(clusters, truth));
        // The labelled subset sees only the positive members of cluster 2 and a negative of cluster 0.
        int[] labelled = [2, 6, 7];
        Assert.Equal([2], ClusterLabelling.PositiveClusters(clusters, truth, indices: labelled));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 1], ClusterLabelling.Predict(clusters, [2]));
        Assert.Equal([0, 2], ClusterLabelling.PositiveClusters(clusters, truth, minFraction: 0.4));
        var e = Assert.Throws<ArgumentException>(() => ClusterLabelling.Composition(clusters, new int[9]));
        Assert.Contains("10 cluster labels but 9 truth labels", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterLabelling.Composition(clusters, truth, indices: [10]));
    }

    [Fact]
    public void Matrix_helpers_reshape_take_rows_and_columns_as_numpy()
    {
        var flat = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        var m = Matrix.FromFlat(flat, 4);   // numpy: flat.reshape(4, -1)
        Assert.Equal(6, m.GetLength(1));
        Assert.Equal(13f, m[2, 1]);
        var rows = Matrix.TakeRows(m, [3, 0, 3]);
        Assert.Equal(new[] { 18f, 0f, 18f }, new[] { rows[0, 0], rows[1, 0], rows[2, 0] });
        Assert.Equal(new double[] { 5, 11, 17, 23 }, Matrix.Column(m, 5));
        var fromRows = Matrix.FromRows([[1f, 2f], [3f, 4f]]);
        Assert.Equal(3f, fromRows[1, 0]);
        Assert.Contains("24 values do not split into 5 rows", Assert.Throws<ArgumentException>(() => Matrix.FromFlat(flat, 5)).Message);
        Assert.Contains("row 1 has 1 values but row 0 has 2", Assert.Throws<ArgumentException>(() => Matrix.FromRows([[1f, 2f], [3f]])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.TakeRows(m, [4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.Column(m, 6));
    }

    [Fact]
    public void Channel_mean_and_max_pool_feature_maps_as_numpy()
    {
        var rng = new Random(9);
        var maps = Enumerable.Range(0, 3 * 4 * 5).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var pooled = Matrix.ChannelMeanMax(maps, 3, 4);
        var np = Oracle.Run("""
            m = np.array(inp["m"], dtype=np.float32).reshape(3, 4, 5)
            out = np.concatenate([m.mean(axis=2), m.max(axis=2)], axis=1)
            """, new { m = maps });
        Oracle.Close(np.AsArray().SelectMany(row => Oracle.Doubles(row!)).ToArray(), pooled.Cast<float>().Select(v => (double)v).ToArray(), 6);
        Assert.Contains("do not split into 3 samples of 7 channels", Assert.Throws<ArgumentException>(() => Matrix.ChannelMeanMax(maps, 3, 7)).Message);
    }
    [Fact]
    public void Channel_statistics_pool_feature_maps_as_numpy()
    {
        var rng = new Random(11);
        var maps = Enumerable.Range(0, 3 * 4 * 5).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var pooled = Matrix.ChannelStatistics(maps, 3, 4);
        Assert.Equal((3, 16), (pooled.GetLength(0), pooled.GetLength(1)));
        var np = Oracle.Run("""
            m = np.array(inp["m"], dtype=np.float64).reshape(3, 4, 5)
            out = np.concatenate([m.mean(axis=2), m.std(axis=2), m.min(axis=2), m.max(axis=2)], axis=1)
            """, new { m = maps });
        Oracle.Close(np.AsArray().SelectMany(row => Oracle.Doubles(row!)).ToArray(), pooled.Cast<float>().Select(v => (double)v).ToArray(), 6);
        Assert.Contains("do not split into 3 samples of 7 channels", Assert.Throws<ArgumentException>(() => Matrix.ChannelStatistics(maps, 3, 7)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.ChannelStatistics(maps, 0, 4));
        // the same maps held one sample a row give the same statistics
        Assert.Equal(pooled.Cast<float>(), Matrix.ChannelStatistics(Matrix.FromFlat(maps, 3), 4).Cast<float>());
    }
    [Fact]
    public void Constant_channel_fractions_count_the_samples_whose_map_is_one_value_as_numpy()
    {
        var rng = new Random(13);
        // 6 samples of 3 channels of 4 positions; channel 0 is constant in every sample, channel 1 in samples 0-2, channel 2 never.
        var maps = new float[6 * 3 * 4];
        for (var i = 0; i < 6; i++)
            for (var p = 0; p < 4; p++)
            {
                maps[(i * 3 + 0) * 4 + p] = -0.7f;
                maps[(i * 3 + 1) * 4 + p] = i < 3 ? 0.25f : (float)rng.NextDouble();
                maps[(i * 3 + 2) * 4 + p] = (float)rng.NextDouble() + p;
            }
        var fractions = Matrix.ConstantChannelFractions(maps, 6, 3);
        var np = Oracle.Run("""
            m = np.array(inp["m"], dtype=np.float32).reshape(6, 3, 4)
            out = (np.ptp(m, axis=2) <= 1e-6).mean(axis=0)
            """, new { m = maps });
        Oracle.Close(Oracle.Doubles(np), fractions, 12);
        Assert.Equal([1.0, 0.5, 0.0], fractions);
        Assert.Contains("do not split into 6 samples of 5 channels", Assert.Throws<ArgumentException>(() => Matrix.ConstantChannelFractions(maps, 6, 5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.ConstantChannelFractions(maps, 6, 3, tolerance: -1));
    }
    [Fact]
    public void Channel_quantiles_pool_feature_maps_as_numpys_quantile()
    {
        var rng = new Random(12);
        var maps = Enumerable.Range(0, 3 * 4 * 7).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var pooled = Matrix.ChannelQuantiles(maps, 3, 4, q: 5);
        Assert.Equal((3, 20), (pooled.GetLength(0), pooled.GetLength(1)));
        var np = Oracle.Run("""
            m = np.array(inp["m"], dtype=np.float64).reshape(3, 4, 7)
            out = np.quantile(m, np.linspace(0, 1, 5), axis=2).transpose(1, 2, 0).reshape(3, 20)
            """, new { m = maps });
        Oracle.Close(np.AsArray().SelectMany(row => Oracle.Doubles(row!)).ToArray(), pooled.Cast<float>().Select(v => (double)v).ToArray(), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.ChannelQuantiles(maps, 3, 4, q: 1));
        Assert.Contains("do not split into 3 samples of 5 channels", Assert.Throws<ArgumentException>(() => Matrix.ChannelQuantiles(maps, 3, 5)).Message);
    }
}

/// <summary>The gallery expert and the neighbour-prior naming that notebook 01 uses with a few labels per cluster.</summary>
public class GalleryNamingTests
{
    [Fact]
    public void Gallery_expert_looks_at_up_to_n_candidates_of_every_cluster_and_nothing_else()
    {
        var clusters = Enumerable.Range(0, 100).Select(i => i % 7 == 0 ? 9 : i % 3).ToArray();
        var candidates = Enumerable.Range(0, 100).Where(i => i % 5 != 0).ToArray();
        var expert = ClusterLabelling.GalleryExpert(clusters, candidates, perCluster: 2, seed: 1);
        Assert.All(expert, i => Assert.Contains(i, candidates));
        Assert.Equal(expert.Order(), expert);
        Assert.Equal(expert.Distinct().Count(), expert.Length);
        foreach (var c in clusters.Distinct())
            Assert.Equal(Math.Min(2, candidates.Count(i => clusters[i] == c)), expert.Count(i => clusters[i] == c));
        Assert.Equal(expert, ClusterLabelling.GalleryExpert(clusters, candidates, perCluster: 2, seed: 1));
        Assert.NotEqual(expert, ClusterLabelling.GalleryExpert(clusters, candidates, perCluster: 2, seed: 2));
    }

    [Fact]
    public void Adaptive_gallery_expert_looks_closer_only_at_clusters_whose_first_patches_disagree()
    {
        // Cluster 0: all clean; cluster 1: all persistent; cluster 2: every other member persistent (mixed); 30 members each.
        var clusters = Enumerable.Range(0, 90).Select(i => i / 30).ToArray();
        var truth = Enumerable.Range(0, 90).Select(i => i / 30 == 1 || (i / 30 == 2 && i % 2 == 0) ? 1 : 0).ToArray();
        var candidates = Enumerable.Range(0, 90).Where(i => i % 10 != 9).ToArray();   // 27 per cluster
        var expert = ClusterLabelling.AdaptiveGalleryExpert(clusters, truth, candidates, perCluster: 3, maxPerCluster: 9, seed: 4);
        Assert.All(expert, i => Assert.Contains(i, candidates));
        Assert.Equal(expert.Order(), expert);
        Assert.Equal(expert.Distinct().Count(), expert.Length);
        // Agreeing clusters cost 3 looks; the mixed one is looked at further (9 in all) when its first 3 disagree.
        Assert.Equal(3, expert.Count(i => clusters[i] == 0));
        Assert.Equal(3, expert.Count(i => clusters[i] == 1));
        var mixedFirst = expert.Where(i => clusters[i] == 2).ToArray();
        Assert.Contains(mixedFirst.Length, new[] { 3, 9 });
        // The first 3 of every cluster are the fixed gallery's draw: looking closer only adds patches.
        var fixedLook = ClusterLabelling.GalleryExpert(clusters, candidates, perCluster: 3, seed: 4);
        Assert.Empty(fixedLook.Except(expert));
        Assert.Equal(mixedFirst.Length == 9, fixedLook.Where(i => clusters[i] == 2).Select(i => truth[i]).Distinct().Count() == 2);
        Assert.Equal(fixedLook, ClusterLabelling.AdaptiveGalleryExpert(clusters, truth, candidates, 3, 3, seed: 4));
        // Over many draws the mixed cluster (15 of its 27 candidates persistent) is looked at further unless its first 3
        // agree, which happens with probability 15·14·13/(27·26·25) + 12·11·10/(27·26·25) = 0.23.
        var looks = Enumerable.Range(0, 400).Select(s => ClusterLabelling.AdaptiveGalleryExpert(clusters, truth, candidates, 3, 9, seed: s)
            .Count(i => clusters[i] == 2)).ToArray();
        Assert.All(looks, n => Assert.Contains(n, new[] { 3, 9 }));
        Assert.InRange(looks.Count(n => n == 9) / 400.0, 0.69, 0.85);
        // A cluster never gets more looks than it has candidates.
        var few = ClusterLabelling.AdaptiveGalleryExpert(clusters, truth, [60, 61, 62, 63], 3, 9, seed: 1);
        Assert.Equal([60, 61, 62, 63], few);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterLabelling.AdaptiveGalleryExpert(clusters, truth, candidates, 3, 2));
    }

    // Four clusters in a row on a line: 0 and 1 persistent, 2 and 3 clean; cluster 1's only labelled member is clean
    // by chance, cluster 3 has no labelled member at all.
    static (int[] Clusters, int[] Truth, float[,] Embedding) Line()
    {
        var clusters = new[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3 };
        var truth = new[] { 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0 };
        var e = new float[12, 2];
        for (var i = 0; i < 12; i++) e[i, 0] = 10 * clusters[i] + i % 3;
        return (clusters, truth, e);
    }

    [Fact]
    public void Neighbour_prior_names_a_cluster_whose_few_labels_disagree_with_its_neighbours()
    {
        var (clusters, truth, e) = Line();
        int[] expert = [0, 1, 3, 6];   // cluster 0: two persistent; cluster 1: one clean; cluster 2: one clean
        Assert.Equal([0], ClusterLabelling.PositiveClusters(clusters, truth, 0.5, indices: expert));
        // Cluster 1's prior from its nearest cluster (0: 2 of 2) outweighs its one clean label: (0 + 2·1) / (1 + 2) ≥ ½.
        Assert.Equal([0, 1], ClusterLabelling.NeighbourPriorClusters(clusters, truth, e, expert, neighbours: 1, priorWeight: 2));
        // With no prior weight it is the plain majority of the labels (≥ ½), and unlabelled clusters stay unnamed.
        Assert.Equal([0], ClusterLabelling.NeighbourPriorClusters(clusters, truth, e, expert, neighbours: 1, priorWeight: 0));
        // Cluster 3 has no label: its nearest cluster (2) is clean, so it stays clean.
        Assert.DoesNotContain(3, ClusterLabelling.NeighbourPriorClusters(clusters, truth, e, expert, neighbours: 1, priorWeight: 2));
    }

    [Fact]
    public void Latent_clustering_uses_the_neighbour_prior_when_asked()
    {
        var (clusters, truth, e) = Line();
        var rows = Enumerable.Range(0, 12).ToArray();
        var result = new LatentClusteringResult("line", e, new ComponentSweep([], []), clusters, clusters, 1, [], [], [], [], null, null, [], [], []);
        var named = new LatentClustering(seed: 1) { NamingNeighbours = 1, PriorWeight = 2 }.Rename(result, truth, [0, 1, 3, 6], [2, 4, 5, 7, 8, 9, 10, 11]);
        Assert.Equal([0, 1], named.NamedClusters);
        Assert.Equal(1.0, named.Scores!.F1);
        var plain = new LatentClustering(seed: 1).Rename(result, truth, [0, 1, 3, 6], [2, 4, 5, 7, 8, 9, 10, 11]);
        Assert.Equal([0], plain.NamedClusters);
    }
}
