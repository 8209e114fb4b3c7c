using System.Diagnostics;
using System.Text.Json;
using NotebookLib.Data;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench data`: a NISP-like slew dark (2048² full size, 512² with --quick) made here and by the
/// numpy peer doing the same steps vectorised; SHA-256 of the HST ACS frame Debian ships (the
/// fetcher's verification) against hashlib; and, logged, the time to make every notebook's default data.
/// </summary>
public sealed class DataBenchmark : IBenchmark
{
    public string Name => "data";
    public string Description => "synthetic NISP dark vs numpy, SHA-256 vs hashlib, all notebooks' default data";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        var size = context.Quick ? 512 : 2048;
        var file = DataManifest.Named("hst-acs-drizzle-testdata").Files[0].Path!;
        var peer = JsonDocument.Parse(context.RunPython("data_peer.py", size.ToString(System.Globalization.CultureInfo.InvariantCulture), file)).RootElement;

        NispSlewDarkGenerator.Generate(new NispSlewDarkOptions { Size = 256 }, 1); // warm-up (JIT)
        var ours = BenchmarkTimer.Best(3, () => NispSlewDarkGenerator.Generate(new NispSlewDarkOptions { Size = size }, 42));
        yield return new BenchmarkResult(Name, $"NISP dark {size}² (threads {context.Threads} vs numpy 1)", "time", "s",
                                         ours, peer.GetProperty("nisp_seconds").GetDouble(), "numpy", HigherIsBetter: false);

        string hash = "";
        var sha = BenchmarkTimer.Best(3, () => hash = DataFetcher.Sha256Of(file));
        if (hash != peer.GetProperty("sha256").GetString()) throw new InvalidOperationException($"SHA-256 of {file} differs from hashlib's");
        yield return new BenchmarkResult(Name, $"SHA-256 of {new FileInfo(file).Length / 1e6:F1} MB", "time", "s",
                                         sha, peer.GetProperty("sha256_seconds").GetDouble(), "hashlib", HigherIsBetter: false);

        // Wall time, and CPU time of the process (which a busy shared machine does not inflate).
        var timings = new List<string>();
        var proc = Process.GetCurrentProcess();
        var wall0 = Stopwatch.GetTimestamp();
        var cpu0 = proc.TotalProcessorTime;
        void Time(string what, Action make)
        {
            proc.Refresh();
            var (w, c) = (Stopwatch.GetTimestamp(), proc.TotalProcessorTime);
            make();
            proc.Refresh();
            timings.Add($"{what} {Stopwatch.GetElapsedTime(w).TotalSeconds:F2} s ({(proc.TotalProcessorTime - c).TotalSeconds:F2} s CPU)");
        }
        Time("NISP", () => { var p = DefaultData.Persistence("default"); _ = NispSlewDarkGenerator.Sequence(p.Frames, p.DarkOptions, 42).ToList(); });
        Time("UVES", () => UvesCalibrationGenerator.Generate(DefaultData.Uves("default").Options, 42));
        Time("HSC", () => { var (n, o) = DefaultData.Hsc("default"); HscTransientGenerator.GenerateFields(n, o, 42); });
        Time("CFIS", () => CfisGalaxyGenerator.Generate(DefaultData.Cfis("default").Options, 42));
        Time("cut-outs", () => GalaxyCutoutGenerator.Generate(DefaultData.Similarity("default").CutoutOptions, 42));
        proc.Refresh();
        context.Log($"  default data of all notebooks: {Stopwatch.GetElapsedTime(wall0).TotalSeconds:F2} s wall, {(proc.TotalProcessorTime - cpu0).TotalSeconds:F2} s CPU, " +
                    $"{context.Threads} threads: {string.Join("; ", timings)}");
    }

}
