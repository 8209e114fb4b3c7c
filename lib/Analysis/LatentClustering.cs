using NotebookLib.Imaging;

namespace NotebookLib.Analysis;

/// <summary>
/// The talk's chain from a representation to named clusters, as one call: each row of a representation
/// matrix (autoencoder latents, PCA components, any features) is standardised, embedded in 2-D with UMAP,
/// clustered by Gaussian mixtures over a range of component counts that grows until the lowest BIC lies
/// inside it, compared with k-means at the same count, named by a labelled "expert" subset, and scored on
/// samples the expert did not see. <see cref="Fit"/> returns a <see cref="LatentClusteringResult"/> that
/// displays itself as a table; its parts (embedding, sweep, clusters, named clusters, scores) feed figures.
/// </summary>
/// <param name="nNeighbors">UMAP's neighbourhood (the talk: 3, very local structure).</param>
/// <param name="minDist">UMAP's minimum distance in the embedding.</param>
/// <param name="maxComponents">The GMM sweep's first upper end: 1–10 one by one, then about 15 % apart.</param>
/// <param name="componentLimit">The sweep doubles its upper end while the lowest BIC sits at it, up to this many components.</param>
/// <param name="standardize">Scale each representation column to zero mean and unit variance first (UMAP's
/// distances then weigh every feature alike instead of the one with the largest range).</param>
/// <param name="minPositiveFraction">Naming: null names the clusters that maximise the expert's F1 (clusters
/// taken by falling positive share among the expert's members while the expert's F1 grows); a number names
/// those whose expert members are positive by more than that share (0.5: a majority).</param>
/// <param name="covarianceType">The mixtures' covariance (full, as scikit-learn's default).</param>
/// <param name="nInit">Starts per mixture; the best likelihood is kept.</param>
/// <param name="seed">Seeds UMAP, the mixtures and k-means (the runtime's seed when null).</param>
/// <param name="progress">Show UMAP's and the sweep's progress.</param>
public sealed class LatentClustering(int nNeighbors = 3, double minDist = 0.1, int maxComponents = 40, int componentLimit = 160,
    bool standardize = true, double? minPositiveFraction = null, CovarianceType covarianceType = CovarianceType.Full,
    int nInit = 1, int? seed = null, bool progress = false)
{
    public int NNeighbors { get; } = nNeighbors;
    public double MinDist { get; } = minDist;
    public int MaxComponents { get; } = maxComponents >= 1 ? maxComponents : throw new ArgumentOutOfRangeException(nameof(maxComponents), maxComponents, "the sweep needs at least one component");
    public int ComponentLimit { get; } = Math.Max(maxComponents, componentLimit);
    public bool Standardize { get; } = standardize;
    public double? MinPositiveFraction { get; } = minPositiveFraction;
    public CovarianceType CovarianceType { get; } = covarianceType;
    public int NInit { get; } = nInit;
    public int Seed { get; } = NotebookLib.Configuration.Seeds.Resolve(seed);
    /// <summary>Naming with a neighbour prior (<see cref="ClusterLabelling.NeighbourPriorClusters"/>) when above 0: each
    /// cluster's share of positive expert members is pulled towards that of its this many nearest clusters in the
    /// embedding, and clusters reaching <see cref="MinPositiveFraction"/> (0.5 when null) are named. For an expert who
    /// labels only a few members per cluster; 0 (the default) names by <see cref="MinPositiveFraction"/> or the best F1.</summary>
    public int NamingNeighbours { get; init; }
    /// <summary>How many labelled members the neighbour prior is worth (see <see cref="NamingNeighbours"/>).</summary>
    public double PriorWeight { get; init; } = 2;
    /// <summary>How far past the lowest BIC the sweep must reach: its upper end doubles (up to the component limit) while it
    /// is at most this multiple of the count with the lowest BIC. 1 (the default) stops as soon as the lowest BIC is not at
    /// the end; 1.5 asks for 50 % more components beyond it, since one start's BIC is noisy and a lowest value one grid
    /// step before the end may be a dip in the noise, not the minimum.</summary>
    public double SweepMargin
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(SweepMargin), value, "the sweep must reach at least the lowest BIC's count");
    } = 1;

    /// <summary>The component counts swept up to <paramref name="max"/>: every count to 10, then steps of about 15 %.</summary>
    public static int[] ComponentGrid(int max, int from = 1)
    {
        var grid = new List<int>();
        for (var k = 1; k <= max; k = k < 10 ? k + 1 : Math.Max(k + 1, (int)Math.Round(k * 1.15)))
            if (k >= from) grid.Add(k);
        if (grid.Count == 0 || grid[^1] != max) grid.Add(max);
        return grid.ToArray();
    }

    /// <summary>Runs the chain. <paramref name="labels"/> (0/1 per row, 1 = positive) is read only at the
    /// <paramref name="expert"/> rows, to name the clusters, and at the <paramref name="scored"/> rows, to
    /// score them; null labels skip naming and scores (an unsupervised run).</summary>
    public LatentClusteringResult Fit(float[,] representation, int[]? labels = null, IReadOnlyList<int>? expert = null,
        IReadOnlyList<int>? scored = null, string name = "representation")
    {
        ArgumentNullException.ThrowIfNull(representation);
        var n = representation.GetLength(0);
        if (labels is not null && labels.Length != n)
            throw new ArgumentException($"{labels.Length} labels for {n} rows: one label per row", nameof(labels));
        if (labels is not null && (expert is null || scored is null))
            throw new ArgumentException("labels need both the expert rows (to name clusters) and the scored rows (to score them)");
        if (expert is not null && scored is not null && expert.Intersect(scored).Any())
            throw new ArgumentException("the scored rows must not include any that the expert saw", nameof(scored));

        var x = Standardize ? Standardized(representation) : representation;
        var embedding = new UMAP(nNeighbors: NNeighbors, minDist: MinDist, seed: Seed, progress: progress).FitTransform(x);
        var sweep = SweepUntilInside(embedding);
        var clusters = sweep.BestModel.Predict(embedding);
        var kmeans = new KMeans(sweep.Best, seed: Seed).Fit(embedding).Labels;
        var ari = Metrics.AdjustedRandIndex(clusters, kmeans);
        if (labels is null)
            return new LatentClusteringResult(name, embedding, sweep, clusters, kmeans, ari, [], [], [], [], null, null, [], [], []);

        return Named(name, embedding, sweep, clusters, kmeans, ari, labels, expert!, scored!);
    }

    /// <summary>The same clustering (embedding, sweep, clusters, k-means) named by another expert and scored on other
    /// rows: naming is cheap, the clustering is not, so two experts can be compared on one clustering.</summary>
    public LatentClusteringResult Rename(LatentClusteringResult result, int[] labels, IReadOnlyList<int> expert, IReadOnlyList<int> scored, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(expert);
        ArgumentNullException.ThrowIfNull(scored);
        if (labels.Length != result.Clusters.Length)
            throw new ArgumentException($"{labels.Length} labels for {result.Clusters.Length} rows: one label per row", nameof(labels));
        if (expert.Intersect(scored).Any())
            throw new ArgumentException("the scored rows must not include any that the expert saw", nameof(scored));
        return Named(name ?? result.Name, result.Embedding, result.Sweep, result.Clusters, result.KMeansLabels, result.AdjustedRandIndex, labels, expert, scored);
    }

    LatentClusteringResult Named(string name, float[,] embedding, ComponentSweep sweep, int[] clusters, int[] kmeans, double ari,
        int[] labels, IReadOnlyList<int> expert, IReadOnlyList<int> scored)
    {
        var named = Name(clusters, labels, expert, embedding);
        var kNamed = Name(kmeans, labels, expert, embedding);
        var predicted = ClusterLabelling.Predict(clusters, named);
        var kPredicted = ClusterLabelling.Predict(kmeans, kNamed);
        var yTrue = scored.Select(i => labels[i]).ToArray();
        return new LatentClusteringResult(name, embedding, sweep, clusters, kmeans, ari, named, predicted, kNamed, kPredicted,
            Metrics.Binary(yTrue, scored.Select(i => predicted[i]).ToArray()),
            Metrics.Binary(yTrue, scored.Select(i => kPredicted[i]).ToArray()),
            ClusterLabelling.Composition(clusters, labels, indices: expert), expert.ToArray(), scored.ToArray());
    }

    /// <summary>The chain run on each group of rows on its own (<paramref name="groupOf"/>: a group number per row), as
    /// the talk does per readout channel so that one channel's structure is not drowned by the others': each group
    /// gets its own UMAP, GMM sweep (up to a quarter of its rows) and naming by its own expert rows; the predictions
    /// are put back together and scored over all <paramref name="scored"/> rows.</summary>
    public GroupedLatentClustering FitByGroup(float[,] representation, int[] groupOf, int[]? labels = null,
        IReadOnlyList<int>? expert = null, IReadOnlyList<int>? scored = null, string name = "representation")
    {
        ArgumentNullException.ThrowIfNull(representation);
        ArgumentNullException.ThrowIfNull(groupOf);
        var n = representation.GetLength(0);
        if (groupOf.Length != n) throw new ArgumentException($"{groupOf.Length} groups for {n} rows: one group per row", nameof(groupOf));
        var groups = groupOf.Distinct().Order().ToList();
        var (rows, results) = (new List<int[]>(), new List<LatentClusteringResult>());
        var predicted = new int[n];
        var expertSet = expert?.ToHashSet();
        var scoredSet = scored?.ToHashSet();
        foreach (var g in groups)
        {
            var m = Enumerable.Range(0, n).Where(i => groupOf[i] == g).ToArray();
            var local = new LatentClustering(NNeighbors, MinDist, Math.Max(1, Math.Min(MaxComponents, m.Length / 4)), Math.Max(1, Math.Min(ComponentLimit, m.Length / 4)),
                Standardize, MinPositiveFraction, CovarianceType, NInit, Seed)
            { NamingNeighbours = NamingNeighbours, PriorWeight = PriorWeight, SweepMargin = SweepMargin };
            var r = local.Fit(Matrix.TakeRows(representation, m), labels is null ? null : m.Select(i => labels[i]).ToArray(),
                expertSet is null ? null : Enumerable.Range(0, m.Length).Where(j => expertSet.Contains(m[j])).ToArray(),
                scoredSet is null ? null : Enumerable.Range(0, m.Length).Where(j => scoredSet.Contains(m[j])).ToArray(), $"{name}, group {g}");
            for (var j = 0; j < m.Length && r.Predicted.Length > 0; j++) predicted[m[j]] = r.Predicted[j];
            rows.Add(m);
            results.Add(r);
        }
        var scores = labels is null || scored is null ? null
            : Metrics.Binary(scored.Select(i => labels[i]).ToArray(), scored.Select(i => predicted[i]).ToArray());
        return new GroupedLatentClustering(groups, rows, results, predicted, scores);
    }

    int[] Name(int[] clusters, int[] labels, IReadOnlyList<int> expert, float[,] embedding) =>
        NamingNeighbours > 0 ? ClusterLabelling.NeighbourPriorClusters(clusters, labels, embedding, expert, NamingNeighbours, PriorWeight, MinPositiveFraction ?? 0.5)
        : MinPositiveFraction is { } f ? ClusterLabelling.PositiveClusters(clusters, labels, f, indices: expert)
        : ClusterLabelling.BestF1Clusters(clusters, labels, indices: expert);

    ComponentSweep SweepUntilInside(float[,] embedding)
    {
        // At least 5 samples per component; beyond that the mixtures' covariances degenerate.
        var limit = Math.Max(1, Math.Min(ComponentLimit, embedding.GetLength(0) / 5));
        var max = Math.Min(MaxComponents, limit);
        var rows = new List<ComponentSweep.Row>();
        var models = new List<GaussianMixture>();
        bool Add(IEnumerable<int> counts)
        {
            foreach (var k in counts)
            {
                try
                {
                    var one = GaussianMixture.Sweep(embedding, [k], CovarianceType, Seed, NInit, progress: false);
                    rows.Add(one.Rows[0]);
                    models.Add(one.Models[0]);
                }
                catch (InvalidOperationException) when (rows.Count > 0)
                {
                    return false;   // k components no longer fit these points (a degenerate covariance): the sweep ends here
                }
            }
            return true;
        }
        var complete = Add(ComponentGrid(max));
        // The lowest BIC at (or, with a margin, near) the sweep's upper end says only that more components might do better: extend.
        while (complete && max < limit && max <= SweepMargin * new ComponentSweep(rows, models).Best)
        {
            var next = Math.Min(limit, 2 * max);
            complete = Add(ComponentGrid(next, max + 1));
            max = next;
        }
        return new ComponentSweep(rows, models);
    }

    /// <summary>
    /// Each column centred on its median and scaled by its median absolute deviation × 1.4826 (the MAD scaled to a
    /// normal distribution's σ, scipy's <c>median_abs_deviation(scale="normal")</c>) — <see cref="Standardized"/> made
    /// robust to a minority of far-out rows: the bulk of the rows gets unit spread whatever a few extreme ones do,
    /// where the standard deviation would be inflated by them. A column whose MAD is 0 (more than half its rows share
    /// one value, e.g. a latent position that is off in most images) is scaled by its standard deviation instead;
    /// constant columns become 0.
    /// </summary>
    public static float[,] RobustStandardized(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.GetLength(0), d = x.GetLength(1);
        var r = new float[n, d];
        if (n == 0) return r;
        var column = new float[n];
        for (var j = 0; j < d; j++)
        {
            for (var i = 0; i < n; i++) column[i] = x[i, j];
            var (median, mad) = ImageStatistics.MedianAbsoluteDeviation(column, inPlace: true);
            var scale = 1.4826 * mad;
            if (scale == 0)
            {
                double mean = 0, sq = 0;
                for (var i = 0; i < n; i++) mean += x[i, j];
                mean /= n;
                for (var i = 0; i < n; i++) sq += (x[i, j] - mean) * (x[i, j] - mean);
                scale = Math.Sqrt(sq / n);
            }
            for (var i = 0; i < n; i++) r[i, j] = scale > 0 ? (float)((x[i, j] - median) / scale) : 0f;
        }
        return r;
    }

    /// <summary>Each column scaled to zero mean and unit variance (constant columns to 0).</summary>
    public static float[,] Standardized(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.GetLength(0), d = x.GetLength(1);
        var r = new float[n, d];
        for (var j = 0; j < d; j++)
        {
            double mean = 0, sq = 0;
            for (var i = 0; i < n; i++) mean += x[i, j];
            mean /= Math.Max(1, n);
            for (var i = 0; i < n; i++) sq += (x[i, j] - mean) * (x[i, j] - mean);
            var sd = Math.Sqrt(sq / Math.Max(1, n));
            for (var i = 0; i < n; i++) r[i, j] = sd > 0 ? (float)((x[i, j] - mean) / sd) : 0f;
        }
        return r;
    }
}

