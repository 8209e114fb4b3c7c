using System.Diagnostics;
using System.Text.Json.Nodes;
using NotebookLib.Benchmarks;
using NotebookLib.IO;

namespace NotebookLib.Analysis;

/// <summary>
/// `./nb bench analysis`: k-means, GMM, Isolation Forest, PCA, nearest neighbours, t-SNE and ward
/// clustering against scikit-learn from Debian on the same 64-d data in the same run, with the same
/// thread count (NOTEBOOKLIB_THREADS / OMP_NUM_THREADS). Quality figures that depend on labels or
/// embeddings (ARI, AUC, trustworthiness) are computed by the same C# code for both sides.
/// </summary>
public sealed class AnalysisBenchmark : IBenchmark
{
    public string Name => "analysis";
    public string Description => "latent-space analysis vs scikit-learn: quality figure and fit time, 64-d blobs";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        Directory.CreateDirectory(context.WorkDirectory);
        Warm();
        var sizes = context.Quick ? new[] { 2000 } : [10_000, 100_000];
        foreach (var n in sizes)
        {
            // t-SNE, ward and exact all-pairs neighbours are O(n²) on the CPU: only at 10,000
            var algos = n <= 10_000 ? new[] { "kmeans", "gmm", "iforest", "pca", "nn", "tsne", "ward" } : ["kmeans", "gmm", "iforest", "pca"];
            foreach (var r in Case(context, n, 64, algos)) yield return r;
        }
    }

    static (float[,] X, int[] Labels) Blobs(int n, int d, int k, int seed)
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

    static string Write(BenchmarkContext ctx, string name, float[,] x)
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
    }

    static IEnumerable<BenchmarkResult> Case(BenchmarkContext ctx, int n, int d, string[] algos)
    {
        var (x, truth) = Blobs(n, d, 10, 7);
        var (xo, isOut) = Outliers(n, d, 8);
        var path = Write(ctx, $"blobs-{n}.f32", x);
        var pathO = Write(ctx, $"outliers-{n}.f32", xo);
        var clusterAlgos = algos.Where(a => a != "iforest").ToArray();
        ctx.Log($"  analysis n={n}: scikit-learn peer on {string.Join(",", algos)}");
        var peer = JsonNode.Parse(ctx.RunPython("analysis_peer.py", path, n.ToString(), d.ToString(), string.Join(",", clusterAlgos)))!;
        var peerO = algos.Contains("iforest") ? JsonNode.Parse(ctx.RunPython("analysis_peer.py", pathO, n.ToString(), d.ToString(), "iforest"))! : null;
        string c = $"n={n} d={d}";
        const string sk = "scikit-learn";
        foreach (var a in algos)
        {
            var p = a == "iforest" ? peerO!["iforest"]! : peer[a]!;
            double peerTime = p["time"]!.GetValue<double>();
            var sw = Stopwatch.StartNew();
            BenchmarkResult quality;
            switch (a)
            {
                case "kmeans":
                {
                    var m = new KMeans(10, nInit: 10, seed: 0).Fit(x); sw.Stop();
                    quality = new("analysis", $"kmeans {c}", "inertia", "", m.Inertia, p["inertia"]!.GetValue<double>(), sk, false);
                    break;
                }
                case "gmm":
                {
                    var m = new GaussianMixture(10, CovarianceType.Full, seed: 0).Fit(x); sw.Stop();
                    quality = new("analysis", $"gmm full {c}", "−mean log-likelihood", "nats", -m.Score(x), -p["loglik"]!.GetValue<double>(), sk, false);
                    break;
                }
                case "iforest":
                {
                    var s = new IsolationForest(100, seed: 0).Fit(xo).ScoreSamples(xo); sw.Stop();
                    var ps = p["scores"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
                    quality = new("analysis", $"iforest {c}", "outlier ROC AUC", "", Metrics.RocAuc(isOut, s.Select(v => (float)v).ToArray()), Metrics.RocAuc(isOut, ps), sk, true);
                    break;
                }
                case "pca":
                {
                    var m = new PCA(10).Fit(x); sw.Stop();
                    quality = new("analysis", $"pca 10 {c}", "explained variance ratio", "", m.ExplainedVarianceRatio.Sum(), p["ratio"]!.GetValue<double>(), sk, true);
                    break;
                }
                case "nn":
                {
                    var r = new NearestNeighbors(10).Fit(x).Kneighbors(); sw.Stop();
                    double mean = Enumerable.Range(0, n).Average(i => (double)r.Distances[i, 9]);
                    quality = new("analysis", $"knn k=10 {c}", "mean 10th-neighbour distance", "", mean, p["meandist"]!.GetValue<double>(), sk, false);
                    break;
                }
                case "tsne":
                {
                    var y = new TSNE(perplexity: 30, seed: 0, progress: false).FitTransform(x); sw.Stop();
                    var py = p["embedding"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
                    quality = new("analysis", $"tsne {c}", "trustworthiness k=5", "", Metrics.Trustworthiness(x, y, 5), Metrics.Trustworthiness(x, Input.ToMatrix(py, n, 2), 5), sk, true);
                    break;
                }
                case "ward":
                {
                    var l = new AgglomerativeClustering(10).Fit(x).Labels; sw.Stop();
                    var pl = p["labels"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
                    quality = new("analysis", $"ward {c}", "ARI vs truth", "", Metrics.AdjustedRandIndex(truth, l), Metrics.AdjustedRandIndex(truth, pl), sk, true);
                    break;
                }
                default: throw new InvalidOperationException(a);
            }
            yield return quality;
            yield return new BenchmarkResult("analysis", quality.Case, $"fit time ({ctx.Threads} threads)", "s", sw.Elapsed.TotalSeconds, peerTime, sk, false);
        }
    }
}
