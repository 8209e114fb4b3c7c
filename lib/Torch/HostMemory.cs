using System.Runtime;
using System.Runtime.InteropServices;

namespace NotebookLib.Torch;

/// <summary>
/// Hands the process's freed memory back to the system: the .NET heap's free regions, the shim's cached tensor
/// blocks and glibc's free pages. Freed memory otherwise stays committed (the runner keeps freed heap regions,
/// System.GC.RetainVM; the shim keeps large blocks for the next training step), so a long notebook's resident set
/// climbs to the sum of its steps' garbage rather than its largest step (issue 22: notebook 01 under 1.5 GiB).
/// </summary>
public static class HostMemory
{
    /// <summary>A full compacting collection, large objects included, after the finalizers have run (tensors left to
    /// them free their blocks), that decommits the free heap; then the shim's cache (when libtorch is loaded: it is
    /// never loaded for this) and glibc's free pages are returned. Costs a full collection: call it between steps.</summary>
    public static void Release()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ReleaseTorchCache();
        if (OperatingSystem.IsLinux())
            try { malloc_trim(0); } catch (DllNotFoundException) { } catch (EntryPointNotFoundException) { }
    }

    /// <summary>Whether libtorch (the shim) is loaded in this process; asking does not load it. (A member of
    /// <see cref="torch"/> could not say: touching that class runs its static constructor, which loads libtorch.)</summary>
    public static bool TorchLoaded => Native.IsLoaded;

    /// <summary>Empties the shim's cache of freed tensor blocks (<see cref="torch.cpu_cache_release"/>) when libtorch is
    /// loaded; in a process that never used libtorch it does nothing and loads nothing.</summary>
    public static void ReleaseTorchCache()
    {
        if (Native.IsLoaded) torch.cpu_cache_release();
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int malloc_trim(nuint pad);
}
