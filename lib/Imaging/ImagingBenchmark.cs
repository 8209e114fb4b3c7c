using System.Diagnostics;
using System.Text.Json.Nodes;
using NotebookLib.Benchmarks;

namespace NotebookLib.Imaging;

/// <summary>`./nb bench imaging`: tiling a 2048×2048 frame into 34×34 patches (numpy reshape/swapaxes/copy)
/// and 8-connected labelling of 2048×2048 masks (scipy.ndimage.label), on the same files in the same run.</summary>
public sealed class ImagingBenchmark : IBenchmark
{
    public string Name => "imaging";
    public string Description => "tiling a 2048×2048 frame into 34×34 patches vs numpy; connected components of 2048×2048 masks vs scipy.ndimage.label";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        int n = context.Quick ? 512 : 2048, size = 34, repeats = context.Quick ? 5 : 15;
        Directory.CreateDirectory(context.WorkDirectory);
        var rng = new Random(context.Settings.Seed);
        var noise = new float[n * n];
        for (int i = 0; i < noise.Length; i++)
            noise[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var frame = new Frame(n, n, noise);
        // Two masks: noise above 1σ (many small objects, 16 %) and smoothed noise above 0 (large
        // winding objects, 50 %), the two regimes a thresholded detector frame falls between.
        var sparse = noise.Select(v => v > 1f).ToArray();
        var smooth = frame.Resize(n / 4, n / 4, ResizeMethod.Area).Resize(n, n, ResizeMethod.Bilinear);
        var blobs = smooth.Pixels.Select(v => v > 0f).ToArray();
        var framePath = Path.Combine(context.WorkDirectory, "imaging-frame.f32");
        var maskPaths = new[] { Path.Combine(context.WorkDirectory, "imaging-mask-sparse.u8"), Path.Combine(context.WorkDirectory, "imaging-mask-blobs.u8") };
        var masks = new[] { sparse, blobs };
        NotebookLib.IO.AtomicFile.Write(framePath, (string tmp) => File.WriteAllBytes(tmp, System.Runtime.InteropServices.MemoryMarshal.AsBytes(noise.AsSpan()).ToArray()));
        for (int k = 0; k < masks.Length; k++)
        {
            var bytes = masks[k].Select(b => (byte)(b ? 1 : 0)).ToArray();
            NotebookLib.IO.AtomicFile.Write(maskPaths[k], (string tmp) => File.WriteAllBytes(tmp, bytes));
        }

        var peer = JsonNode.Parse(context.RunPython("imaging_peer.py",
            [framePath, n.ToString(), n.ToString(), size.ToString(), .. maskPaths, "--repeats", repeats.ToString()]))!;
        string ours = $"ours {context.Threads} threads";
        string peerName = "numpy, 1 thread";

        foreach (var (edge, key) in new[] { (EdgePolicy.Drop, "tile_drop"), (EdgePolicy.Pad, "tile_pad") })
        {
            var batch = frame.Tile(size, edge);
            var expected = peer[key]!;
            double checksum = batch.Data.Sum(v => (double)v);
            var shape = expected["shape"]!.AsArray().Select(v => (int)v!).ToArray();
            if (!shape.SequenceEqual(batch.Shape) || Math.Abs(checksum - (double)expected["checksum"]!) > 1e-6 * n * n)
                throw new InvalidOperationException($"tiling disagrees with numpy: [{string.Join(", ", batch.Shape)}] sum {checksum} vs [{string.Join(", ", shape)}] sum {(double)expected["checksum"]!}");
            var (ms, cpu) = Measure(() => frame.Tile(size, edge), repeats);
            yield return new BenchmarkResult(Name, $"tile {n}² → {size}² patches, edge {edge} ({ours})", "median time", "ms",
                ms, (double)expected["ms"]!, peerName, HigherIsBetter: false);
            yield return new BenchmarkResult(Name, $"tile {n}² → {size}² patches, edge {edge} (all threads' CPU)", "median CPU time", "ms",
                cpu, (double)expected["cpu_ms"]!, peerName, HigherIsBetter: false);
        }

        string[] names = ["noise > 1σ", "smoothed noise > 0"];
        for (int k = 0; k < masks.Length; k++)
        {
            var expected = peer["label"]![k]!;
            var m = masks[k];
            int count = ConnectedComponents.Label(m, n, n).Count;
            if (count != (int)expected["count"]!)
                throw new InvalidOperationException($"labelling disagrees with scipy on {names[k]}: {count} vs {(int)expected["count"]!} components");
            var (ms, cpu) = Measure(() => ConnectedComponents.Label(m, n, n), repeats);
            yield return new BenchmarkResult(Name, $"label {n}² mask, {names[k]}, {count} objects, 8-connected ({ours})", "median time", "ms",
                ms, (double)expected["ms"]!, "scipy.ndimage.label, 1 thread", HigherIsBetter: false);
            yield return new BenchmarkResult(Name, $"label {n}² mask, {names[k]} (all threads' CPU)", "median CPU time", "ms",
                cpu, (double)expected["cpu_ms"]!, "scipy.ndimage.label, 1 thread", HigherIsBetter: false);
        }
    }

    /// <summary>Median wall-clock and median process CPU time (all threads) of one call, after three warm-up
    /// calls (JIT tiers, and the GC sizing its budgets for 16 MB arrays). CPU time says how much work a
    /// call costs whatever else the machine is doing.</summary>
    static (double WallMs, double CpuMs) Measure(Func<object> work, int repeats)
    {
        for (int i = 0; i < 3; i++) work();
        var wall = new double[repeats];
        var cpu = new double[repeats];
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(work());
            wall[i] = sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - c0).TotalMilliseconds;
        }
        return (Median(wall), Median(cpu));
    }

    static double Median(double[] a)
    {
        Array.Sort(a);
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }
}
