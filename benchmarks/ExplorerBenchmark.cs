using System.Globalization;
using System.Text.Json.Nodes;
using NotebookLib.Explorer;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench explorer`: the label API under load. The explorer runs as its own process on 127.0.0.1;
/// four clients post labels at 1,000/s each (open loop, up to 32 in flight each) for 10 s after a 2 s
/// warm-up; each 200 means the label is committed with synchronous=FULL. Reported: the sustained rate of
/// acknowledged labels and the p50/p99 latency of a POST. The peer is what a one-user tool does (a commit
/// per label, same WAL/FULL settings, Python's sqlite3, no HTTP at all) — the figure the explorer's group
/// commit has to beat while serving four clients over HTTP.
/// </summary>
public sealed class ExplorerBenchmark : IBenchmark
{
    public string Name => "explorer";
    public string Description => "label API: 4 clients × 1,000 labels/s over HTTP, durable commits vs a commit per label";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        var seconds = context.Quick ? 3 : 10;
        Directory.CreateDirectory(context.WorkDirectory);
        var db = Path.Combine(context.WorkDirectory, "explorer-bench.sqlite");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(db + suffix);
        LabelLoad.Result result;
        using (var server = ExplorerProcess.StartAsync(db, 1000, TimeSpan.FromSeconds(60)).GetAwaiter().GetResult())
        {
            string? url = server.Url;
            var warm = new LabelLoad(() => url, 4, 1000, 32, 1000, 4);
            warm.WarmUpAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            warm.RunAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
            result = new LabelLoad(() => url, 4, 1000, 32, 1000, 4).RunAsync(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }
        context.Log($"  {result.Acknowledged.Count} labels acknowledged in {result.Seconds:F1} s ({result.Rate:F0}/s), {result.Failures} failed; " +
                    $"p50 {result.Percentile(0.5):F2} ms, p99 {result.Percentile(0.99):F2} ms (offered 4,000/s)");
        var peer = JsonNode.Parse(context.RunPython("explorer_peer.py", Path.Combine(context.WorkDirectory, "explorer-peer.sqlite"), seconds.ToString(CultureInfo.InvariantCulture)))!;
        var peerName = (string)peer["peer"]!;
        var caseName = $"4 clients × 1,000/s, {seconds} s";
        yield return new BenchmarkResult(Name, caseName, "acknowledged labels", "labels/s", result.Rate, (double)peer["rate"]!, peerName, HigherIsBetter: true);
        yield return new BenchmarkResult(Name, caseName, "p50 latency", "ms", result.Percentile(0.5), (double)peer["p50"]!, peerName, HigherIsBetter: false);
        yield return new BenchmarkResult(Name, caseName, "p99 latency", "ms", result.Percentile(0.99), (double)peer["p99"]!, peerName, HigherIsBetter: false);
    }
}
