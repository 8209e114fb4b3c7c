using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace NotebookLib.Explorer;

/// <summary>
/// Clients that post labels at a fixed rate each (open loop, a bounded number in flight), every post with
/// its own request key. A post that fails (server down, connection reset, 5xx) is retried later with the
/// same key, so a label committed just before a crash is not stored twice. Used by the fault test and by
/// `./nb bench explorer`. Only ever talks to the URL it is given (127.0.0.1 in both).
/// </summary>
internal sealed class LabelLoad(Func<string?> baseUrl, int clients, int ratePerClient, int inFlightPerClient, int images, int classes)
{
    public sealed record Result(IReadOnlyCollection<string> Acknowledged, double[] LatenciesMs, long Failures, double Seconds)
    {
        public double Rate => Acknowledged.Count / Seconds;
        public double Percentile(double q)
        {
            if (LatenciesMs.Length == 0) return double.NaN;
            var sorted = LatenciesMs.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        }
    }

    /// <summary>One label from each client before the clock starts, so that the server's first requests (JIT,
    /// connections, SQLite's first commit) are not counted as latency.</summary>
    public async Task WarmUpAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = timeout };
        var url = baseUrl() ?? throw new InvalidOperationException("no server to warm up");
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            using var r = await http.PostAsJsonAsync(url + "api/labels", new { image = 0, label = 0, user = $"warm-up-{c}" }).ConfigureAwait(false);
            r.EnsureSuccessStatusCode();
        })).ConfigureAwait(false);
    }

    /// <summary>Posts for <paramref name="duration"/>, then retries what failed for at most <paramref name="drain"/>.</summary>
    public async Task<Result> RunAsync(TimeSpan duration, TimeSpan drain)
    {
        var acked = new ConcurrentBag<string>();
        var latencies = new ConcurrentBag<double>();
        long failures = 0;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = inFlightPerClient, ConnectTimeout = TimeSpan.FromSeconds(2) })
            { Timeout = TimeSpan.FromSeconds(5) };
            using var slots = new SemaphoreSlim(inFlightPerClient);
            var retry = new ConcurrentQueue<int>();
            var running = new List<Task>();
            var n = 0;
            async Task Send(int k)
            {
                try
                {
                    var url = baseUrl();
                    if (url is null) { retry.Enqueue(k); await Task.Delay(20).ConfigureAwait(false); return; }
                    var t0 = Stopwatch.GetTimestamp();
                    using var r = await http.PostAsJsonAsync(url + "api/labels",
                        new { image = k % images, label = k % classes, user = $"load-{c}", request = $"c{c}-{k}" }).ConfigureAwait(false);
                    if (r.IsSuccessStatusCode)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        acked.Add($"c{c}-{k}");
                    }
                    else { Interlocked.Increment(ref failures); retry.Enqueue(k); }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref failures);
                    retry.Enqueue(k);
                    await Task.Delay(20).ConfigureAwait(false);
                }
                finally { slots.Release(); }
            }
            while (clock.Elapsed < duration)
            {
                var due = TimeSpan.FromMilliseconds(n * 1000.0 / ratePerClient);
                if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed).ConfigureAwait(false);
                await slots.WaitAsync().ConfigureAwait(false);
                running.Add(Send(retry.TryDequeue(out var again) ? again : n++));
            }
            var end = clock.Elapsed + drain;
            while (clock.Elapsed < end)
            {
                await Task.WhenAll(running).ConfigureAwait(false);
                running.Clear();
                if (retry.IsEmpty) break;
                while (retry.TryDequeue(out var k))
                {
                    await slots.WaitAsync().ConfigureAwait(false);
                    running.Add(Send(k));
                }
            }
            await Task.WhenAll(running).ConfigureAwait(false);
        })).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return new Result(acked.ToArray(), latencies.ToArray(), failures, Math.Min(clock.Elapsed.TotalSeconds, duration.TotalSeconds));
    }
}
