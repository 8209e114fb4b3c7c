namespace NotebookLib.Benchmarks;

/// <summary>This process's peak resident set (Linux VmHWM), reset before each measured step by
/// writing 5 to /proc/self/clear_refs, so that one process can report the peak of each algorithm
/// it runs in turn. The peers report their own (one process per run, VmHWM).</summary>
public static class PeakMemory
{
    /// <summary>Collects garbage (what the last step left must not count against the next) and
    /// restarts the high-water mark from the current resident set.</summary>
    public static void Reset()
    {
        // The .NET heap's garbage, the shim's cached tensor blocks and glibc's free pages go back to the system:
        // otherwise what an earlier step freed stays resident and counts against every later step's peak.
        NotebookLib.Torch.HostMemory.Release();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The peak resident set since the last <see cref="Reset"/>, in bytes (NaN off Linux).</summary>
    public static double PeakBytes() => Status("VmHWM:");

    /// <summary>The resident set now, in bytes (NaN off Linux): what the process holds before a step.</summary>
    public static double CurrentBytes() => Status("VmRSS:");

    /// <summary>What the resident set now is made of: pages of mapped files (the runtime's and libtorch's code and
    /// data) and anonymous memory (heaps: .NET, malloc, libtorch's tensors).</summary>
    public static string Composition() =>
        $"{Status("RssFile:") / 1e9:F2} GB mapped files (the runtime's and libtorch's code), {Status("RssAnon:") / 1e9:F2} GB anonymous";

    static double Status(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { return double.NaN; }
    }
}
