using NotebookLib.Tests.Support;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

/// <summary>The shim's CPU block cache (lib/Torch/Native/alloc.cpp). Runs alone: the cache and its
/// counters are process-wide, and any other test's tensors would move them.</summary>
[Collection("Torch memory")]
public class CpuCacheTests
{
    const long MiB = 1L << 20;

    [Fact]
    public void Tensors_from_every_factory_go_through_the_cache()
    {
        Assert.True(cpu_cache_stats().Enabled, "the shim's CPU block cache is off (NOTEBOOKLIB_CPU_CACHE=0, or libtorch's CPU allocator is another one)");
        var data = new float[1 << 20];                                   // 4 MiB
        Func<Tensor>[] factories = [() => empty([1 << 20]), () => zeros(1 << 20), () => randn(1 << 20), () => from_array(data, 1 << 20)];
        foreach (var make in factories)
        {
            var before = cpu_cache_stats();
            using (make()) { }
            var after = cpu_cache_stats();
            Assert.Equal(1, after.Hits + after.Misses - before.Hits - before.Misses);
        }
    }

    [Fact]
    public void Live_plus_cached_blocks_never_exceed_the_largest_live_total_and_other_sizes_resize_cached_blocks()
    {
        Finalizers.RunAll();                                             // no other test's tensor is freed meanwhile
        cpu_cache_release();
        var start = cpu_cache_stats();
        void Bound(string when)
        {
            var s = cpu_cache_stats();
            Assert.True(s.LiveBytes + s.CachedBytes <= s.HighWater,
                $"{when}: live {s.LiveBytes >> 20} MiB + cached {s.CachedBytes >> 20} MiB > high-water {s.HighWater >> 20} MiB");
        }
        // four 4 MiB blocks live at once, then freed: the cache holds them
        var small = Enumerable.Range(0, 4).Select(_ => empty([1 << 20])).ToList();
        Bound("4 × 4 MiB live");
        small.ForEach(t => t.Dispose());
        Bound("4 × 4 MiB freed");
        Assert.Equal(16 * MiB, cpu_cache_stats().CachedBytes);
        // the same again: every block comes from the cache
        var again = cpu_cache_stats();
        small = Enumerable.Range(0, 4).Select(_ => empty([1 << 20])).ToList();
        Assert.Equal(4, cpu_cache_stats().Hits - again.Hits);
        small.ForEach(t => t.Dispose());
        // blocks of another size: the cache cannot hold its 16 MiB beside them under the high-water mark, so
        // three of the four are cached 4 MiB blocks resized with mremap (one more is unmapped), and the
        // high-water mark grows only with the live total
        var other = new List<Tensor>();
        for (var i = 0; i < 4; i++)
        {
            other.Add(empty([3 << 19]));                                 // 6 MiB
            Bound($"{i + 1} × 6 MiB live");
        }
        var end = cpu_cache_stats();
        Assert.Equal(24 * MiB, end.LiveBytes - start.LiveBytes);
        Assert.Equal(3, end.Resized - start.Resized);
        Assert.Equal(0, end.CachedBytes);                                // the 4 MiB blocks became 6 MiB ones
        other.ForEach(t => t.Dispose());
        Bound("4 × 6 MiB freed");
        Assert.Equal(24 * MiB, cpu_cache_stats().CachedBytes);
        Assert.True(cpu_cache_release() >= 24 * MiB);
        Assert.Equal(0, cpu_cache_stats().CachedBytes);
    }

    [Fact]
    public void The_explicit_cap_bounds_the_cached_bytes()
    {
        cpu_cache_release();
        var previous = cpu_cache_set_max(8 * MiB);
        try
        {
            var blocks = Enumerable.Range(0, 4).Select(_ => empty([1 << 20])).ToList();  // 4 × 4 MiB
            blocks.ForEach(t => t.Dispose());
            Assert.Equal(8 * MiB, cpu_cache_stats().CachedBytes);
        }
        finally
        {
            cpu_cache_set_max(previous);
            cpu_cache_release();
        }
    }

    [Fact]
    public void Training_steps_reuse_the_large_blocks_of_the_previous_step()
    {
        using var model = nn.Sequential(nn.Conv2d(1, 16, 3, padding: 1), nn.ReLU(), nn.Conv2d(16, 1, 3, padding: 1));
        using var optimizer = optim.Adam(model.parameters());
        var loss = nn.MSELoss();
        using var x = rand(8, 1, 128, 128);                              // 8 × 16 × 128² floats: 8 MiB activations
        void Steps(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                loss.call(model.call(x), x).backward();
                optimizer.step();
            }
        }
        Steps(2);
        var before = cpu_cache_stats();
        Steps(5);
        var after = cpu_cache_stats();
        long hits = after.Hits - before.Hits, misses = after.Misses - before.Misses;
        Assert.True(hits > 0 && hits >= 4 * misses, $"5 steps: {hits} large blocks reused, {misses} not");
        Assert.True(after.LiveBytes + after.CachedBytes <= after.HighWater);
        cpu_cache_release();
    }

    [Fact]
    public void HostMemory_release_frees_tensors_left_to_the_finalizer_and_empties_the_cache()
    {
        HostMemory.Release();
        var start = cpu_cache_stats();
        Abandon();
        Assert.True(cpu_cache_stats().LiveBytes >= start.LiveBytes + 8 * MiB, "the abandoned tensors are not live before the release");
        HostMemory.Release();
        var after = cpu_cache_stats();
        Assert.True(after.LiveBytes <= start.LiveBytes, $"live {after.LiveBytes >> 20} MiB after the release, {start.LiveBytes >> 20} MiB before the tensors");
        Assert.Equal(0, after.CachedBytes);
    }

    // two 4 MiB tensors that nothing disposes: only their finalizers free them
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static void Abandon()
    {
        GC.KeepAlive(empty([1 << 20]));
        GC.KeepAlive(empty([1 << 20]));
    }
}
