namespace NotebookLib.Analysis;

/// <summary>
/// Isolation Forest (Liu, Ting &amp; Zhou 2008), axis-parallel cuts as scikit-learn's: each tree
/// isolates a subsample of <c>maxSamples</c> points by random feature and random split; anomalies
/// have short paths. <c>ScoreSamples</c> is the paper's score s = 2^(−E[h]/c(ψ)) in (0, 1]:
/// higher is more anomalous, about 0.5 or below is normal (scikit-learn's score_samples is −s).
/// </summary>
public sealed class IsolationForest(int nEstimators = 100, int maxSamples = 256, double? contamination = null, int? seed = null)
    : IsolationEnsemble(nEstimators, maxSamples, contamination, seed, extensionLevel: -1)
{
    public new IsolationForest Fit(float[,] x) { FitCore(x, "IsolationForest"); return this; }
}

/// <summary>
/// Extended Isolation Forest (Hariri, Carrasco Kind &amp; Brunner 2019): each cut is a random
/// hyperplane whose normal has <c>extensionLevel</c> + 1 non-zero Gaussian components, from 0
/// (axis-parallel) to d − 1 (fully extended, the default), with its intercept drawn uniformly in the
/// node's bounding box. Removes the axis-aligned artefacts of the score map.
/// </summary>
public sealed class ExtendedIsolationForest(int nEstimators = 100, int maxSamples = 256, int? extensionLevel = null, double? contamination = null, int? seed = null)
    : IsolationEnsemble(nEstimators, maxSamples, contamination, seed, extensionLevel ?? int.MaxValue)
{
    public new ExtendedIsolationForest Fit(float[,] x) { FitCore(x, "ExtendedIsolationForest"); return this; }
}

