using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NotebookLib.Imaging;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench dia`: notebook 03's difference imaging on an HSC-CCD-sized 2048×2048 visit — PSF matching
/// (the template convolved with the Gaussian matching kernel, its variance with the squared kernel) and
/// subtraction, then matched-filter detection (SNR image, 5σ footprints, 8-connected labels, peaks,
/// centroids, PSF fluxes) — against scipy.ndimage doing the same on the same files (gaussian_filter,
/// correlate1d, label, maximum_position, center_of_mass). The source count and a checksum of the peaks
/// are checked. scipy works on one thread: ours is measured on one thread and on the configured threads.
/// </summary>
public sealed class DiaBenchmark : IBenchmark
{
    public string Name => "dia";
    public string Description => "difference imaging (PSF matching + subtraction) and matched-filter detection of a 2048² visit vs scipy.ndimage";

    const double ScienceSigma = 2.4, TemplateSigma = 1.3;

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        int n = context.Quick ? 512 : 2048, repeats = context.Quick ? 3 : 7, rounds = context.Quick ? 1 : 2;
        Directory.CreateDirectory(context.WorkDirectory);
        var (sci, tpl, sv, tv) = Scene(n, context.Settings.Seed);
        var paths = new[] { "sci", "tpl", "sv", "tv" }.Select(k => Path.Combine(context.WorkDirectory, $"dia-{k}.f32")).ToArray();
        var images = new[] { sci, tpl, sv, tv };
        for (var k = 0; k < 4; k++)
        {
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(images[k].Pixels.AsSpan()).ToArray();
            NotebookLib.IO.AtomicFile.Write(paths[k], (string tmp) => File.WriteAllBytes(tmp, bytes));
        }
        IReadOnlyList<DetectedSource> Work() => DifferenceImaging.Subtract(sci, tpl, ScienceSigma, TemplateSigma, sv, tv).Detect(5);

        var threadCounts = context.Threads > 1 ? new[] { 1, context.Threads } : [1];
        var ours = threadCounts.ToDictionary(t => t, _ => new List<double>());
        var theirs = new List<double>();
        JsonNode? peer = null;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var t in threadCounts)
                using (RowParallel.Limit(t)) ours[t].AddRange(Times(Work, repeats));
            peer = JsonNode.Parse(context.RunPython("dia_peer.py", [.. paths, n.ToString(CultureInfo.InvariantCulture),
                ScienceSigma.ToString(CultureInfo.InvariantCulture), TemplateSigma.ToString(CultureInfo.InvariantCulture), "--repeats", repeats.ToString(CultureInfo.InvariantCulture)]))!;
            theirs.AddRange(peer["times_ms"]!.AsArray().Select(v => (double)v!));
            context.Log($"  dia round {round + 1}/{rounds} done");
        }
        var sources = Work();
        long check = sources.Sum(s => (long)s.PeakY * n + s.PeakX);
        if (sources.Count != (int)peer!["count"]! || check != (long)peer["check"]!)
            throw new InvalidOperationException($"detection disagrees with scipy: {sources.Count} vs {(int)peer["count"]!} sources, peak check {check} vs {(long)peer["check"]!}");

        const string peerName = "scipy.ndimage, 1 thread";
        var title = $"subtract + detect {n}² ({sources.Count} sources)";
        foreach (var t in threadCounts)
            yield return new BenchmarkResult(Name, $"{title} (ours {t} thread{(t > 1 ? "s" : "")})", $"best of {rounds}×{repeats}", "ms",
                ours[t].Min(), theirs.Min(), peerName, HigherIsBetter: false);
        var all = threadCounts[^1];
        yield return new BenchmarkResult(Name, $"{title} (ours {all} thread{(all > 1 ? "s" : "")})", $"median of {rounds}×{repeats}", "ms",
            BenchmarkTimer.Median(ours[all]), BenchmarkTimer.Median(theirs), peerName, HigherIsBetter: false);
    }

    /// <summary>A visit and its template: 3,000 stars (slightly misregistered in the visit), 300 transients, sky noise.</summary>
    static (Image Sci, Image Tpl, Image Sv, Image Tv) Scene(int n, int seed)
    {
        var rng = new Random(seed);
        double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        float[] sci = new float[n * n], tpl = new float[n * n];
        const float sky = 2000;
        void Add(float[] img, double x, double y, double flux, double s)
        {
            var r = (int)Math.Ceiling(4 * s);
            for (int yy = Math.Max(0, (int)y - r); yy <= Math.Min(n - 1, (int)y + r); yy++)
                for (int xx = Math.Max(0, (int)x - r); xx <= Math.Min(n - 1, (int)x + r); xx++)
                    img[yy * n + xx] += (float)(flux / (2 * Math.PI * s * s) * Math.Exp(-((xx - x) * (xx - x) + (yy - y) * (yy - y)) / (2 * s * s)));
        }
        var count = n * n / 1400;
        for (var k = 0; k < count; k++)
        {
            double x = rng.NextDouble() * n, y = rng.NextDouble() * n, f = 1000 * Math.Exp(4 * rng.NextDouble());
            Add(tpl, x, y, f, TemplateSigma);
            Add(sci, x + 0.03 * G(), y + 0.03 * G(), f, ScienceSigma);
        }
        for (var k = 0; k < count / 10; k++) Add(sci, rng.NextDouble() * n, rng.NextDouble() * n, 2000 + 20000 * rng.NextDouble(), ScienceSigma);
        float[] sv = new float[n * n], tv = new float[n * n];
        for (var i = 0; i < n * n; i++)
        {
            sv[i] = sky + Math.Max(sci[i], 0); tv[i] = (sky + Math.Max(tpl[i], 0)) / 10;
            sci[i] += sky + (float)(Math.Sqrt(sv[i]) * G());
            tpl[i] += sky + (float)(Math.Sqrt(tv[i]) * G());
        }
        return (new Image(n, n, sci), new Image(n, n, tpl), new Image(n, n, sv), new Image(n, n, tv));
    }

    static double[] Times(Func<object> work, int repeats)
    {
        for (var i = 0; i < 2; i++) GC.KeepAlive(work());
        var wall = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(work());
            wall[i] = sw.Elapsed.TotalMilliseconds;
        }
        return wall;
    }
}
