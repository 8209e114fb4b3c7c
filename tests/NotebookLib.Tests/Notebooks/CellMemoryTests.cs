using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Notebooks;

/// <summary>What the runner hands back between cells (<see cref="CellMemory"/>). Runs alone: it collects the whole
/// process's garbage and empties the shim's process-wide CPU block cache.</summary>
[Collection("Torch memory")]
public class CellMemoryTests
{
    const long MiB = 1L << 20;

    [Fact]
    public void A_cell_that_allocated_little_is_not_collected_and_one_that_allocated_more_than_the_threshold_is()
    {
        var mark = CellMemory.Mark();
        GC.KeepAlive(new byte[MiB]);
        Assert.False(CellMemory.Release(mark));

        mark = CellMemory.Mark();
        for (var i = 0; i < 2 * CellMemory.CollectAfterBytes / MiB; i++) GC.KeepAlive(new byte[MiB]);
        var full = GC.CollectionCount(2);
        Assert.True(CellMemory.Release(mark));
        Assert.True(GC.CollectionCount(2) > full, "no full collection after a cell that allocated twice the threshold");
    }

    [Fact]
    public void Release_empties_the_shim_cache_once_libtorch_is_loaded()
    {
        using (empty([1 << 20])) { }                                     // a 4 MiB block, freed into the cache
        Assert.True(NotebookLib.Torch.HostMemory.TorchLoaded);
        Assert.True(cpu_cache_stats().CachedBytes >= 4 * MiB);
        CellMemory.Release(CellMemory.Mark());
        Assert.Equal(0, cpu_cache_stats().CachedBytes);
    }

    [Fact]
    public async Task The_runner_releases_between_cells_unless_told_not_to()
    {
        // the first cell leaves a 4 MiB tensor block in the cache; the second reads what the cache holds
        string[] cells = ["using (NotebookLib.Torch.torch.empty([1 << 20])) { }", "NotebookLib.Torch.torch.cpu_cache_stats().CachedBytes"];
        long Cached(NotebookLib.Notebooks.RunResult r)
        {
            Assert.True(r.Succeeded, r.Error);
            return long.Parse(Assert.IsType<DisplayOutput>(Assert.Single(r.Code().Last().Outputs)).Text("text/plain")!, System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.Equal(0, Cached(await NotebookHarness.RunAsync(cells)));
        var kept = await NotebookHarness.RunAsync(NotebookHarness.Make(cells), new RunOptions { CellTimeout = TimeSpan.FromSeconds(120), ReleaseMemoryBetweenCells = false });
        Assert.True(Cached(kept) >= 4 * MiB);
    }
}
