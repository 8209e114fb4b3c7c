using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace NotebookLib.Benchmarks;

/// <summary>
/// One of our analysis fits in a process of its own, as the scikit-learn peer runs each of its fits: the process reads
/// the float32 matrix the bench wrote, fits once on its first rows (so the code is compiled, and libtorch loaded only
/// if the algorithm uses it, as Python imports only the estimator's module), hands its garbage back, then fits the
/// whole matrix and reports its resident set before the fit and its peak (VmHWM). The long-lived bench process holds
/// every earlier case's compiled code, data and libraries, so its peak is not the figure to set against a fresh
/// Python process's (issue 22 item 3).
/// </summary>
public static class FreshProcessFit
{
    /// <summary>The hidden command the parent starts: `analysis-fit ALGO PATH N D QUERIES`.</summary>
    public const string Command = "analysis-fit";

    /// <summary>Runs algorithm <paramref name="algorithm"/> on the matrix at <paramref name="path"/> in a fresh
    /// process with this run's thread count; returns its time, base and peak resident set (bytes).</summary>
    public static (double Seconds, double BaseBytes, double PeakBytes) Measure(BenchmarkContext ctx, string algorithm, string path, int n, int d, int queries)
    {
        var dll = typeof(FreshProcessFit).Assembly.Location;
        var psi = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet");
        foreach (var a in new[] { dll, Command, algorithm, path, Text(n), Text(d), Text(queries) }) psi.ArgumentList.Add(a);
        psi.Environment["NOTEBOOKLIB_THREADS"] = Text(ctx.Threads);
        var stdout = BenchmarkContext.Run(psi, $"the fresh-process fit of {algorithm} (n={n}, d={d})");
        var json = JsonNode.Parse(stdout)!;
        return (json["time"]!.GetValue<double>(), json["base_rss"]!.GetValue<double>(), json["peak_rss"]!.GetValue<double>());
    }

    /// <summary>The child's side: prints one JSON object {time, base_rss, peak_rss}.</summary>
    public static int Run(string algorithm, string path, int n, int d, int queries)
    {
        var x = Read(path, n, d);
        var warm = UmapBenchmark.Take(x, Enumerable.Range(0, Math.Min(n, 2000)).ToArray());
        AnalysisBenchmark.Fit(algorithm, warm, warm, Math.Min(queries, 100));
        warm = null;
        PeakMemory.Reset();
        var baseBytes = PeakMemory.CurrentBytes();
        var composition = PeakMemory.Composition();
        var sw = Stopwatch.StartNew();
        var fit = AnalysisBenchmark.Fit(algorithm, x, x, queries);
        sw.Stop();
        var peak = PeakMemory.PeakBytes();
        GC.KeepAlive(fit);
        Console.WriteLine(new JsonObject { ["time"] = sw.Elapsed.TotalSeconds, ["base_rss"] = baseBytes, ["peak_rss"] = peak, ["base_held"] = composition, ["libtorch"] = NotebookLib.Torch.HostMemory.TorchLoaded }.ToJsonString());
        return 0;
    }

    // Straight into the array: no second copy of the matrix in the process being measured.
    static float[,] Read(string path, int n, int d)
    {
        var x = new float[n, d];
        var bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref x[0, 0], x.Length));
        using var f = File.OpenRead(path);
        if (f.Length != bytes.Length) throw new InvalidDataException($"{path} holds {f.Length} bytes, not {n} × {d} float32 ({bytes.Length} bytes)");
        f.ReadExactly(bytes);
        return x;
    }

    static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);
}
