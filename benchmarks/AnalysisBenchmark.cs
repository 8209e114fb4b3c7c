using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using NotebookLib.Analysis;
using NotebookLib.IO;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench analysis`: k-means, GMM, Isolation Forest, PCA, nearest neighbours, t-SNE, UMAP and
/// ward clustering against scikit-learn from Debian on the same 64-d data in the same run, and notebook 05's
/// latent-space steps on 100-d data ("eif": Extended Isolation Forest fit and scoring against scikit-learn's
/// IsolationForest, since neither isotree nor the eif reference is packaged by Debian; "nn100": the k-nearest-
/// neighbour search against scikit-learn's NearestNeighbors), with the
/// same thread count (NOTEBOOKLIB_THREADS / OMP_NUM_THREADS). Quality figures that depend on labels
/// or embeddings (ARI, AUC, trustworthiness) are computed by the same C# code for both sides.
/// scikit-learn has no UMAP: ours is set against its t-SNE, the issue's yardstick for both embeddings.
/// Each time is the best of <see cref="Rounds"/> runs, ours and the peer alternating, so that a load
/// change on the shared machine hits both sides. NOTEBOOKLIB_ANALYSIS_ALGOS (e.g. "iforest,ward") and
/// NOTEBOOKLIB_ANALYSIS_SIZES (e.g. "10000") narrow the run.
/// </summary>
public sealed class AnalysisBenchmark : IBenchmark
{
    public string Name => "analysis";
    public string Description => "latent-space analysis vs scikit-learn: quality figure and fit time, 64-d blobs";

    const int Rounds = 2;
    const string Sk = "scikit-learn";
    // Ward is O(n²) in memory (scikit-learn's holds the n² distances: 40 GB at 100,000): only at 10,000. Both t-SNEs are
    // Barnes-Hut, but each of their fits at 100,000 takes minutes, as does scikit-learn's t-SNE as UMAP's yardstick here:
    // above 10,000 those two run only when NOTEBOOKLIB_ANALYSIS_ALGOS names them (UMAP against umap-learn at 200,000 is
    // `./nb bench umap`). Exact all-pairs neighbours are O(n²) in time only (both sides work in blocks): at 100,000 too.
    static readonly string[] Everything = ["kmeans", "gmm", "iforest", "pca", "nn", "tsne", "umap", "ward", "eif", "nn100"];
    static readonly string[] Large = ["kmeans", "gmm", "iforest", "pca", "nn", "eif"];
    static readonly string[] Embeddings = ["tsne", "umap"];
    // notebook 05's steps run on its 100-d autoencoder latents
    static readonly string[] Latent = ["eif", "nn100"];
    const int LatentDim = 100;
    // --large: a million points; kNN as 10,000 queries against them all, UMAP through NN-descent with
    // no peer (scikit-learn's t-SNE does not finish at this size)
    static readonly string[] Million = ["kmeans", "gmm", "pca", "nn", "umap"];
    const int MillionQueries = 10_000;

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        Directory.CreateDirectory(context.WorkDirectory);
        Warm();
        var only = List("NOTEBOOKLIB_ANALYSIS_ALGOS");
        var sizes = List("NOTEBOOKLIB_ANALYSIS_SIZES")?.Select(int.Parse).ToArray() ?? (context.Large ? [1_000_000] : context.Quick ? [2000] : [10_000, 100_000]);
        if (context.Large) Environment.SetEnvironmentVariable("NOTEBOOKLIB_KNN_QUERIES", MillionQueries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (only?.FirstOrDefault(a => !Everything.Contains(a)) is { } unknown)
            throw new ArgumentException($"NOTEBOOKLIB_ANALYSIS_ALGOS names '{unknown}'; known: {string.Join(",", Everything)}");
        var rows = new List<Row>();
        foreach (var n in sizes)
        {
            var algos = (context.Large ? Million : n <= 10_000 ? Everything : [.. Large, .. Embeddings.Intersect(only ?? [])])
                .Where(a => only is null || only.Contains(a)).ToArray();
            var cases = new[] { (64, algos.Except(Latent).ToArray()), (LatentDim, algos.Intersect(Latent).ToArray()) };
            foreach (var (d, some) in cases.Where(c => c.Item2.Length > 0))
                foreach (var row in Case(context, n, d, some, context.Large))
                {
                    rows.Add(row);
                    yield return row.Quality;
                    yield return row.Time;
                    yield return row.Memory;
                }
        }
        context.Log(Summary(rows, context.Threads));
    }

    static string[]? List(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;

    /// <summary>One algorithm at one size: its quality figure and its time, both against the peer.</summary>
    /// <remarks><paramref name="BaseOurs"/> and <paramref name="BasePeer"/>: each side's resident set just before its fit in its fresh
    /// process (GB), beside the peaks; <paramref name="InBenchOurs"/>: our peak inside the long-lived bench process.</remarks>
    sealed record Row(string Algorithm, int N, string Peer, BenchmarkResult Quality, BenchmarkResult Time, BenchmarkResult Memory, double MedianOurs, double MedianPeer, double BaseOurs, double BasePeer, double InBenchOurs);

    /// <summary>The table the issue asks for: one line per algorithm and size.</summary>
    static string Summary(List<Row> rows, int threads)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"analysis summary ({threads} threads both sides; our matrix algorithms (k-means, GMM, PCA, kNN) on {NotebookLib.Torch.Device.Default}; times are the best (and median) of {Rounds} alternating runs; ratio = peer time / our time; " +
            $"peak RSS = each side's whole-process peak resident set, each fit in a fresh process of its own (the data, the libraries the algorithm loads, the fit), base = that process's resident set just before the fit; in bench = our peak inside the bench's own long-lived process (high-water mark reset before the fit); load {UmapBenchmark.Load()})");
        sb.AppendLine($"{"algorithm",-10} {"n",7}  {"quality",-30} {"ours",10} {"peer",10}  {"time ours",9} {"time peer",9} {"ratio",6} {"median",6}  {"RSS ours",8} {"RSS peer",8} {"base ours",9} {"base peer",9} {"in bench",8}  peer");
        foreach (var r in rows)
            sb.AppendLine($"{r.Algorithm,-10} {r.N,7}  {r.Quality.Metric,-30} {r.Quality.Ours,10:G5} {r.Quality.Peer,10:G5}  {r.Time.Ours,8:F3}s {r.Time.Peer,8:F3}s {r.Time.Ratio,6:F2} {r.MedianPeer / r.MedianOurs,6:F2}  {r.Memory.Ours,6:F2}GB {r.Memory.Peer,6:F2}GB {r.BaseOurs,7:F2}GB {r.BasePeer,7:F2}GB {r.InBenchOurs,6:F2}GB  {r.Peer}");
        return sb.ToString();
    }

    internal static (float[,] X, int[] Labels) Blobs(int n, int d, int k, int seed)
    {
        var rng = new Random(seed);
        var centers = new double[k, d];
        for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) centers[c, j] = 1.5 * Gauss(rng);
        var x = new float[n, d]; var y = new int[n];
        for (int i = 0; i < n; i++) { y[i] = rng.Next(k); for (int j = 0; j < d; j++) x[i, j] = (float)(centers[y[i], j] + Gauss(rng)); }
        return (x, y);
    }

    static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>A standard Gaussian with 1% of the samples moved to a shell at radius 1.5× the bulk's.</summary>
    static (float[,] X, int[] IsOutlier) Outliers(int n, int d, int seed)
    {
        var rng = new Random(seed); var x = new float[n, d]; var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            var v = Enumerable.Range(0, d).Select(_ => Gauss(rng)).ToArray();
            if (i % 100 == 0) { y[i] = 1; double s = 1.5 * Math.Sqrt(d) / Math.Sqrt(v.Sum(a => a * a)); for (int j = 0; j < d; j++) v[j] *= s; }
            for (int j = 0; j < d; j++) x[i, j] = (float)v[j];
        }
        return (x, y);
    }

    internal static string Write(BenchmarkContext ctx, string name, float[,] x)
    {
        var path = Path.Combine(ctx.WorkDirectory, name);
        var bytes = new byte[x.Length * 4];
        Buffer.BlockCopy(x, 0, bytes, 0, bytes.Length);
        AtomicFile.WriteAllBytes(path, bytes);
        return path;
    }

    static void Warm()
    {
        // JIT the code paths once on a tiny problem so that the timings measure the algorithms
        var (x, _) = Blobs(300, 8, 3, 1);
        new KMeans(3, nInit: 1, seed: 0).Fit(x); new GaussianMixture(2, seed: 0).Fit(x); new PCA(2).Fit(x);
        new IsolationForest(10, seed: 0).Fit(x).ScoreSamples(x); new NearestNeighbors(3).Fit(x).Kneighbors();
        new AgglomerativeClustering(3).Fit(x); new TSNE(nIter: 250, perplexity: 10, progress: false).Fit(x);
        new UMAP(nEpochs: 20, seed: 0, progress: false).Fit(x);
    }

    static IEnumerable<Row> Case(BenchmarkContext ctx, int n, int d, string[] algos, bool large)
    {
        var (x, truth) = Blobs(n, d, 10, 7);
        var forests = algos.Contains("iforest") || algos.Contains("eif");
        var (xo, isOut) = forests ? Outliers(n, d, 8) : (new float[0, 0], []);
        var path = Write(ctx, $"blobs-{n}-{d}.f32", x);
        var pathO = forests ? Write(ctx, $"outliers-{n}-{d}.f32", xo) : "";
        string c = $"n={n} d={d}";
        // scikit-learn's t-SNE is the yardstick of both t-SNE and UMAP: run it once per round for both
        var peerRuns = new Dictionary<(string, int), JsonNode>();
        foreach (var a in algos)
        {
            // UMAP is timed against scikit-learn's t-SNE, the extended forest against its axis-parallel one
            string peerAlgo = a switch { "umap" => "tsne", "eif" => "iforest", "nn100" => "nn", _ => a };
            var peerTimes = new List<double>(); var ourTimes = new List<double>(); double ourPeak = 0, peerPeak = 0, ourBase = 0, baseAtPeak = 0, peerBase = double.NaN; string held = "", baseHeld = "";
            JsonNode? p = null; BenchmarkResult? quality = null;
            bool noPeer = large && a == "umap";
            for (int round = 0; round < Rounds; round++)
            {
                ctx.Log($"  analysis n={n} {a}: round {round + 1}/{Rounds}, {(noPeer ? "no peer" : $"scikit-learn {peerAlgo}")} then ours (load {UmapBenchmark.Load()})");
                JsonNode reply = new JsonObject { ["time"] = double.NaN };
                if (!noPeer && !peerRuns.TryGetValue((peerAlgo, round), out reply!))
                    peerRuns[(peerAlgo, round)] = reply = JsonNode.Parse(ctx.RunPython("analysis_peer.py", a is "iforest" or "eif" ? pathO : path, n.ToString(), d.ToString(), peerAlgo))![peerAlgo]!;
                p ??= reply;
                peerTimes.Add(reply["time"]!.GetValue<double>());
                PeakMemory.Reset();
                ourBase = PeakMemory.CurrentBytes();
                var composition = PeakMemory.Composition();
                var sampler = new MemorySampler();
                var sw = Stopwatch.StartNew();
                var q = Ours(a, c, x, truth, xo, isOut, p, large ? MillionQueries : 0, () =>
                {
                    sw.Stop(); sampler.Dispose();
                    var peak = PeakMemory.PeakBytes();
                    if (!(peak <= ourPeak)) { ourPeak = peak; baseAtPeak = ourBase; baseHeld = composition; held = sampler.Breakdown(); }
                });
                ourTimes.Add(sw.Elapsed.TotalSeconds);
                if (reply["peak_rss"] is { } rss) peerPeak = Math.Max(peerPeak, rss.GetValue<double>());
                if (reply["base_rss"] is { } prss) peerBase = double.IsNaN(peerBase) ? prss.GetValue<double>() : Math.Min(peerBase, prss.GetValue<double>());
                quality ??= q;
            }
            // the memory figure: our fit in a process of its own, as the peer's
            var fresh = FreshProcessFit.Measure(ctx, a, a is "iforest" or "eif" ? pathO : path, n, d, large ? MillionQueries : 0);
            ctx.Log($"  {a} n={n}: in a fresh process our fit took {fresh.Seconds:F3} s, held {fresh.BaseBytes / 1e9:F2} GB before it and peaked at {fresh.PeakBytes / 1e9:F2} GB");
            var time = new BenchmarkResult("analysis", quality!.Case, $"fit time ({ctx.Threads} threads)", "s", ourTimes.Min(), peerTimes.Min(),
                noPeer ? "none" : a == "umap" ? Sk + " t-SNE" : a == "eif" ? Sk + " IsolationForest" : Sk, false);
            var memory = new BenchmarkResult("analysis", quality.Case, "peak resident set (each side a fresh process)", "GB", fresh.PeakBytes / 1e9, peerPeak / 1e9, time.PeerName, false);
            ctx.Log($"  {a} n={n}: in the bench's own process ours held {baseAtPeak / 1e9:F2} GB before the fit (runtime, libtorch, the data: {baseHeld}) and peaked at {ourPeak / 1e9:F2} GB ({held}); the peer's whole process held {peerBase / 1e9:F2} GB before its fit (interpreter, numpy, scikit-learn, the data) and peaked at {peerPeak / 1e9:F2} GB; over the base: ours {(ourPeak - baseAtPeak) / 1e9:F2} GB, the peer's {(peerPeak - peerBase) / 1e9:F2} GB");
            yield return new Row(a, n, time.PeerName, quality, time, memory, BenchmarkTimer.Median(ourTimes), BenchmarkTimer.Median(peerTimes), fresh.BaseBytes / 1e9, peerBase / 1e9, ourPeak / 1e9);
        }
    }

    /// <summary>Runs our estimator (calling <paramref name="sw"/> when the fit is done, before scoring) and scores it
    /// and the peer's answer <paramref name="p"/> with the same quality figure.</summary>
    static BenchmarkResult Ours(string a, string c, float[,] x, int[] truth, float[,] xo, int[] isOut, JsonNode p, int queries, Action sw)
    {
        var fit = Fit(a, x, xo, queries);
        sw();
        return Score(a, c, fit, x, truth, isOut, p, queries);
    }

    /// <summary>Our fit of algorithm <paramref name="a"/> as the bench times it (and as <see cref="FreshProcessFit"/>
    /// measures its memory): the fitted model or what the quality figure needs of it.</summary>
    internal static object Fit(string a, float[,] x, float[,] xo, int queries) => a switch
    {
        "kmeans" => new KMeans(10, nInit: 10, seed: 0).Fit(x),
        "gmm" => new GaussianMixture(10, CovarianceType.Full, seed: 0).Fit(x),
        "iforest" => new IsolationForest(100, seed: 0).Fit(xo).ScoreSamples(xo),
        "eif" => new ExtendedIsolationForest(100, seed: 0).Fit(xo).ScoreSamples(xo),
        "pca" => new PCA(10).Fit(x),
        "nn" or "nn100" => queries > 0
            ? new NearestNeighbors(10).Fit(x).Kneighbors(UmapBenchmark.Take(x, Enumerable.Range(0, queries).ToArray()))
            : new NearestNeighbors(10).Fit(x).Kneighbors(),
        "tsne" => new TSNE(perplexity: 30, seed: 0, progress: false).FitTransform(x),
        "umap" => new UMAP(seed: 0, progress: false).FitTransform(x),
        "ward" => new AgglomerativeClustering(10).Fit(x).Labels,
        _ => throw new ArgumentException($"unknown algorithm '{a}'; known: {string.Join(",", Everything)}", nameof(a)),
    };

    static BenchmarkResult Score(string a, string c, object fit, float[,] x, int[] truth, int[] isOut, JsonNode p, int queries)
    {
        int n = x.GetLength(0);
        switch (a)
        {
            case "kmeans":
                return new("analysis", $"kmeans {c}", "inertia", "", ((KMeans)fit).Inertia, p["inertia"]!.GetValue<double>(), Sk, false);
            case "gmm":
                return new("analysis", $"gmm full {c}", "−mean log-likelihood", "nats", -((GaussianMixture)fit).Score(x), -p["loglik"]!.GetValue<double>(), Sk, false);
            case "iforest" or "eif":
            {
                var s = ((IEnumerable<double>)fit).Select(v => (float)v).ToArray();
                var ps = p["scores"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
                return new("analysis", $"{a} {c}", "outlier ROC AUC", "", Metrics.RocAuc(isOut, s), Metrics.RocAuc(isOut, ps), a == "eif" ? Sk + " IsolationForest" : Sk, true);
            }
            case "pca":
                return new("analysis", $"pca 10 {c}", "explained variance ratio", "", ((PCA)fit).ExplainedVarianceRatio.Sum(), p["ratio"]!.GetValue<double>(), Sk, true);
            case "nn" or "nn100":
            {
                var r = (Neighbors)fit;
                double mean = Enumerable.Range(0, r.Distances.GetLength(0)).Average(i => (double)r.Distances[i, 9]);
                return new("analysis", queries > 0 ? $"knn k=10 {c}, {queries} queries" : $"knn k=10 {c}", "mean 10th-neighbour distance", "", mean, p["meandist"]!.GetValue<double>(), Sk, false);
            }
            case "tsne" or "umap":
            {
                var y = (float[,])fit;
                if (p["embedding"] is null) // a million points: no peer, trustworthiness on a sample
                    return new("analysis", $"{a} {c}", "trustworthiness k=5 (20000 sampled)", "", UmapBenchmark.Trust(x, y, UmapBenchmark.TrustIndices(n)), double.NaN, "none", true);
                var py = p["embedding"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
                // above 20,000 points on the same sample on both sides
                var sample = UmapBenchmark.TrustIndices(n);
                return new("analysis", $"{a} {c}", sample is null ? "trustworthiness k=5" : "trustworthiness k=5 (20000 sampled)", "",
                    UmapBenchmark.Trust(x, y, sample), UmapBenchmark.Trust(x, Input.ToMatrix(py, n, 2), sample), a == "umap" ? Sk + " t-SNE" : Sk, true);
            }
            case "ward":
            {
                var pl = p["labels"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
                return new("analysis", $"ward {c}", "ARI vs truth", "", Metrics.AdjustedRandIndex(truth, (int[])fit), Metrics.AdjustedRandIndex(truth, pl), Sk, true);
            }
            default: throw new InvalidOperationException(a);
        }
    }
}
