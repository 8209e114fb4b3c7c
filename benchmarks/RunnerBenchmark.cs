using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench runner`: what the kernel worker process costs. The same notebook — cells that only call
/// the library (k-means on 20,000 × 16 points) — runs through `run` in a worker process (ours, the
/// default) and with `--in-process` (the peer), alternating rounds so a change of load hits both sides.
/// Reported: the median time of a library cell as the notebook's own metadata records it, and the whole
/// run's wall time (the worker adds a process start and a checkpoint per cell).
/// </summary>
public sealed class RunnerBenchmark : IBenchmark
{
    public string Name => "runner";
    public string Description => "a library-only cell in the kernel worker process vs in the runner's own process";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        var root = context.Settings.Root ?? throw new InvalidOperationException("run benchmarks from the repository");
        var runner = Path.Combine(root, "build", "lib", "NotebookLib.Runner.dll");
        var library = Path.Combine(root, "build", "lib", "NotebookLib.dll");
        Directory.CreateDirectory(context.WorkDirectory);
        var nb = Path.Combine(context.WorkDirectory, "runner-bench.ipynb");
        var cells = new JsonArray(
            Code($"#r \"{library}\"\nusing NotebookLib.Analysis;"),
            Code("var rng = new Random(1); var x = new float[20000, 16];\nfor (var i = 0; i < 20000; i++) for (var j = 0; j < 16; j++) x[i, j] = (float)rng.NextDouble();"));
        var libraryCells = context.Quick ? 2 : 4;
        for (var i = 0; i < libraryCells; i++) cells.Add(Code("new KMeans(8, nInit: 3, seed: 1).Fit(x).Inertia"));
        File.WriteAllText(nb, new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["cells"] = cells,
        }.ToJsonString());

        var rounds = context.Quick ? 2 : 5;
        var (oursCells, peerCells, oursWall, peerWall) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var r = 0; r < rounds; r++)
            foreach (var inProcess in r % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var (cellTimes, wall) = RunOnce(runner, nb, Path.Combine(context.WorkDirectory, "runner-out"), inProcess, libraryCells);
                (inProcess ? peerCells : oursCells).AddRange(cellTimes);
                (inProcess ? peerWall : oursWall).Add(wall);
            }
        context.Log($"  library cell: worker {Median(oursCells):F3} s, in-process {Median(peerCells):F3} s; whole run: worker {Median(oursWall):F2} s, in-process {Median(peerWall):F2} s");
        var caseName = $"k-means 20,000 × 16, {rounds} alternating rounds";
        yield return new BenchmarkResult(Name, caseName, "library cell (median)", "s", Median(oursCells), Median(peerCells), "in-process kernel", HigherIsBetter: false);
        yield return new BenchmarkResult(Name, caseName, "whole notebook (median)", "s", Median(oursWall), Median(peerWall), "in-process kernel", HigherIsBetter: false);
    }

    static JsonObject Code(string source) => new()
    {
        ["cell_type"] = "code",
        ["id"] = Guid.NewGuid().ToString("N")[..8],
        ["metadata"] = new JsonObject(),
        ["execution_count"] = null,
        ["outputs"] = new JsonArray(),
        ["source"] = source,
    };

    static (List<double> Cells, double Wall) RunOnce(string runner, string nb, string outDir, bool inProcess, int libraryCells)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { runner, "run", nb, "--out", outDir }) psi.ArgumentList.Add(a);
        if (inProcess) psi.ArgumentList.Add("--in-process");
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        clock.Stop();
        if (p.ExitCode != 0) throw new InvalidOperationException($"the runner failed (exit {p.ExitCode}): {err.Result}");
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, Path.GetFileName(nb))))!;
        var times = executed["cells"]!.AsArray().TakeLast(libraryCells)
            .Select(c => double.Parse(c!["metadata"]!["papermill"]!["duration"]!.ToString(), CultureInfo.InvariantCulture)).ToList();
        return (times, clock.Elapsed.TotalSeconds);
    }

    static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
