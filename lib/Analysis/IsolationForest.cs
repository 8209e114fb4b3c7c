namespace NotebookLib.Analysis;

/// <summary>
/// Isolation Forest (Liu, Ting &amp; Zhou 2008), axis-parallel cuts as scikit-learn's: each tree
/// isolates a subsample of <c>maxSamples</c> points by random feature and random split; anomalies
/// have short paths. <c>ScoreSamples</c> is the paper's score s = 2^(−E[h]/c(ψ)) in (0, 1]:
/// higher is more anomalous, about 0.5 or below is normal (scikit-learn's score_samples is −s).
/// <c>nJobs</c> (scikit-learn's n_jobs) caps the threads; null uses the environment's thread count.
/// </summary>
public sealed class IsolationForest(int nEstimators = 100, int maxSamples = 256, double? contamination = null, int? seed = null, int? nJobs = null)
    : IsolationEnsemble(nEstimators, maxSamples, contamination, seed, extensionLevel: -1, nJobs)
{
    public new IsolationForest Fit(float[,] x) { FitCore(x, "IsolationForest"); return this; }
}

/// <summary>
/// Extended Isolation Forest (Hariri, Carrasco Kind &amp; Brunner 2019): each cut is a random
/// hyperplane whose normal has <c>extensionLevel</c> + 1 non-zero Gaussian components, from 0
/// (axis-parallel) to d − 1 (fully extended, the default), with its intercept drawn uniformly in the
/// node's bounding box. Removes the axis-aligned artefacts of the score map.
/// </summary>
public sealed class ExtendedIsolationForest(int nEstimators = 100, int maxSamples = 256, int? extensionLevel = null, double? contamination = null, int? seed = null, int? nJobs = null)
    : IsolationEnsemble(nEstimators, maxSamples, contamination, seed,
        extensionLevel is < 0 ? throw new ArgumentOutOfRangeException(nameof(extensionLevel), extensionLevel, "extensionLevel must be between 0 (axis-parallel) and d − 1 (fully extended)") : extensionLevel ?? int.MaxValue, nJobs)
{
    public new ExtendedIsolationForest Fit(float[,] x) { FitCore(x, "ExtendedIsolationForest"); return this; }
}