/// <summary>The forest shared by both variants: trees of random cuts, path lengths with the
/// c(n) correction for unsplit leaves, the anomaly score and the contamination threshold.</summary>
public abstract class IsolationEnsemble
{
    private protected IsolationEnsemble(int nEstimators, int maxSamples, double? contamination, int? seed, int extensionLevel)
    {
        if (nEstimators < 1) throw new ArgumentOutOfRangeException(nameof(nEstimators), nEstimators, "a forest needs at least one tree");
        if (maxSamples < 2) throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "maxSamples must be at least 2");
        if (contamination is not null and (<= 0 or > 0.5)) throw new ArgumentOutOfRangeException(nameof(contamination), contamination, "contamination must be in (0, 0.5]");
        NEstimators = nEstimators; MaxSamples = maxSamples; Contamination = contamination;
        Seed = seed ?? NotebookLib.Configuration.EnvironmentSettings.Current.Seed;
        requestedLevel = extensionLevel;
    }

    public int NEstimators { get; }
    public int MaxSamples { get; }
    /// <summary>Expected fraction of anomalies; null keeps the paper's threshold 0.5.</summary>
    public double? Contamination { get; }
    public int Seed { get; }
    /// <summary>Non-zero normal components minus one; −1 for scikit-learn's axis-parallel trees.</summary>
    public int ExtensionLevel => requestedLevel == int.MaxValue ? d - 1 : requestedLevel;
    /// <summary>Scores above this are called anomalies by <see cref="Predict"/>.</summary>
    public double Threshold { get; private set; } = 0.5;
    readonly int requestedLevel;
    int d, psi;
    Tree[] trees = [];

    sealed class Tree
    {
        public List<int> Left = [], Right = [], Feature = [];
        public List<float> Split = [], Size = [];
        public List<float[]?> Normal = [];
    }

    private protected void FitCore(float[,] x, string name)
    {
        var (n, dd) = Input.Check(x, name, 2);
        d = dd;
        if (requestedLevel != int.MaxValue && requestedLevel >= d)
            throw new ArgumentException($"{name}: extensionLevel = {requestedLevel} but X has {d} features; it must be between 0 and d − 1 = {d - 1}");
        psi = Math.Min(MaxSamples, n);
        int maxDepth = (int)Math.Ceiling(Math.Log2(psi));
        var data = Input.Flat(x).ToArray();
        var master = new Random(Seed);
        var seeds = Enumerable.Range(0, NEstimators).Select(_ => master.Next()).ToArray();
        trees = new Tree[NEstimators];
        int level = ExtensionLevel;
        Parallel.For(0, NEstimators, Input.Parallel, t =>
        {
            var rng = new Random(seeds[t]);
            var sample = Enumerable.Range(0, n).ToArray();
            for (int i = 0; i < psi; i++) { int j = rng.Next(i, n); (sample[i], sample[j]) = (sample[j], sample[i]); }
            var tree = new Tree();
            Grow(tree, data, sample.AsSpan(0, psi).ToArray(), 0, maxDepth, level, rng);
            trees[t] = tree;
        });
        if (Contamination is { } c)
        {
            // the (1 − c) quantile of the training scores, interpolated as numpy's percentile
            var s = ScoreSamples(x); Array.Sort(s);
            double pos = (1 - c) * (n - 1); int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, n - 1);
            Threshold = s[lo] + (pos - lo) * (s[hi] - s[lo]);
        }
    }

    int Grow(Tree t, float[] data, int[] idx, int depth, int maxDepth, int level, Random rng)
    {
        int node = t.Left.Count;
        t.Left.Add(-1); t.Right.Add(-1); t.Feature.Add(-1); t.Split.Add(0); t.Size.Add(idx.Length); t.Normal.Add(null);
        if (depth >= maxDepth || idx.Length <= 1) return node;
        float[]? normal = null; int feature = -1; float split;
        Func<int, bool> goesLeft;
        if (level < 0)
        {
            // scikit-learn: a random feature that is not constant in this node, split uniformly in its range
            var order = Enumerable.Range(0, d).OrderBy(_ => rng.Next()).ToArray();
            float lo = 0, hi = 0;
            foreach (var f in order)
            {
                lo = float.PositiveInfinity; hi = float.NegativeInfinity;
                foreach (var i in idx) { var v = data[i * d + f]; lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
                if (hi > lo) { feature = f; break; }
            }
            if (feature < 0) return node;
            split = (float)(lo + rng.NextDouble() * (hi - lo));
            if (split >= hi) split = lo;
            int ff = feature; float ss = split;
            goesLeft = i => data[i * d + ff] <= ss;
        }
        else
        {
            // Hariri et al.: normal ~ N(0, I) with d − level − 1 components zeroed; point p uniform in the box
            normal = new float[d];
            for (int j = 0; j < d; j++) normal[j] = (float)Gauss(rng);
            foreach (var j in Enumerable.Range(0, d).OrderBy(_ => rng.Next()).Take(d - level - 1)) normal[j] = 0;
            double offset = 0;
            for (int j = 0; j < d; j++)
            {
                if (normal[j] == 0) continue;
                float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
                foreach (var i in idx) { var v = data[i * d + j]; lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
                offset += normal[j] * (lo + rng.NextDouble() * (hi - lo));
            }
            split = (float)offset;
            var nn = normal; float ss = split;
            goesLeft = i => Project(data.AsSpan(i * d, d), nn) <= ss;
        }
        var left = idx.Where(goesLeft).ToArray();
        var right = idx.Where(i => !goesLeft(i)).ToArray();
        t.Feature[node] = feature; t.Split[node] = split; t.Normal[node] = normal;
        int l = Grow(t, data, left, depth + 1, maxDepth, level, rng);
        int r = Grow(t, data, right, depth + 1, maxDepth, level, rng);
        t.Left[node] = l; t.Right[node] = r;
        return node;
    }

    static float Project(ReadOnlySpan<float> x, float[] normal) => System.Numerics.Tensors.TensorPrimitives.Dot(x, normal);

    static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Average path length of an unsuccessful search in a binary search tree of n points.</summary>
    public static double C(double n) => n <= 1 ? 0 : n == 2 ? 1 : 2 * (Math.Log(n - 1) + 0.5772156649015329) - 2 * (n - 1) / n;

    /// <summary>Anomaly score 2^(−E[h(x)]/c(ψ)) of every sample: near 1 anomalous, ≤ 0.5 normal.</summary>
    public double[] ScoreSamples(float[,] x)
    {
        Input.CheckFitted(trees.Length > 0, GetType().Name);
        int n = Input.CheckFeatures(x, d, GetType().Name + ".ScoreSamples");
        var data = Input.Flat(x).ToArray();
        var scores = new double[n]; double cpsi = C(psi);
        Parallel.For(0, n, Input.Parallel, i =>
        {
            var row = data.AsSpan(i * d, d);
            double h = 0;
            foreach (var t in trees)
            {
                int node = 0, depth = 0;
                while (t.Left[node] >= 0)
                {
                    bool left = t.Normal[node] is { } nv ? Project(row, nv) <= t.Split[node] : row[t.Feature[node]] <= t.Split[node];
                    node = left ? t.Left[node] : t.Right[node];
                    depth++;
                }
                h += depth + C(t.Size[node]);
            }
            scores[i] = Math.Pow(2, -h / trees.Length / cpsi);
        });
        return scores;
    }

    /// <summary>−1 for anomalies (score &gt; <see cref="Threshold"/>), 1 for normal samples, as scikit-learn.</summary>
    public int[] Predict(float[,] x) => ScoreSamples(x).Select(s => s > Threshold ? -1 : 1).ToArray();

    public IsolationEnsemble Fit(float[,] x) { FitCore(x, GetType().Name); return this; }
}
