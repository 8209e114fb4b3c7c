using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using NotebookLib.Analysis;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench umap`: our UMAP against umap-learn itself (not packaged by Debian: see
/// peers/umap_peer.py for how to put its source on PYTHONPATH) on the analysis bench's 64-d blobs,
/// n_neighbors 15, both warmed up. Two pairings, each over <see cref="Rounds"/> rounds that alternate
/// the two sides: both seeded on one thread (umap-learn forces one thread when seeded), and
/// umap-learn unseeded with n_jobs = threads against ours (seeded: ours repeats at any thread
/// count) on as many threads. Reports best and median times, trustworthiness (k = 5; on a fixed
/// sample of 20,000 points above that size), our time per phase, peak resident sets, and whether
/// our fits repeated exactly. NOTEBOOKLIB_UMAP_SIZES (e.g. "50000,200000") chooses the sizes and
/// NOTEBOOKLIB_UMAP_PAIRINGS ("seeded", "unseeded" or both, comma-separated) the pairings.
/// </summary>
public sealed class UmapBenchmark : IBenchmark
{
    public string Name => "umap";
    public string Description => "UMAP vs umap-learn 0.5.5: fit time, trustworthiness, phases, memory (64-d blobs)";

    const int Rounds = 2;
    const int TrustSample = 20_000;

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        Directory.CreateDirectory(context.WorkDirectory);
        new UMAP(nEpochs: 20, seed: 0, progress: false).Fit(AnalysisBenchmark.Blobs(300, 8, 3, 1).X); // JIT
        var sizes = Environment.GetEnvironmentVariable("NOTEBOOKLIB_UMAP_SIZES") is { Length: > 0 } v
            ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray()
            : context.Quick ? [5000] : [10_000, 50_000, 200_000];
        var summary = new StringBuilder();
        summary.AppendLine($"umap summary (ratio = umap-learn time / ours; best and median of {Rounds} alternating rounds; load at start {Load()})");
        foreach (int n in sizes)
        {
            var (x, _) = AnalysisBenchmark.Blobs(n, 64, 10, 7);
            var path = AnalysisBenchmark.Write(context, $"blobs-{n}.f32", x);
            var sample = TrustIndices(n);
            var pairings = new[] { ("seeded", 1), ("unseeded", context.Threads) };
            if (Environment.GetEnvironmentVariable("NOTEBOOKLIB_UMAP_PAIRINGS") is { Length: > 0 } only)
                pairings = pairings.Where(p => only.Split(',').Contains(p.Item1)).ToArray();
            foreach (var (mode, threads) in pairings)
            {
                var ours = new List<double>(); var peer = new List<double>(); var oursCpu = new List<double>(); var peerCpu = new List<double>();
                double trustOurs = 0, trustPeer = 0, rssOurs = 0, rssPeer = 0; float[,]? first = null; bool repeats = true;
                string? missing = null;
                for (int round = 0; round < Rounds && missing is null; round++)
                {
                    context.Log($"  umap n={n} {mode}: round {round + 1}/{Rounds} on {threads} thread(s), load {Load()}: ours then umap-learn");
                    PeakMemory.Reset();
                    var cpu = Environment.CpuUsage.TotalTime; var sw = Stopwatch.StartNew();
                    var fit = new UMAP(seed: 0, progress: false) { Threads = threads }.Fit(x);
                    ours.Add(sw.Elapsed.TotalSeconds); oursCpu.Add((Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
                    rssOurs = Math.Max(rssOurs, PeakMemory.PeakBytes());
                    context.Log($"    ours {ours[^1]:F2} s: " + string.Join(", ", fit.PhaseSeconds.Select(p => $"{p.Phase} {p.Seconds:F2} s (CPU {p.CpuSeconds:F2} s)")));
                    if (first is null) { first = fit.Embedding; trustOurs = Trust(x, first, sample); }
                    else repeats &= Same(first, fit.Embedding);
                    var reply = JsonNode.Parse(context.RunPython("umap_peer.py", threads, path, n.ToString(), "64", mode))!;
                    if (reply["missing"] is { } m) { missing = m.GetValue<string>(); break; }
                    peer.Add(reply["time"]!.GetValue<double>()); peerCpu.Add(reply["cpu"]!.GetValue<double>());
                    rssPeer = Math.Max(rssPeer, reply["peak_rss"]!.GetValue<double>());
                    context.Log($"    umap-learn {reply["version"]} {peer[^1]:F2} s (CPU {peerCpu[^1]:F2} s); ours CPU {oursCpu[^1]:F2} s");
                    if (round == 0)
                    {
                        var py = reply["embedding"]!.AsArray().Select(e => (float)e!.GetValue<double>()).ToArray();
                        trustPeer = Trust(x, Input.ToMatrix(py, n, 2), sample);
                    }
                }
                if (missing is not null)
                {
                    context.Log($"  umap-learn is not importable ({missing}): git clone -b release-0.5.5 https://github.com/lmcinnes/umap; " +
                        "apt-get install python3-numba python3-pynndescent; PYTHONPATH=$PWD/umap ./nb bench umap");
                    summary.AppendLine($"n={n} {mode}: ours {ours.Min():F2} s, umap-learn not importable");
                    continue;
                }
                string c = $"umap n={n} d=64 {mode} {threads} thread(s)";
                string trustName = n > TrustSample ? $"trustworthiness k=5 ({TrustSample} sampled)" : "trustworthiness k=5";
                yield return new BenchmarkResult("umap", c, trustName, "", trustOurs, trustPeer, "umap-learn", true);
                yield return new BenchmarkResult("umap", c, "fit time (best)", "s", ours.Min(), peer.Min(), "umap-learn", false);
                yield return new BenchmarkResult("umap", c, "fit time (median)", "s", BenchmarkTimer.Median(ours), BenchmarkTimer.Median(peer), "umap-learn", false);
                yield return new BenchmarkResult("umap", c, "CPU time (best)", "s", oursCpu.Min(), peerCpu.Min(), "umap-learn", false);
                yield return new BenchmarkResult("umap", c, "peak resident set", "GB", rssOurs / 1e9, rssPeer / 1e9, "umap-learn", false);
                summary.AppendLine($"n={n,7} {mode,-8} {threads} thr: ours {ours.Min(),7:F2} s (median {BenchmarkTimer.Median(ours):F2}), umap-learn {peer.Min(),7:F2} s (median {BenchmarkTimer.Median(peer):F2}), " +
                    $"ratio best {peer.Min() / ours.Min():F2} median {BenchmarkTimer.Median(peer) / BenchmarkTimer.Median(ours):F2}, CPU-time ratio {peerCpu.Min() / oursCpu.Min():F2}; trust {trustOurs:F4} vs {trustPeer:F4}; " +
                    $"peak RSS {rssOurs / 1e9:F2} vs {rssPeer / 1e9:F2} GB; ours repeated exactly: {(Rounds > 1 ? repeats ? "yes" : "NO" : "not checked")}");
            }
        }
        summary.Append($"load at end {Load()}");
        context.Log(summary.ToString());
    }

    internal static int[]? TrustIndices(int n)
    {
        if (n <= TrustSample) return null;
        var rng = new Random(11);
        return Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(TrustSample).Order().ToArray();
    }

    internal static double Trust(float[,] x, float[,] y, int[]? rows) =>
        rows is null ? Metrics.Trustworthiness(x, y, 5) : Metrics.Trustworthiness(Take(x, rows), Take(y, rows), 5);

    internal static float[,] Take(float[,] a, int[] rows)
    {
        int d = a.GetLength(1); var r = new float[rows.Length, d];
        for (int i = 0; i < rows.Length; i++) for (int j = 0; j < d; j++) r[i, j] = a[rows[i], j];
        return r;
    }

    static bool Same(float[,] a, float[,] b) => a.Length == b.Length && a.Cast<float>().SequenceEqual(b.Cast<float>());

    /// <summary>The 1-minute load average, printed with every figure (the machine is shared).</summary>
    internal static string Load() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
