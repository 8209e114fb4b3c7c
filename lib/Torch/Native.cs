using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NotebookLib.Torch;

/// <summary>The P/Invoke surface of the libtorch shim (lib/Torch/Native). Every entry point returns
/// a failure value (null handle or non-zero status) after catching the C++ exception; <see cref="Check(IntPtr)"/>
/// turns that into a <see cref="TorchException"/> carrying torch's message.</summary>
internal static unsafe class Native
{
    public const string Library = "NotebookLibTorch";
    const string FileName = "libNotebookLibTorch.so";

    /// <summary>NotebookLib's one DllImport resolver: it loads the shim from beside NotebookLib.dll
    /// (so that `#r "../build/lib/NotebookLib.dll"` in a notebook finds it) and leaves every other
    /// library (e.g. CFITSIO) to the default search by returning IntPtr.Zero.</summary>
    [ModuleInitializer]
    internal static void InstallResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);

    internal static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library) return IntPtr.Zero;
        PreferPassiveOpenMP();
        foreach (var dir in new[] { Path.GetDirectoryName(assembly.Location), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var candidate = Path.Combine(dir, FileName);
            if (File.Exists(candidate)) return Loaded(NativeLibrary.Load(candidate));
        }
        return NativeLibrary.TryLoad(FileName, assembly, searchPath, out var handle) ? Loaded(handle)
            : throw new DllNotFoundException($"{FileName} was not found beside {assembly.Location}: build NotebookLib (./nb setup), which builds the libtorch shim with CMake");
    }

    /// <summary>Whether the shim (and with it libtorch) is loaded in this process.</summary>
    public static bool IsLoaded => loaded;
    static volatile bool loaded;
    static IntPtr Loaded(IntPtr handle) { loaded = true; return handle; }

    /// <summary>The OpenMP wait policy libtorch runs under unless the user set OMP_WAIT_POLICY.</summary>
    public const string DefaultOmpWaitPolicy = "passive";

    /// <summary>libgomp reads OMP_WAIT_POLICY once, when libtorch loads it. Its default lets idle workers
    /// spin after every parallel op; in a process that also runs .NET thread-pool work, on a machine
    /// with few cores, the spinning workers take the cores that work needs (k-means on 10,000 points
    /// took 9–15 s instead of 0.3–0.7 s on 2 busy cores). Passive workers sleep instead.</summary>
    internal static void PreferPassiveOpenMP()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            setenv("OMP_WAIT_POLICY", DefaultOmpWaitPolicy, 0);
    }

    /// <summary>The native environment that libgomp reads (Environment.SetEnvironmentVariable only changes .NET's copy).</summary>
    [DllImport("libc", EntryPoint = "setenv")] static extern int setenv(string name, string value, int overwrite);

    public static IntPtr Check(IntPtr handle) => handle != IntPtr.Zero ? handle : throw Error();
    public static void Check(int status) { if (status != 0) throw Error(); }
    public static TorchException Error() => new(Marshal.PtrToStringUTF8(nbt_last_error()) ?? "unknown libtorch error");

    [DllImport(Library)] public static extern IntPtr nbt_last_error();
    [DllImport(Library)] public static extern IntPtr nbt_version();
    [DllImport(Library)] public static extern int nbt_set_num_threads(int n);
    [DllImport(Library)] public static extern int nbt_get_num_threads();
    [DllImport(Library)] public static extern int nbt_manual_seed(ulong seed);
    [DllImport(Library)] public static extern int nbt_cuda_is_available();
    [DllImport(Library)] public static extern int nbt_cuda_device_count();
    [DllImport(Library)] public static extern int nbt_set_grad_enabled(int enabled);
    [DllImport(Library)] public static extern int nbt_is_grad_enabled();
    [DllImport(Library)] public static extern int nbt_cpu_cache_enabled();
    [DllImport(Library)] public static extern long nbt_cpu_cache_release();
    [DllImport(Library)] public static extern void nbt_cpu_cache_stats(long* stats);
    [DllImport(Library)] public static extern long nbt_cpu_cache_set_max(long bytes);

    [DllImport(Library)] public static extern void nbt_free(IntPtr t);
    [DllImport(Library)] public static extern int nbt_dim(IntPtr t);
    [DllImport(Library)] public static extern void nbt_shape(IntPtr t, long* shape);
    [DllImport(Library)] public static extern long nbt_numel(IntPtr t);
    [DllImport(Library)] public static extern int nbt_dtype(IntPtr t);
    [DllImport(Library)] public static extern int nbt_device(IntPtr t, byte* buffer, int length);
    [DllImport(Library)] public static extern int nbt_requires_grad(IntPtr t);
    [DllImport(Library)] public static extern int nbt_is_leaf(IntPtr t);
    [DllImport(Library)] public static extern int nbt_is_contiguous(IntPtr t);

    [DllImport(Library)] public static extern IntPtr nbt_from_data(void* data, long* shape, int ndim, int dtype, string device);
    [DllImport(Library)] public static extern IntPtr nbt_factory(int kind, long* shape, int ndim, int dtype, string device, double value);
    [DllImport(Library)] public static extern IntPtr nbt_randint(long low, long high, long* shape, int ndim, int dtype, string device);
    [DllImport(Library)] public static extern IntPtr nbt_randperm(long n, int dtype, string device);
    [DllImport(Library)] public static extern IntPtr nbt_arange(double start, double end, double step, int dtype, string device);
    [DllImport(Library)] public static extern IntPtr nbt_linspace(double start, double end, long steps, int dtype, string device);
    [DllImport(Library)] public static extern IntPtr nbt_eye(long n, long m, int dtype, string device);

    [DllImport(Library)] public static extern int nbt_copy_to(IntPtr t, void* dst, long nbytes, int dtype);
    [DllImport(Library)] public static extern int nbt_item(IntPtr t, out double value);
    [DllImport(Library)] public static extern int nbt_item_long(IntPtr t, out long value);
    [DllImport(Library)] public static extern IntPtr nbt_to(IntPtr t, int dtype, string? device, int copy);
    [DllImport(Library)] public static extern IntPtr nbt_clone(IntPtr t);
    [DllImport(Library)] public static extern IntPtr nbt_detach(IntPtr t);
    [DllImport(Library)] public static extern IntPtr nbt_contiguous(IntPtr t);
    [DllImport(Library)] public static extern IntPtr nbt_alias(IntPtr t);
    [DllImport(Library)] public static extern int nbt_set_data(IntPtr t, IntPtr data);

    [DllImport(Library)] public static extern int nbt_requires_grad_(IntPtr t, int on);
    [DllImport(Library)] public static extern int nbt_grad(IntPtr t, out IntPtr grad);
    [DllImport(Library)] public static extern int nbt_zero_grad(IntPtr t);
    [DllImport(Library)] public static extern int nbt_backward(IntPtr t, IntPtr gradient, int retainGraph, int createGraph);
    [DllImport(Library)]
    public static extern int nbt_autograd_grad(IntPtr* outputs, IntPtr* gradOutputs, int nOut, IntPtr* inputs, int nIn,
        IntPtr* results, int retainGraph, int createGraph, int allowUnused);

    [DllImport(Library)] public static extern IntPtr nbt_unary(int op, IntPtr t);
    [DllImport(Library)] public static extern IntPtr nbt_binary(int op, IntPtr a, IntPtr b);
    [DllImport(Library)] public static extern IntPtr nbt_binary_scalar(int op, IntPtr a, double v, long iv, int isInt);
    [DllImport(Library)] public static extern int nbt_binary_(int op, IntPtr a, IntPtr b, double alpha);
    [DllImport(Library)] public static extern int nbt_scalar_(int op, IntPtr a, double v, long iv, int isInt, double extra);
    [DllImport(Library)] public static extern IntPtr nbt_clamp(IntPtr t, int hasMin, double min, int hasMax, double max);
    [DllImport(Library)] public static extern IntPtr nbt_where(IntPtr c, IntPtr a, IntPtr b);
    [DllImport(Library)] public static extern IntPtr nbt_lerp(IntPtr a, IntPtr b, double w);

    [DllImport(Library)] public static extern IntPtr nbt_reshape(IntPtr t, long* shape, int n);
    [DllImport(Library)] public static extern IntPtr nbt_view(IntPtr t, long* shape, int n);
    [DllImport(Library)] public static extern IntPtr nbt_permute(IntPtr t, long* dims, int n);
    [DllImport(Library)] public static extern IntPtr nbt_expand(IntPtr t, long* shape, int n);
    [DllImport(Library)] public static extern IntPtr nbt_repeat(IntPtr t, long* reps, int n);
    [DllImport(Library)] public static extern IntPtr nbt_flip(IntPtr t, long* dims, int n);
    [DllImport(Library)] public static extern IntPtr nbt_transpose(IntPtr t, long d0, long d1);
    [DllImport(Library)] public static extern IntPtr nbt_squeeze(IntPtr t, long dim, int all);
    [DllImport(Library)] public static extern IntPtr nbt_unsqueeze(IntPtr t, long dim);
    [DllImport(Library)] public static extern IntPtr nbt_flatten(IntPtr t, long start, long end);
    [DllImport(Library)] public static extern IntPtr nbt_select(IntPtr t, long dim, long index);
    [DllImport(Library)] public static extern IntPtr nbt_narrow(IntPtr t, long dim, long start, long length);
    [DllImport(Library)] public static extern IntPtr nbt_slice(IntPtr t, long dim, int hasStart, long start, int hasEnd, long end, long step);
    [DllImport(Library)] public static extern IntPtr nbt_index_select(IntPtr t, long dim, IntPtr index);
    [DllImport(Library)] public static extern IntPtr nbt_gather(IntPtr t, long dim, IntPtr index);
    [DllImport(Library)] public static extern IntPtr nbt_index(IntPtr t, IntPtr* indices, int n);
    [DllImport(Library)] public static extern int nbt_index_put_(IntPtr t, IntPtr* indices, int n, IntPtr values, int accumulate);
    [DllImport(Library)] public static extern IntPtr nbt_masked_fill(IntPtr t, IntPtr mask, double value, int inPlace);
    [DllImport(Library)] public static extern IntPtr nbt_masked_select(IntPtr t, IntPtr mask);
    [DllImport(Library)] public static extern IntPtr nbt_nonzero(IntPtr t);
    [DllImport(Library)] public static extern IntPtr nbt_cat(IntPtr* ts, int n, long dim);
    [DllImport(Library)] public static extern IntPtr nbt_stack(IntPtr* ts, int n, long dim);
    [DllImport(Library)] public static extern int nbt_chunk(IntPtr t, long chunks, long dim, IntPtr* output);
    [DllImport(Library)] public static extern IntPtr nbt_tril(IntPtr t, long diagonal, int upper);
    [DllImport(Library)] public static extern IntPtr nbt_diag(IntPtr t, long diagonal);

    [DllImport(Library)] public static extern IntPtr nbt_reduce(int op, IntPtr t, long* dims, int ndims, int keepdim, int unbiased);
    [DllImport(Library)] public static extern int nbt_minmax_dim(int op, IntPtr t, long dim, int keepdim, out IntPtr values, out IntPtr indices);
    [DllImport(Library)] public static extern IntPtr nbt_argminmax(int op, IntPtr t, int hasDim, long dim, int keepdim);
    [DllImport(Library)] public static extern IntPtr nbt_cumsum(IntPtr t, long dim);
    [DllImport(Library)] public static extern int nbt_sort(IntPtr t, long dim, int descending, int stable, out IntPtr values, out IntPtr indices);
    [DllImport(Library)] public static extern int nbt_topk(IntPtr t, long k, long dim, int largest, int sorted, out IntPtr values, out IntPtr indices);
    [DllImport(Library)] public static extern int nbt_unique(IntPtr t, int sorted, out IntPtr values, out IntPtr inverse, out IntPtr counts);
    [DllImport(Library)] public static extern int nbt_equal(IntPtr a, IntPtr b);
    [DllImport(Library)] public static extern int nbt_allclose(IntPtr a, IntPtr b, double rtol, double atol, int equalNan);

    [DllImport(Library)] public static extern IntPtr nbt_cdist(IntPtr a, IntPtr b, double p);
    [DllImport(Library)] public static extern IntPtr nbt_einsum(string equation, IntPtr* ts, int n);
    [DllImport(Library)] public static extern int nbt_linalg_eigh(IntPtr t, string uplo, out IntPtr eigenvalues, out IntPtr eigenvectors);
    [DllImport(Library)] public static extern int nbt_linalg_svd(IntPtr t, int fullMatrices, out IntPtr u, out IntPtr s, out IntPtr vh);
    [DllImport(Library)] public static extern IntPtr nbt_linalg(int op, IntPtr a, IntPtr b);

    [DllImport(Library)] public static extern IntPtr nbt_conv2d(IntPtr x, IntPtr w, IntPtr b, long* stride, long* padding, long* dilation, long groups);
    [DllImport(Library)] public static extern IntPtr nbt_conv_transpose2d(IntPtr x, IntPtr w, IntPtr b, long* stride, long* padding, long* outputPadding, long* dilation, long groups);
    [DllImport(Library)] public static extern IntPtr nbt_max_pool2d(IntPtr x, long* kernel, long* stride, long* padding, long* dilation, int ceilMode);
    [DllImport(Library)] public static extern IntPtr nbt_avg_pool2d(IntPtr x, long* kernel, long* stride, long* padding, int ceilMode, int countIncludePad);
    [DllImport(Library)] public static extern IntPtr nbt_adaptive_avg_pool2d(IntPtr x, long* size);
    [DllImport(Library)] public static extern IntPtr nbt_interpolate(IntPtr x, long* size, double* scale, int mode, int alignCorners);
    [DllImport(Library)] public static extern IntPtr nbt_linear(IntPtr x, IntPtr w, IntPtr b);
    [DllImport(Library)] public static extern IntPtr nbt_batch_norm(IntPtr x, IntPtr w, IntPtr b, IntPtr runningMean, IntPtr runningVar, int training, double momentum, double eps);
    [DllImport(Library)] public static extern IntPtr nbt_dropout(IntPtr x, double p, int training);
    [DllImport(Library)] public static extern IntPtr nbt_leaky_relu(IntPtr x, double slope);
    [DllImport(Library)] public static extern IntPtr nbt_softmax(IntPtr x, long dim, int log);
    [DllImport(Library)] public static extern IntPtr nbt_mse_loss(IntPtr x, IntPtr y, long reduction);
    [DllImport(Library)] public static extern IntPtr nbt_l1_loss(IntPtr x, IntPtr y, long reduction);
    [DllImport(Library)] public static extern IntPtr nbt_bce_loss(IntPtr x, IntPtr y, IntPtr weight, long reduction);
    [DllImport(Library)] public static extern IntPtr nbt_bce_with_logits_loss(IntPtr x, IntPtr y, IntPtr weight, IntPtr posWeight, long reduction);
    [DllImport(Library)] public static extern IntPtr nbt_cross_entropy_loss(IntPtr x, IntPtr target, IntPtr weight, long reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(Library)] public static extern IntPtr nbt_nll_loss(IntPtr x, IntPtr target, IntPtr weight, long reduction, long ignoreIndex);

    [DllImport(Library)] public static extern IntPtr nbt_sgd(IntPtr* ps, int n, double lr, double momentum, double dampening, double weightDecay, int nesterov);
    [DllImport(Library)] public static extern IntPtr nbt_adam(IntPtr* ps, int n, double lr, double beta1, double beta2, double eps, double weightDecay, int amsgrad, int decoupled);
    [DllImport(Library)] public static extern IntPtr nbt_adadelta(IntPtr* ps, int n, double lr, double rho, double eps, double weightDecay);
    [DllImport(Library)] public static extern void nbt_optim_free(IntPtr o);
    [DllImport(Library)] public static extern int nbt_optim_step(IntPtr o);
    [DllImport(Library)] public static extern int nbt_optim_zero_grad(IntPtr o);
    [DllImport(Library)] public static extern double nbt_optim_get_lr(IntPtr o);
    [DllImport(Library)] public static extern int nbt_optim_set_lr(IntPtr o, double lr);
}

/// <summary>An error raised inside libtorch (a bad shape, dtype or device), with torch's own message.</summary>
public sealed class TorchException(string message) : Exception(message);
