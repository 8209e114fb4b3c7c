namespace NotebookLib.Torch;

/// <summary>The shim's CPU block cache counters (<see cref="torch.cpu_cache_stats"/>): large allocations
/// served from the cache (<paramref name="Hits"/>) or not (<paramref name="Misses"/>, of which
/// <paramref name="Resized"/> reused a cached block of another size through mremap), the bytes cached and
/// live now, the high-water mark that bounds live + cached, and the cap on cached bytes.</summary>
public readonly record struct CpuCacheStats(bool Enabled, long Hits, long Misses, long Resized, long CachedBytes, long LiveBytes, long HighWater, long MaxCached);
