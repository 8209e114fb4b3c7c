using NotebookLib.Analysis;
using NotebookLib.Tests.Support;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Analysis;

/// <summary>What the matrix estimators hold on libtorch while they fit (issue 22: peak memory at 100,000 points),
/// read from the shim's high-water mark of live tensor blocks. Runs alone: the mark is process-wide.</summary>
[Collection("Torch memory")]
public class FitMemoryTests
{
    /// <summary>The most bytes of libtorch tensors live at once during <paramref name="fit"/>, over those live before it.</summary>
    static long TensorPeak(Action fit)
    {
        Finalizers.RunAll();
        cpu_cache_release();
        var before = cpu_cache_stats().LiveBytes;
        fit();
        return cpu_cache_stats().HighWater - before;
    }

    [Fact]
    public void Pca_of_a_large_matrix_streams_it_in_blocks_and_its_variances_are_those_of_the_projections()
    {
        var (x, _) = Synthetic.Blobs(80_000, 64, 5, seed: 3, spread: 2f, separation: 5f);   // 20 MB: more than one block
        var bytes = (long)x.Length * sizeof(float);
        PCA pca = null!;
        long allocated = 0;
        var peak = TensorPeak(() =>
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            pca = new PCA(4, device: NotebookLib.Torch.Device.CPU).Fit(x);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        });
        // on the CPU the fit calls BLAS on the caller's array: no tensor, and neither a whole copy of x (20 MB) nor a whole
        // float64 one (41 MB), a 4 MiB block
        Assert.Equal(0, peak);
        Assert.True(allocated < bytes / 2, $"PCA allocated {allocated / 1e6:F1} MB for a {bytes / 1e6:F1} MB matrix");
        // the tensor path (the GPU's, here on the CPU) streams it in blocks too
        PCA onTensors = null!;
        var tensorPeak = TensorPeak(() => onTensors = new PCA(4, device: NotebookLib.Torch.Device.CPU) { OnTensors = true }.Fit(x));
        Assert.True(tensorPeak < bytes / 2, $"PCA on tensors held {tensorPeak / 1e6:F1} MB of tensors at once for a {bytes / 1e6:F1} MB matrix");
        for (var c = 0; c < 4; c++) Assert.Equal(1, onTensors.ExplainedVariance[c] / pca.ExplainedVariance[c], 9);
        // each component's explained variance is the variance of the data projected on it (float64, n − 1)
        int n = x.GetLength(0), d = x.GetLength(1);
        var mean = new double[d];
        for (var i = 0; i < n; i++) for (var j = 0; j < d; j++) mean[j] += x[i, j];
        for (var j = 0; j < d; j++) mean[j] /= n;
        for (var c = 0; c < 4; c++)
        {
            double s = 0, s2 = 0;
            for (var i = 0; i < n; i++)
            {
                double p = 0;
                for (var j = 0; j < d; j++) p += (x[i, j] - mean[j]) * pca.Components[c, j];
                s += p; s2 += p * p;
            }
            var variance = (s2 - s * s / n) / (n - 1);
            Assert.Equal(1, variance / pca.ExplainedVariance[c], 4);
        }
        for (var j = 0; j < d; j++) Assert.Equal(mean[j], pca.Mean[j], 4);
    }

    [Fact]
    public void K_means_on_the_cpu_holds_no_tensor_and_no_copy_of_the_data_and_matches_the_tensor_path()
    {
        // the fused CPU path reads the caller's array in place (the tensor path held it uploaded and transposed: +0.10 GB
        // at 100,000 × 64 against scikit-learn's +0.05)
        var (x, _) = Synthetic.Blobs(60_000, 64, 5, seed: 4, spread: 2f, separation: 5f);
        var bytes = (long)x.Length * sizeof(float);
        KMeans cpu = null!;
        long allocated = 0;
        var peak = TensorPeak(() =>
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            cpu = new KMeans(5, nInit: 3, seed: 0).Fit(x);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        });
        Assert.Equal(0, peak);
        // per start: the labels, distances and k-means++ potentials, a few numbers per sample
        Assert.True(allocated < 3 * bytes / 4, $"k-means allocated {allocated / 1e6:F1} MB in 3 starts for a {bytes / 1e6:F1} MB matrix");
        var tensors = new KMeans(5, nInit: 3, seed: 0).Fit(x, null, onTensors: true);
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(tensors.Labels, cpu.Labels), 12);
        Assert.Equal(1.0, cpu.Inertia / tensors.Inertia, 5);
        for (var c = 0; c < 5; c++)
            for (var j = 0; j < 64; j++) Assert.Equal(tensors.Centers[c, j], cpu.Centers[c, j], 3);
    }

    [Fact]
    public void Nearest_neighbours_keep_the_callers_array_and_search_more_than_65536_references_without_a_copy()
    {
        // the fit keeps a reference, as scikit-learn's brute NearestNeighbors does, and beyond 65,536 references the search
        // builds the augmented rows [r, ‖r‖²] a chunk of 4 MiB at a time (the whole-tensor search held a copy, an upload and
        // the augmented matrix: +0.81 GB over the base at 10⁶ × 64 against scikit-learn's +0.01)
        var (x, _) = Synthetic.Blobs(200_000, 64, 5, seed: 5, spread: 2f, separation: 5f);
        var (q, _) = Synthetic.Blobs(300, 64, 5, seed: 6, spread: 2f, separation: 5f);
        var bytes = (long)x.Length * sizeof(float);
        NearestNeighbors nn = null!;
        Neighbors found = null!;
        long fitAllocated = 0, searchAllocated = 0;
        var peak = TensorPeak(() =>
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            nn = new NearestNeighbors(10).Fit(x);
            var fitted = GC.GetTotalAllocatedBytes(precise: true);
            found = nn.Kneighbors(q);
            fitAllocated = fitted - before;
            searchAllocated = GC.GetTotalAllocatedBytes(precise: true) - fitted;
        });
        Assert.True(fitAllocated < 4096, $"the fit allocated {fitAllocated / 1e6:F1} MB for a {bytes / 1e6:F1} MB matrix");
        Assert.True(peak < bytes / 4, $"the search held {peak / 1e6:F1} MB of tensors at once for a {bytes / 1e6:F1} MB matrix");
        Assert.True(searchAllocated < bytes / 4, $"the search allocated {searchAllocated / 1e6:F1} MB for a {bytes / 1e6:F1} MB matrix");
        Assert.True(found.Distances[0, 0] > 0.1f);
        // the model reads the caller's array: a sample changed after the fit is found where it now lies
        for (var j = 0; j < 64; j++) x[123_456, j] = q[0, j];
        var moved = nn.Kneighbors(q, 1);
        Assert.Equal(123_456, moved.Indices[0, 0]);
        // 0 up to the rounding of ‖q‖² − (2q·r − ‖r‖²) in float32 (‖q‖² ≈ 2,000 here)
        Assert.True(moved.Distances[0, 0] < 0.05f, $"{moved.Distances[0, 0]}");
    }
}
