namespace NotebookLib.Analysis;

/// <summary>One cluster's members against a binary truth: how many there are, how many are positive
/// (persistent patches), and that fraction (the cluster's purity for the positive class).</summary>
public sealed record ClusterComposition(int Cluster, int Size, int Positives, double PositiveFraction);

/// <summary>How well clusters separate a positive class: the clusters named positive (mostly positive
/// members), their purity (the fraction of their members that are positive; 0 when none is named) and
/// their coverage (the fraction of all positives that they hold).</summary>
public sealed record ClusterSeparation(int[] PositiveClusters, double Purity, double Coverage);

/// <summary>
/// Naming clusters after the fact, as the talk does when it looks at each cluster's gallery and calls
/// some of them "persistence": here a labelled subset plays the expert. Clusters whose labelled members
/// are mostly positive are named positive; every sample of a positive cluster is then predicted
/// positive, so precision and recall can be measured on samples the naming did not see.
/// </summary>
public static class ClusterLabelling
{
    /// <summary>Per cluster (ascending), its size and positive members among <paramref name="indices"/>
    /// (all samples when null).</summary>
    public static IReadOnlyList<ClusterComposition> Composition(int[] clusters, int[] truth, int positive = 1,
        IReadOnlyList<int>? indices = null)
    {
        Check(clusters, truth);
        var size = new SortedDictionary<int, int>();
        var pos = new Dictionary<int, int>();
        foreach (var i in indices ?? Enumerable.Range(0, clusters.Length).ToArray())
        {
            if (i < 0 || i >= clusters.Length) throw new ArgumentOutOfRangeException(nameof(indices), i, $"sample {i} is outside 0..{clusters.Length - 1}");
            var c = clusters[i];
            size[c] = size.GetValueOrDefault(c) + 1;
            if (truth[i] == positive) pos[c] = pos.GetValueOrDefault(c) + 1;
        }
        return size.Select(kv => new ClusterComposition(kv.Key, kv.Value, pos.GetValueOrDefault(kv.Key),
                                                        pos.GetValueOrDefault(kv.Key) / (double)kv.Value)).ToList();
    }