/// <summary>
/// What <see cref="LatentClustering.Fit"/> found: the 2-D UMAP <see cref="Embedding"/>, the GMM
/// <see cref="Sweep"/> (AIC/BIC per component count) and the <see cref="Clusters"/> of its lowest BIC,
/// k-means <see cref="KMeansLabels"/> at the same count and their <see cref="AdjustedRandIndex"/>, the
/// clusters the expert named positive, the resulting per-row predictions, and precision/recall/F1 on the
/// scored rows (null for an unsupervised run). Displays itself as a summary table.
/// </summary>
public sealed record LatentClusteringResult(string Name, float[,] Embedding, ComponentSweep Sweep, int[] Clusters,
    int[] KMeansLabels, double AdjustedRandIndex, int[] NamedClusters, int[] Predicted, int[] KMeansNamedClusters,
    int[] KMeansPredicted, BinaryMetrics? Scores, BinaryMetrics? KMeansScores, IReadOnlyList<ClusterComposition> ExpertComposition,
    int[] Expert, int[] Scored)
{
    /// <summary>The component count of the lowest BIC.</summary>
    public int Components => Sweep.Best;
    /// <summary>The largest component count swept.</summary>
    public int MaxComponentsSwept => Sweep.Rows.Max(r => r.Components);
    /// <summary>True when the lowest BIC lies inside the sweep, not at its upper end (more components would not do better).</summary>
    public bool MinimumInside => Components < MaxComponentsSwept;
    /// <summary>Members of each cluster (ascending cluster number).</summary>
    public IReadOnlyList<int> Members(int cluster) => Enumerable.Range(0, Clusters.Length).Where(i => Clusters[i] == cluster).ToArray();

    /// <summary>Recall on the scored rows within each group that <paramref name="groupOf"/> assigns to a positive
    /// row (e.g. the kind of feature or the size of the object in it): group, positives, found, recall.</summary>
    public IReadOnlyList<(string Group, int Positives, int Found, double Recall)> RecallBy(int[] labels, Func<int, string> groupOf)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(groupOf);
        return Scored.Where(i => labels[i] == 1).GroupBy(groupOf).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.Count(i => Predicted[i] == 1), g.Count(i => Predicted[i] == 1) / (double)g.Count()))
            .ToList();
    }

    public override string ToString() =>
        $"{Name}: {Components} GMM clusters (swept 1–{MaxComponentsSwept}{(MinimumInside ? "" : ", lowest BIC at the end")})" +
        (Scores is { } s ? $", named {NamedClusters.Length}, precision {s.Precision:0.###} recall {s.Recall:0.###} F1 {s.F1:0.###}" : "");
}
