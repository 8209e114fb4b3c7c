using Microsoft.Data.Sqlite;
using NotebookLib.Explorer;
using NotebookLib.Tests.Support;
using Xunit.Abstractions;

namespace NotebookLib.Tests.Explorer;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExplorerLoadCollection
{
    public const string Name = "explorer load";
}

/// <summary>
/// Four clients post labels at 1,000/s each against the explorer as its own process on 127.0.0.1; the
/// process is killed with SIGKILL half-way and started again on the same database. Every label that got
/// a 200 must be in the database, and no label twice (failed posts are retried with the same request key).
/// Bounded: 2 s before the kill, 2 s after the restart, at most 5 s of retries. The longer run, with the
/// sustained rate and latency percentiles, is `./nb bench explorer`.
/// </summary>
[Collection(ExplorerLoadCollection.Name)]
public class LoadAndFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_acknowledged_label_survives_a_SIGKILL_and_none_is_stored_twice()
    {
        var db = Path.Combine(Repo.TempDir("explorer-load"), "labels.sqlite");
        const int images = 500;
        string? url = null;
        var server = await ExplorerProcess.StartAsync(db, images, TimeSpan.FromSeconds(60));
        ExplorerProcess? restarted = null;
        try
        {
            url = server.Url;
            var load = new LabelLoad(() => Volatile.Read(ref url), clients: 4, ratePerClient: 1000, inFlightPerClient: 16, images, classes: 4);
            await load.WarmUpAsync(TimeSpan.FromSeconds(30));
            var running = load.RunAsync(TimeSpan.FromSeconds(4), drain: TimeSpan.FromSeconds(8));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var ackedBeforeKill = 0L;
            using (var raw = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"))
            {
                raw.Open();
                using var count = raw.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM labels WHERE request IS NOT NULL";
                ackedBeforeKill = (long)count.ExecuteScalar()!;
            }
            Volatile.Write(ref url, null);
            await server.KillAsync();
            restarted = await ExplorerProcess.StartAsync(db, images, TimeSpan.FromSeconds(30));
            Volatile.Write(ref url, restarted.Url);
            var result = await running;
            output.WriteLine($"{result.Acknowledged.Count} labels acknowledged ({result.Rate:F0}/s over {result.Seconds:F1} s, {ackedBeforeKill} rows before the kill), " +
                             $"{result.Failures} failed posts retried; latency p50 {result.Percentile(0.5):F1} ms, p99 {result.Percentile(0.99):F1} ms");
            Assert.True(ackedBeforeKill > 100, $"only {ackedBeforeKill} labels committed before the kill: the load did not run");

            var stored = new Dictionary<string, long>();
            using (var raw = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"))
            {
                raw.Open();
                using var cmd = raw.CreateCommand();
                cmd.CommandText = "SELECT request, COUNT(*) FROM labels WHERE request IS NOT NULL GROUP BY request";
                using var r = cmd.ExecuteReader();
                while (r.Read()) stored[r.GetString(0)] = r.GetInt64(1);
            }
            var missing = result.Acknowledged.Where(k => !stored.ContainsKey(k)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged labels are missing after the kill, e.g. {string.Join(", ", missing.Take(5))}");
            var twice = stored.Where(kv => kv.Value > 1).ToList();
            Assert.True(twice.Count == 0, $"{twice.Count} labels stored more than once, e.g. {string.Join(", ", twice.Take(5))}");
            Assert.Equal(result.Acknowledged.Count, result.Acknowledged.Distinct().Count());
            Assert.True(stored.Count > ackedBeforeKill + 1, $"the restarted server stored nothing: {stored.Count} rows, {ackedBeforeKill} before the kill");
            // The restarted server reads the same labels back: each client's last label per image.
            using var http = new HttpClient();
            var served = await http.GetStringAsync(restarted.Url + "api/labels?user=load-0");
            Assert.Contains("\"image\":", served);
        }
        finally
        {
            server.Dispose();
            restarted?.Dispose();
        }
    }
}