    /// <summary>The clusters in which more than <paramref name="minFraction"/> of the labelled members
    /// (<paramref name="indices"/>, all when null) are positive.</summary>
    public static int[] PositiveClusters(int[] clusters, int[] truth, double minFraction = 0.5, int positive = 1,
        IReadOnlyList<int>? indices = null)
    {
        if (!(minFraction >= 0 && minFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(minFraction), minFraction, "minFraction must lie in [0, 1)");
        return Composition(clusters, truth, positive, indices).Where(c => c.PositiveFraction > minFraction)
                                                              .Select(c => c.Cluster).ToArray();
    }

    /// <summary>The clusters in which more than <paramref name="minFraction"/> of the members are positive, with
    /// their purity and coverage of the positives (all samples).</summary>
    public static ClusterSeparation Separation(int[] clusters, int[] truth, double minFraction = 0.5, int positive = 1)
    {
        var named = PositiveClusters(clusters, truth, minFraction, positive);
        var set = named.ToHashSet();
        int inNamed = 0, positivesInNamed = 0, positives = 0;
        for (var i = 0; i < clusters.Length; i++)
        {
            var p = truth[i] == positive;
            if (p) positives++;
            if (set.Contains(clusters[i])) { inNamed++; if (p) positivesInNamed++; }
        }
        return new ClusterSeparation(named, inNamed == 0 ? 0 : positivesInNamed / (double)inNamed,
                                     positives == 0 ? double.NaN : positivesInNamed / (double)positives);
    }

    /// <summary>The clusters an expert names positive to maximise the F1 on the labelled members
    /// (<paramref name="indices"/>, all when null): clusters are ranked by falling positive share
    /// (more positives first on ties) and the first ones named, as many as give the highest F1. Clusters without a positive
    /// labelled member are never named.</summary>
    public static int[] BestF1Clusters(int[] clusters, int[] truth, int positive = 1, IReadOnlyList<int>? indices = null)
    {
        var composition = Composition(clusters, truth, positive, indices);
        var allPositives = composition.Sum(c => c.Positives);
        var ranked = composition.Where(c => c.Positives > 0)
            .OrderByDescending(c => c.PositiveFraction).ThenByDescending(c => c.Positives).ThenBy(c => c.Cluster).ToList();
        // The best prefix of the ranking (F1 = 2 TP / (named members + positives)).
        int tp = 0, size = 0, take = 0;
        double best = 0;
        for (var j = 0; j < ranked.Count; j++)
        {
            tp += ranked[j].Positives;
            size += ranked[j].Size;
            var f1 = 2.0 * tp / (size + allPositives);
            if (f1 > best) (best, take) = (f1, j + 1);
        }
        var named = ranked.Take(take).Select(c => c.Cluster).ToList();
        named.Sort();
        return named.ToArray();
    }

    /// <summary>
    /// The patches an expert looks at in each cluster's gallery: up to <paramref name="perCluster"/> members of every
    /// cluster, drawn at random (by <paramref name="seed"/>) from the <paramref name="candidates"/> (e.g. the non-test
    /// samples), returned in ascending order. Unlike a random labelled subset, every cluster gets its look, however small.
    /// </summary>
    public static int[] GalleryExpert(int[] clusters, IReadOnlyList<int> candidates, int perCluster, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(perCluster, 1);
        return Gallery(clusters, candidates, seed, m => Math.Min(perCluster, m.Length));
    }

    /// <summary>
    /// The gallery expert who looks closer at a mixed cluster: <paramref name="perCluster"/> members of every cluster, as
    /// <see cref="GalleryExpert"/> draws them; where the labels of those disagree (some positive, some not), it looks at
    /// more members of that cluster, up to <paramref name="maxPerCluster"/> in all (the next ones of the same draw). A
    /// cluster whose first members agree costs no more than in <see cref="GalleryExpert"/>; <paramref name="truth"/> is read
    /// only at the members looked at. With <paramref name="maxPerCluster"/> = <paramref name="perCluster"/> it is
    /// <see cref="GalleryExpert"/>.
    /// </summary>
    public static int[] AdaptiveGalleryExpert(int[] clusters, int[] truth, IReadOnlyList<int> candidates, int perCluster, int maxPerCluster,
        int seed = 0, int positive = 1)
    {
        Check(clusters, truth);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(perCluster, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerCluster, perCluster);
        return Gallery(clusters, candidates, seed, m =>
        {
            var first = Math.Min(perCluster, m.Length);
            var positives = m.Take(first).Count(i => truth[i] == positive);
            return positives > 0 && positives < first ? Math.Min(maxPerCluster, m.Length) : first;
        });
    }

    // Each cluster's candidates in a seeded random order; lookedAt says how many of the first of them the expert labels.
    static int[] Gallery(int[] clusters, IReadOnlyList<int> candidates, int seed, Func<int[], int> lookedAt)
    {
        var rng = new Random(seed);
        var chosen = new List<int>();
        foreach (var g in candidates.Order().GroupBy(i => clusters[i]).OrderBy(g => g.Key))
        {
            var m = g.ToArray();
            rng.Shuffle(m);
            chosen.AddRange(m.Take(lookedAt(m)));
        }
        chosen.Sort();
        return chosen.ToArray();
    }

    /// <summary>
    /// The clusters named positive when a few labelled members per cluster (<paramref name="indices"/>) are all the
    /// expert has: each cluster's positive share is estimated with a prior taken from its <paramref name="neighbours"/>
    /// nearest clusters (centroid distance in <paramref name="embedding"/>), worth <paramref name="priorWeight"/>
    /// labelled members: (positives + w · prior) / (labelled + w), the prior being the share of positives among the
    /// neighbours' labelled members (the overall share when they have none). Clusters whose estimate reaches
    /// <paramref name="minShare"/> are named. With 2–5 labelled members a cluster's own share is a coin toss; the
    /// neighbours decide the close calls and name the clusters the expert saw no member of.
    /// </summary>
    public static int[] NeighbourPriorClusters(int[] clusters, int[] truth, float[,] embedding, IReadOnlyList<int>? indices = null,
        int neighbours = 3, double priorWeight = 2, double minShare = 0.5, int positive = 1)
    {
        Check(clusters, truth);
        ArgumentNullException.ThrowIfNull(embedding);
        if (embedding.GetLength(0) != clusters.Length)
            throw new ArgumentException($"{embedding.GetLength(0)} embedding rows for {clusters.Length} samples", nameof(embedding));
        ArgumentOutOfRangeException.ThrowIfNegative(neighbours);
        ArgumentOutOfRangeException.ThrowIfNegative(priorWeight);
        var d = embedding.GetLength(1);
        var centroid = new SortedDictionary<int, double[]>();
        var count = new Dictionary<int, int>();
        for (var i = 0; i < clusters.Length; i++)
        {
            var c = centroid.TryGetValue(clusters[i], out var v) ? v : centroid[clusters[i]] = new double[d];
            for (var j = 0; j < d; j++) c[j] += embedding[i, j];
            count[clusters[i]] = count.GetValueOrDefault(clusters[i]) + 1;
        }
        foreach (var (k, c) in centroid) for (var j = 0; j < d; j++) c[j] /= count[k];
        var labelled = Composition(clusters, truth, positive, indices).ToDictionary(c => c.Cluster);
        var (allLabelled, allPositives) = (labelled.Values.Sum(c => c.Size), labelled.Values.Sum(c => c.Positives));
        var overall = allLabelled == 0 ? 0 : allPositives / (double)allLabelled;
        double Distance(double[] a, double[] b) { double s = 0; for (var j = 0; j < a.Length; j++) s += (a[j] - b[j]) * (a[j] - b[j]); return s; }
        var named = new List<int>();
        foreach (var (k, c) in centroid)
        {
            var near = centroid.Where(o => o.Key != k).OrderBy(o => Distance(o.Value, c)).ThenBy(o => o.Key).Take(neighbours)
                .Select(o => labelled.GetValueOrDefault(o.Key)).Where(o => o is not null).ToList();
            var (n, p) = (near.Sum(o => o!.Size), near.Sum(o => o!.Positives));
            var prior = n > 0 ? p / (double)n : overall;
            var own = labelled.GetValueOrDefault(k);
            var share = ((own?.Positives ?? 0) + priorWeight * prior) / ((own?.Size ?? 0) + priorWeight);
            if (share >= minShare && (own is not null || priorWeight > 0)) named.Add(k);
        }
        return named.ToArray();
    }

    /// <summary>1 for the samples whose cluster is one of <paramref name="positiveClusters"/>, else 0.</summary>
    public static int[] Predict(int[] clusters, IEnumerable<int> positiveClusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var set = positiveClusters.ToHashSet();
        return Array.ConvertAll(clusters, c => set.Contains(c) ? 1 : 0);
    }

    /// <summary>
    /// Multi-class naming: each cluster takes the most common true class of its labelled members
    /// (<paramref name="indices"/>, all when null; ties to the smaller class), and every sample is predicted
    /// its cluster's class. A cluster without labelled members gets -1.
    /// </summary>
    public static int[] MajorityLabels(int[] clusters, int[] truth, IReadOnlyList<int>? indices = null)
    {
        Check(clusters, truth);
        var votes = new Dictionary<int, Dictionary<int, int>>();
        foreach (var i in indices ?? Enumerable.Range(0, clusters.Length).ToArray())
        {
            var v = votes.TryGetValue(clusters[i], out var d) ? d : votes[clusters[i]] = [];
            v[truth[i]] = v.GetValueOrDefault(truth[i]) + 1;
        }
        var name = votes.ToDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key);
        return Array.ConvertAll(clusters, c => name.TryGetValue(c, out var t) ? t : -1);
    }

    static void Check(int[] clusters, int[] truth)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(truth);
        if (clusters.Length != truth.Length)
            throw new ArgumentException($"{clusters.Length} cluster labels but {truth.Length} truth labels: one of each per sample");
    }
}
