namespace NotebookLib.Notebooks;

/// <summary>
/// Between cells, hands back to the system what the last cell left behind, so that the next cell starts from what
/// the notebook holds rather than from the last cell's garbage: a notebook's peak resident set is then the largest
/// cell's work on top of the notebook's variables, not on top of every earlier cell's leftovers.
/// </summary>
/// <remarks>
/// Measured on notebook 01 at the default scale (issue 22): between cells the process kept 0.15–0.2 GB of .NET heap
/// that no variable held (the runner keeps freed heap regions, System.GC.RetainVM, so that tiling and batching reuse
/// them within a cell) and up to 0.1 GB of freed tensor blocks in the libtorch shim's cache. After a cell that
/// allocated at least <see cref="CollectAfterBytes"/> of .NET memory, <see cref="NotebookLib.Torch.HostMemory.Release"/>
/// runs (a full compacting collection that decommits the free heap, and glibc's malloc_trim); the shim's cache is
/// released after every cell when libtorch is loaded (never loading it for a notebook that does not use it).
/// </remarks>
public static class CellMemory
{
    /// <summary>A cell that allocated less than this (64 MiB) leaves too little garbage to be worth a full collection.</summary>
    public const long CollectAfterBytes = 64L << 20;

    /// <summary>The .NET bytes allocated so far in the process: take it before a cell, pass it to <see cref="Release"/> after.</summary>
    public static long Mark() => GC.GetTotalAllocatedBytes(precise: false);

    /// <summary>Releases what the cell begun at <paramref name="mark"/> left behind; returns whether it collected.</summary>
    public static bool Release(long mark)
    {
        if (GC.GetTotalAllocatedBytes(precise: false) - mark < CollectAfterBytes)
        {
            NotebookLib.Torch.HostMemory.ReleaseTorchCache();
            return false;
        }
        NotebookLib.Torch.HostMemory.Release();
        return true;
    }
}
