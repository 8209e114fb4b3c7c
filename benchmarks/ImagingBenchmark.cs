using System.Diagnostics;
using System.Text.Json.Nodes;
using NotebookLib.Imaging;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench imaging`: tiling a 2048×2048 frame into 34×34 patches (numpy reshape/swapaxes/copy) and
/// 8-connected labelling of 2048×2048 masks (scipy.ndimage.label), on the same files in the same run.
/// Both sides return the same thing: a new contiguous [n, 34, 34] float32 block; a new int32 label
/// image in raster order and the object count (checked). The machine is shared, so ours and the peer
/// take turns, several rounds each, and each case reports the best of all repeats (the least
/// disturbed call) and, for ours on all threads, the median. numpy and scipy work on one thread:
/// ours is measured on one thread too, and on the configured threads.
/// </summary>
public sealed class ImagingBenchmark : IBenchmark
{
    public string Name => "imaging";
    public string Description => "tiling a 2048×2048 frame into 34×34 patches vs numpy; connected components of 2048×2048 masks vs scipy.ndimage.label";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        int n = context.Quick ? 512 : 2048, size = 34, repeats = context.Quick ? 5 : 15, rounds = context.Quick ? 1 : 3;
        Directory.CreateDirectory(context.WorkDirectory);
        var rng = new Random(context.Settings.Seed);
        var noise = new float[n * n];
        for (int i = 0; i < noise.Length; i++)
            noise[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var frame = new Image(n, n, noise);
        // Two masks: noise above 1σ (16 %, hundreds of thousands of small objects) and smoothed noise
        // above 0 (50 %, large winding objects), the two regimes a thresholded detector frame falls between.
        var sparse = noise.Select(v => v > 1f).ToArray();
        var smooth = frame.Resize(n / 4, n / 4, ResizeMethod.Area).Resize(n, n, ResizeMethod.Bilinear);
        var blobs = smooth.Pixels.Select(v => v > 0f).ToArray();
        var framePath = Path.Combine(context.WorkDirectory, "imaging-frame.f32");
        var maskPaths = new[] { Path.Combine(context.WorkDirectory, "imaging-mask-sparse.u8"), Path.Combine(context.WorkDirectory, "imaging-mask-blobs.u8") };
        var masks = new[] { new Mask(n, n, sparse), new Mask(n, n, blobs) };
        NotebookLib.IO.AtomicFile.Write(framePath, (string tmp) => File.WriteAllBytes(tmp, System.Runtime.InteropServices.MemoryMarshal.AsBytes(noise.AsSpan()).ToArray()));
        for (int k = 0; k < masks.Length; k++)
        {
            var bytes = masks[k].Pixels.Select(b => (byte)(b ? 1 : 0)).ToArray();
            NotebookLib.IO.AtomicFile.Write(maskPaths[k], (string tmp) => File.WriteAllBytes(tmp, bytes));
        }

        string[] labelNames = ["noise > 1σ", "smoothed noise > 0"];
        var cases = new List<(string Key, string Title, Func<object> Work)>
        {
            ("tile_drop", $"tile {n}² → {size}² patches, edge dropped", () => frame.Tile(size, EdgePolicy.Drop)),
            ("tile_pad", $"tile {n}² → {size}² patches, edge padded", () => frame.Tile(size, EdgePolicy.Pad)),
        };
        for (int k = 0; k < masks.Length; k++)
        {
            var m = masks[k];
            cases.Add(($"label{k}", $"label {n}² mask, {labelNames[k]}, 8-connected", () => ConnectedComponents.Label(m)));
        }

        var threadCounts = context.Threads > 1 ? new[] { 1, context.Threads } : [1];
        var ours = cases.ToDictionary(c => c.Key, _ => threadCounts.ToDictionary(t => t, _ => new List<double>()));
        var theirs = cases.ToDictionary(c => c.Key, _ => new List<double>());
        JsonNode? peer = null;
        for (int round = 0; round < rounds; round++)
        {
            foreach (var c in cases)
                foreach (var t in threadCounts)
                    using (RowParallel.Limit(t)) ours[c.Key][t].AddRange(Times(c.Work, repeats));
            peer = JsonNode.Parse(context.RunPython("imaging_peer.py",
                [framePath, n.ToString(), n.ToString(), size.ToString(), .. maskPaths, "--repeats", repeats.ToString()]))!;
            foreach (var c in cases)
            {
                var p = c.Key.StartsWith("label") ? peer["label"]![int.Parse(c.Key[5..])]! : peer[c.Key]!;
                theirs[c.Key].AddRange(p["times_ms"]!.AsArray().Select(v => (double)v!));
            }
            context.Log($"  imaging round {round + 1}/{rounds} done");
        }
        Check(peer!, frame, size, masks, n, labelNames);

        const string peerName = "numpy / scipy.ndimage, 1 thread";
        string metric = $"best of {rounds}×{repeats}";
        foreach (var c in cases)
        {
            foreach (var t in threadCounts)
                yield return new BenchmarkResult(Name, $"{c.Title} (ours {t} thread{(t > 1 ? "s" : "")})", metric, "ms",
                    ours[c.Key][t].Min(), theirs[c.Key].Min(), peerName, HigherIsBetter: false);
            int all = threadCounts[^1];
            yield return new BenchmarkResult(Name, $"{c.Title} (ours {all} thread{(all > 1 ? "s" : "")})", $"median of {rounds}×{repeats}", "ms",
                BenchmarkTimer.Median(ours[c.Key][all]), BenchmarkTimer.Median(theirs[c.Key]), peerName, HigherIsBetter: false);
        }
    }

    /// <summary>Both sides computed the same: patch shapes and pixel sums; object counts, and a
    /// position-weighted sum of the label image (labels run in raster order on both sides).</summary>
    static void Check(JsonNode peer, Image frame, int size, Mask[] masks, int n, string[] labelNames)
    {
        foreach (var (edge, key) in new[] { (EdgePolicy.Drop, "tile_drop"), (EdgePolicy.Pad, "tile_pad") })
        {
            var batch = frame.Tile(size, edge);
            var expected = peer[key]!;
            double checksum = batch.Data.Sum(v => (double)v);
            var shape = expected["shape"]!.AsArray().Select(v => (int)v!).ToArray();
            if (!shape.SequenceEqual(batch.Shape) || Math.Abs(checksum - (double)expected["checksum"]!) > 1e-6 * n * n)
                throw new InvalidOperationException($"tiling disagrees with numpy: [{string.Join(", ", batch.Shape)}] sum {checksum} vs [{string.Join(", ", shape)}] sum {(double)expected["checksum"]!}");
        }
        for (int k = 0; k < masks.Length; k++)
        {
            var expected = peer["label"]![k]!;
            var labels = ConnectedComponents.Label(masks[k]);
            long check = 0;
            for (long i = 0; i < labels.Labels.Length; i++) check += labels.Labels[i] * i % 1000003;
            if (labels.Count != (int)expected["count"]! || check != (long)expected["check"]!)
                throw new InvalidOperationException($"labelling disagrees with scipy on {labelNames[k]}: {labels.Count} vs {(int)expected["count"]!} components, label check {check} vs {(long)expected["check"]!}");
        }
    }

    /// <summary>Wall-clock times of <paramref name="repeats"/> calls after three warm-up calls (JIT
    /// tiers, and the GC sizing its budgets for 16 MB arrays).</summary>
    static double[] Times(Func<object> work, int repeats)
    {
        for (int i = 0; i < 3; i++) GC.KeepAlive(work());
        var wall = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(work());
            wall[i] = sw.Elapsed.TotalMilliseconds;
        }
        return wall;
    }
}
