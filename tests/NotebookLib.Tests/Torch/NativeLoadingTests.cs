using System.Reflection;
using System.Runtime.Loader;
using NotebookLib.Tests.Support;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

[Collection("Torch memory")]   // loading a second copy of the shim touches libtorch's process-wide CPU allocator
public class NativeLoadingTests
{
    [Fact]
    public void The_resolver_handles_the_shim_only()
    {
        var assembly = typeof(torch).Assembly;
        Assert.Equal(IntPtr.Zero, Native.Resolve("libcfitsio.so.10", assembly, null));
        Assert.Equal(IntPtr.Zero, Native.Resolve("libc", assembly, null));
        Assert.NotEqual(IntPtr.Zero, Native.Resolve(Native.Library, assembly, null));
        Assert.Matches(@"^\d+\.\d+\.\d+$", torch.version);          // the libtorch the shim was built against
    }

    [Fact]
    public void NotebookLib_loaded_by_path_finds_the_shim_beside_itself()
    {
        // What `#r "../build/lib/NotebookLib.dll"` does in a notebook: the assembly comes from a
        // folder that is not the host's, so the shim must be found beside NotebookLib.dll.
        var dll = Repo.PathOf("build", "lib", "NotebookLib.dll");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(dll)!, "libNotebookLibTorch.so")), "the build copies the shim to build/lib");
        var context = new AssemblyLoadContext("notebook-like");
        var assembly = context.LoadFromAssemblyPath(dll);
        var version = (string)assembly.GetType("NotebookLib.Torch.torch")!.GetProperty("version")!.GetValue(null)!;
        Assert.Equal(torch.version, version);
        var maps = File.ReadAllText("/proc/self/maps");
        Assert.Contains(Path.Combine(Path.GetDirectoryName(dll)!, "libNotebookLibTorch.so"), maps);
        // The second copy leaves the process's CPU allocator to the first: had it installed its own block
        // cache, blocks of one copy would reach the other's deleter.
        Assert.True(cpu_cache_stats().Enabled, "the second copy of the shim replaced the host's CPU allocator");
        var before = cpu_cache_stats();
        using (torch.empty([1 << 20])) { }                               // 4 MiB: a block the host's cache serves
        var after = cpu_cache_stats();
        Assert.Equal(1, after.Hits + after.Misses - before.Hits - before.Misses);
    }

    [Fact]
    public void Releasing_host_memory_does_not_load_libtorch_into_a_process_that_never_used_it()
    {
        // A fresh load context has its own static state, as a process that has not touched a tensor yet: the runner
        // releases memory after every cell, and a notebook without tensors must not pay libtorch's 0.13 GB of code.
        var context = new AssemblyLoadContext("no-tensors-yet");
        var hostMemory = context.LoadFromAssemblyPath(Repo.PathOf("build", "lib", "NotebookLib.dll")).GetType("NotebookLib.Torch.HostMemory")!;
        bool Loaded() => (bool)hostMemory.GetProperty("TorchLoaded")!.GetValue(null)!;
        Assert.False(Loaded());
        hostMemory.GetMethod("ReleaseTorchCache")!.Invoke(null, null);
        hostMemory.GetMethod("Release")!.Invoke(null, null);
        Assert.False(Loaded(), "HostMemory loaded libtorch");
    }

    [Fact]
    public void K_means_on_the_cpu_of_a_machine_without_a_gpu_driver_does_not_load_libtorch()
    {
        // The default device is "auto": without NVIDIA's driver CUDA cannot be there, and asking libtorch would load it.
        var context = new AssemblyLoadContext("k-means-only");
        var assembly = context.LoadFromAssemblyPath(Repo.PathOf("build", "lib", "NotebookLib.dll"));
        var kmeans = Activator.CreateInstance(assembly.GetType("NotebookLib.Analysis.KMeans")!, 3, 1, 300, 1e-4, (int?)0, null)!;
        var x = new float[60, 2];
        for (var i = 0; i < 60; i++) { x[i, 0] = i % 3 * 10 + i % 7 * 0.1f; x[i, 1] = i % 5 * 0.1f; }
        kmeans.GetType().GetMethod("Fit", [typeof(float[,])])!.Invoke(kmeans, [x]);
        Assert.Equal(60, ((int[])kmeans.GetType().GetProperty("Labels")!.GetValue(kmeans)!).Length);
        var loaded = (bool)assembly.GetType("NotebookLib.Torch.HostMemory")!.GetProperty("TorchLoaded")!.GetValue(null)!;
        if (Device.CudaDriverPresent) Assert.True(loaded, "with a driver, auto asks libtorch for a GPU");   // a GPU machine
        else Assert.False(loaded, "k-means on the CPU loaded libtorch");
    }

    [Fact]
    public void Pca_fit_and_transform_on_the_cpu_of_a_machine_without_a_gpu_driver_do_not_load_libtorch()
    {
        // PCA's CPU path calls BLAS/LAPACK directly (issue 22: libtorch costs 0.16 GB resident on load, scikit-learn's
        // process never loads PyTorch)
        var context = new AssemblyLoadContext("pca-only");
        var assembly = context.LoadFromAssemblyPath(Repo.PathOf("build", "lib", "NotebookLib.dll"));
        var pcaType = assembly.GetType("NotebookLib.Analysis.PCA")!;
        var pca = Activator.CreateInstance(pcaType, (int?)2, true, null)!;
        var x = new float[300, 5];
        for (var i = 0; i < 300; i++) for (var j = 0; j < 5; j++) x[i, j] = (i * (j + 3) % 17) * (j + 1) * 0.1f;
        var z = (float[,])pcaType.GetMethod("FitTransform")!.Invoke(pca, [x])!;
        var back = (float[,])pcaType.GetMethod("InverseTransform")!.Invoke(pca, [z])!;
        Assert.Equal(300, z.GetLength(0));
        Assert.Equal(5, back.GetLength(1));
        AssertLibtorchOnlyWithADriver(assembly, "PCA on the CPU loaded libtorch");
    }

    [Fact]
    public void Nearest_neighbours_among_more_than_65536_references_on_the_cpu_of_a_machine_without_a_gpu_driver_do_not_load_libtorch()
    {
        var context = new AssemblyLoadContext("knn-only");
        var assembly = context.LoadFromAssemblyPath(Repo.PathOf("build", "lib", "NotebookLib.dll"));
        var nnType = assembly.GetType("NotebookLib.Analysis.NearestNeighbors")!;
        var metric = Enum.ToObject(assembly.GetType("NotebookLib.Analysis.Metric")!, 0);   // euclidean
        var nn = Activator.CreateInstance(nnType, 3, metric, null)!;
        var x = new float[70_000, 3];
        for (var i = 0; i < 70_000; i++) { x[i, 0] = i; x[i, 1] = i % 7; x[i, 2] = i % 11; }
        var q = new float[,] { { 12_345.2f, 12_345 % 7, 12_345 % 11 } };
        nnType.GetMethod("Fit")!.Invoke(nn, [x]);
        var found = nnType.GetMethod("Kneighbors")!.Invoke(nn, [q, null])!;
        var indices = (int[,])found.GetType().GetProperty("Indices")!.GetValue(found)!;
        Assert.Equal(12_345, indices[0, 0]);
        AssertLibtorchOnlyWithADriver(assembly, "nearest neighbours on the CPU loaded libtorch");
    }

    /// <summary>With NVIDIA's driver the default device "auto" asks libtorch for a GPU (so libtorch is loaded); without
    /// it, the CPU paths must not have loaded libtorch.</summary>
    static void AssertLibtorchOnlyWithADriver(Assembly assembly, string message)
    {
        var loaded = (bool)assembly.GetType("NotebookLib.Torch.HostMemory")!.GetProperty("TorchLoaded")!.GetValue(null)!;
        if (Device.CudaDriverPresent) Assert.True(loaded, "with a driver, auto asks libtorch for a GPU");
        else Assert.False(loaded, message);
    }
}
