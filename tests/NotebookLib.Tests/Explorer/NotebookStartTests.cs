using System.Diagnostics;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Explorer;

/// <summary>A notebook starts the explorer with one call after #r of its dll, as a user's notebook would:
/// in the headless runner's own process (whose deps.json knows nothing of SQLite's native library).</summary>
[Collection(ExplorerLoadCollection.Name)]
public class NotebookStartTests
{
    [Fact]
    public async Task A_notebook_starts_the_explorer_on_its_arrays_labels_through_the_API_and_reads_the_consensus()
    {
        var dir = Repo.TempDir("explorer-notebook");
        var lib = Repo.PathOf("build", "lib");
        var nb = NotebookHarness.Make(
            $"#r \"{lib}/NotebookLib.dll\"\n#r \"{lib}/NotebookLib.Explorer.dll\"\nusing NotebookLib.Explorer;",
            $$"""
            var rng = new Random(1);
            var pool = Enumerable.Range(0, 100).Select(_ => Enumerable.Range(0, 16 * 16).Select(_ => (float)rng.NextDouble()).ToArray()).ToList();
            var explorer = Explorer.Start(pool, 16, 16, new Dictionary<string, Array> { ["anomaly"] = pool.Select(p => (double)p[0]).ToArray() },
                                          ["nominal", "anomalous"], new ExplorerOptions { Database = "{{dir}}/labels.sqlite" });
            """,
            """
            var http = new System.Net.Http.HttpClient();
            foreach (var (user, label) in new[] { ("ann", 1), ("bob", 1), ("cat", 0) })
                Console.WriteLine((await http.PostAsync(explorer.Url + "api/labels", new System.Net.Http.StringContent($"{{\"image\": 7, \"label\": {label}, \"user\": \"{user}\"}}"))).StatusCode);
            explorer.ExportCsv("{{dir}}/consensus.csv");
            explorer.Stop();
            """.Replace("{{dir}}", dir));
        var path = Path.Combine(dir, "start.ipynb");
        nb.Save(path);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { Path.Combine(lib, "NotebookLib.Runner.dll"), "run", path, "--out", Path.Combine(dir, "out") }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120))) await p.WaitForExitAsync(limit.Token);
        Assert.True(p.ExitCode == 0, $"the notebook failed: {await stdout} {await err}");
        using var executed = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "start.ipynb")));
        var printed = string.Concat(executed.RootElement.GetProperty("cells").EnumerateArray()
            .SelectMany(c => c.GetProperty("outputs").EnumerateArray())
            .Where(o => o.GetProperty("output_type").GetString() == "stream")
            .SelectMany(o => o.GetProperty("text").ValueKind == System.Text.Json.JsonValueKind.Array
                ? o.GetProperty("text").EnumerateArray().Select(t => t.GetString()) : [o.GetProperty("text").GetString()]));
        Assert.Contains("cutouts explorer: http://127.0.0.1:", printed);
        Assert.Contains("OK\nOK\nOK\n", printed);
        var csv = File.ReadAllLines(Path.Combine(dir, "consensus.csv"));
        Assert.Equal("image,name,votes,majority,agreement,tie,dawid_skene,confidence,p_nominal,p_anomalous", csv[0]);
        Assert.StartsWith("7,7,3,anomalous,0.6667,false,anomalous,", csv[1]);
    }
}