/// <summary>The forest shared by both variants: trees of random cuts, path lengths with the
/// c(n) correction for unsplit leaves, the anomaly score and the contamination threshold.</summary>
public abstract class IsolationEnsemble
{
    private protected IsolationEnsemble(int nEstimators, int maxSamples, double? contamination, int? seed, int extensionLevel, int? nJobs)
    {
        if (nJobs is < 1) throw new ArgumentOutOfRangeException(nameof(nJobs), nJobs, "nJobs must be at least 1 (or null for the environment's thread count)");
        if (nEstimators < 1) throw new ArgumentOutOfRangeException(nameof(nEstimators), nEstimators, "a forest needs at least one tree");
        if (maxSamples < 2) throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "maxSamples must be at least 2");
        if (contamination is not null and (<= 0 or > 0.5)) throw new ArgumentOutOfRangeException(nameof(contamination), contamination, "contamination must be in (0, 0.5]");
        NEstimators = nEstimators; MaxSamples = maxSamples; Contamination = contamination;
        Seed = NotebookLib.Configuration.Seeds.Resolve(seed);
        requestedLevel = extensionLevel;
        NJobs = nJobs;
    }

    public int NEstimators { get; }
    public int MaxSamples { get; }
    /// <summary>Expected fraction of anomalies; null keeps the paper's threshold 0.5.</summary>
    public double? Contamination { get; }
    public int Seed { get; }
    /// <summary>Threads for fitting and scoring; null for the environment's. The result does not depend on it.</summary>
    public int? NJobs { get; }
    ParallelOptions Parallel => new() { MaxDegreeOfParallelism = NJobs ?? Input.Threads };
    /// <summary>Non-zero normal components minus one; −1 for scikit-learn's axis-parallel trees.</summary>
    public int ExtensionLevel => requestedLevel == int.MaxValue ? d - 1 : requestedLevel;
    /// <summary>Scores above this are called anomalies by <see cref="Predict"/>.</summary>
    public double Threshold { get; private set; } = 0.5;
    readonly int requestedLevel;
    int d, psi;
    IsolationTree[] trees = [];
    /// <summary>The fitted trees, for tests of their structure.</summary>
    internal IReadOnlyList<IsolationTree> Trees => trees;

    /// <summary>Rows scored together, tree after tree: 64 rows of 64 floats stay in L1/L2 while one
    /// tree (a few kB of flat arrays) is walked for each of them.</summary>
    const int Block = 64;

    private protected void FitCore(float[,] x, string name)
    {
        var (n, dd) = Input.Check(x, name, 2);
        d = dd;
        if (requestedLevel != int.MaxValue && requestedLevel >= d)
            throw new ArgumentException($"{name}: extensionLevel = {requestedLevel} but X has {d} features; it must be between 0 and d − 1 = {d - 1}");
        psi = Math.Min(MaxSamples, n);
        // every tree has its own seed drawn up front, so the forest is the same whatever the thread count
        var master = new Random(Seed);
        var seeds = new int[NEstimators];
        for (int t = 0; t < seeds.Length; t++) seeds[t] = master.Next();
        var grown = new IsolationTree[NEstimators];
        int m = ExtensionLevel + 1;
        int workers = Math.Min(Parallel.MaxDegreeOfParallelism, NEstimators);
        System.Threading.Tasks.Parallel.For(0, workers, Parallel, w =>
        {
            var grower = new IsolationTreeGrower(x, n, d, psi, m);
            for (int t = w; t < grown.Length; t += workers) grown[t] = grower.Grow(seeds[t]);
        });
        trees = grown;
        if (Contamination is { } c)
        {
            // the (1 − c) quantile of the training scores, interpolated as numpy's percentile
            var s = ScoreSamples(x); Array.Sort(s);
            double pos = (1 - c) * (n - 1); int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, n - 1);
            Threshold = s[lo] + (pos - lo) * (s[hi] - s[lo]);
        }
    }

    /// <summary>Average path length of an unsuccessful search in a binary search tree of n points.</summary>
    public static double C(double n) => n <= 1 ? 0 : n == 2 ? 1 : 2 * (Math.Log(n - 1) + 0.5772156649015329) - 2 * (n - 1) / n;

    /// <summary>Anomaly score 2^(−E[h(x)]/c(ψ)) of every sample: near 1 anomalous, ≤ 0.5 normal.
    /// Blocks of rows are scored in parallel, each row summing its trees in order, so the scores are
    /// identical for any thread count.</summary>
    public double[] ScoreSamples(float[,] x)
    {
        Input.CheckFitted(trees.Length > 0, GetType().Name);
        int n = Input.CheckFeatures(x, d, GetType().Name + ".ScoreSamples");
        var scores = new double[n]; double scale = -1.0 / trees.Length / C(psi);
        int dd = d; var forest = trees;
        System.Threading.Tasks.Parallel.For(0, (n + Block - 1) / Block, Parallel, b =>
        {
            var flat = Input.Flat(x);
            int i0 = b * Block, i1 = Math.Min(n, i0 + Block);
            Span<double> h = stackalloc double[Block];
            Span<int> node = stackalloc int[Block];
            var rows = flat.Slice(i0 * dd, (i1 - i0) * dd);
            foreach (var t in forest) t.AddPathLengths(rows, dd, h[..(i1 - i0)], node);
            for (int i = i0; i < i1; i++) scores[i] = Math.Pow(2, h[i - i0] * scale);
        });
        return scores;
    }

    /// <summary>−1 for anomalies (score &gt; <see cref="Threshold"/>), 1 for normal samples, as scikit-learn.</summary>
    public int[] Predict(float[,] x) => ScoreSamples(x).Select(s => s > Threshold ? -1 : 1).ToArray();

    public IsolationEnsemble Fit(float[,] x) { FitCore(x, GetType().Name); return this; }
}
