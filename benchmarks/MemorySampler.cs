using System.Globalization;

namespace NotebookLib.Benchmarks;

/// <summary>Samples this process's resident set every few milliseconds during a measured step, with what held
/// it at the sample of the highest resident set: the libtorch shim's large CPU blocks (live and cached, from
/// <see cref="NotebookLib.Torch.torch.cpu_cache_stats"/>) and the .NET heap's allocated bytes. The rest is the
/// runtime, libtorch's code and small allocations (malloc). Linux only (reads /proc/self/statm); elsewhere the
/// figures are NaN.</summary>
public sealed class MemorySampler : IDisposable
{
    readonly Thread thread;
    volatile bool stop;
    static readonly long Page = Environment.SystemPageSize;

    /// <summary>The highest resident set sampled, in bytes.</summary>
    public double PeakRss { get; private set; } = double.NaN;
    /// <summary>The shim's live large blocks at that sample.</summary>
    public double TorchLive { get; private set; } = double.NaN;
    /// <summary>The shim's cached (freed, kept for reuse) large blocks at that sample.</summary>
    public double TorchCached { get; private set; } = double.NaN;
    /// <summary>The .NET heap's allocated bytes at that sample (garbage not yet collected included).</summary>
    public double Managed { get; private set; } = double.NaN;

    public MemorySampler()
    {
        thread = new Thread(Loop) { IsBackground = true, Name = "memory sampler", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

    void Loop()
    {
        while (!stop)
        {
            Sample();
            Thread.Sleep(5);
        }
        Sample();
    }

    void Sample()
    {
        var rss = Resident();
        if (double.IsNaN(rss) || rss <= PeakRss) return;
        var cache = NotebookLib.Torch.torch.cpu_cache_stats();
        PeakRss = rss;
        TorchLive = cache.LiveBytes;
        TorchCached = cache.CachedBytes;
        Managed = GC.GetTotalMemory(false);
    }

    static double Resident()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return double.Parse(fields[1], CultureInfo.InvariantCulture) * Page;
        }
        catch (IOException) { return double.NaN; }
        catch (UnauthorizedAccessException) { return double.NaN; }
    }

    /// <summary>"libtorch blocks X GB live + Y GB cached, .NET heap Z GB" at the sampled peak.</summary>
    public string Breakdown() =>
        $"at the sampled peak {PeakRss / 1e9:F2} GB: libtorch blocks {TorchLive / 1e9:F2} GB live + {TorchCached / 1e9:F2} GB cached, .NET heap {Managed / 1e9:F2} GB";

    public void Dispose()
    {
        stop = true;
        thread.Join();
    }
}
