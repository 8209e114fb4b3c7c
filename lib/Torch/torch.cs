using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NotebookLib.Configuration;

namespace NotebookLib.Torch;

/// <summary>
/// PyTorch's `torch` namespace: tensor factories, joins, manual_seed, no_grad, devices, and the
/// nested nn / optim / linalg / cuda classes. Write `using static NotebookLib.Torch.torch;` to call
/// randn(...), nn.Conv2d(...), optim.Adam(...) as in TorchSharp.
/// On first use, libtorch's intra-op threads are set from EnvironmentSettings.EffectiveThreads
/// and its generator is seeded from EnvironmentSettings.Seed (reproducible notebooks).
/// </summary>
public static partial class torch
{
    static torch() => Initialize();

    static int initialized;

    /// <summary>Sets threads and seed once per process; every entry point of the API passes here first.</summary>
    internal static void Initialize()
    {
        if (Interlocked.Exchange(ref initialized, 1) == 1) return;
        var settings = EnvironmentSettings.Current;
        Native.Check(Native.nbt_set_num_threads(settings.EffectiveThreads));
        Native.Check(Native.nbt_manual_seed((ulong)settings.Seed));
    }

    public static ScalarType float32 => ScalarType.Float32;
    public static ScalarType float64 => ScalarType.Float64;
    public static ScalarType int32 => ScalarType.Int32;
    public static ScalarType int64 => ScalarType.Int64;
    public static ScalarType @bool => ScalarType.Bool;
    public static ScalarType uint8 => ScalarType.Byte;

    /// <summary>The libtorch version the shim was built against.</summary>
    public static string version => Marshal.PtrToStringUTF8(Native.nbt_version()) ?? "";

    public static void manual_seed(long seed) => Native.Check(Native.nbt_manual_seed((ulong)seed));
    public static void set_num_threads(int threads) =>
        Native.Check(Native.nbt_set_num_threads(threads > 0 ? threads : throw new ArgumentException($"threads must be positive, not {threads}")));
    public static int get_num_threads() => Native.nbt_get_num_threads();

    /// <summary>
    /// Frees the large CPU tensor blocks that the shim keeps for reuse, restarts its high-water mark from
    /// the blocks live now, and returns the bytes freed. The shim keeps freed blocks of 512 KiB and more so
    /// that the next training step reuses them instead of page-faulting fresh memory; live plus cached
    /// blocks never exceed the largest live total seen since the last release (a request of a size not
    /// cached resizes a cached block with mremap rather than adding one), and the cached bytes never exceed
    /// NOTEBOOKLIB_CPU_CACHE_MAX_MB (default a quarter of physical memory). NOTEBOOKLIB_CPU_CACHE=0 turns it off.
    /// </summary>
    public static long cpu_cache_release() => Native.nbt_cpu_cache_release();

    /// <summary>Caps the bytes the CPU block cache may hold (evicting down to it at once) and returns the previous cap.</summary>
    public static long cpu_cache_set_max(long bytes) => Native.nbt_cpu_cache_set_max(bytes);

    /// <summary>The CPU block cache's counters since the process started: hits, misses (of which
    /// <c>resized</c> were served by resizing a cached block), the bytes cached and live now, the
    /// high-water mark that bounds live + cached, and the cap on cached bytes. <c>enabled</c> is false
    /// when NOTEBOOKLIB_CPU_CACHE=0 or when libtorch's CPU allocator is another one.</summary>
    public static unsafe CpuCacheStats cpu_cache_stats()
    {
        var s = stackalloc long[7];
        Native.nbt_cpu_cache_stats(s);
        return new(Native.nbt_cpu_cache_enabled() != 0, s[0], s[1], s[3], s[2], s[4], s[5], s[6]);
    }

    /// <summary>Opens a scope that frees every tensor made on this thread until it is disposed.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Disables gradient recording until disposed: `using (torch.no_grad()) { ... }`.</summary>
    public static IDisposable no_grad() => new GradMode(false);
    public static IDisposable enable_grad() => new GradMode(true);
    public static bool is_grad_enabled() => Native.nbt_is_grad_enabled() != 0;

    sealed class GradMode : IDisposable
    {
        readonly int previous;
        bool done;
        public GradMode(bool enabled) => previous = Native.nbt_set_grad_enabled(enabled ? 1 : 0);
        public void Dispose() { if (!done) { done = true; Native.nbt_set_grad_enabled(previous); } }
    }

    public static class cuda
    {
        public static bool is_available() => Native.nbt_cuda_is_available() != 0;
        public static int device_count() => Native.nbt_cuda_device_count();
    }

    // ---- from .NET data
    static Device Dev(Device? device) => device ?? Device.CPU;

    /// <summary>A tensor holding a copy of data with the given shape (default: 1-D).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, long[] shape, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        var n = 1L;
        foreach (var s in shape) n *= s;
        if (n != data.Length)
            throw new ArgumentException($"{data.Length} values cannot fill a tensor of shape {Shapes.Format(shape)} ({n} elements)");
        Tensor t;
        fixed (T* p = data)
        fixed (long* s = shape)
            t = new Tensor(Native.nbt_from_data(p, s, shape.Length, (int)ScalarTypes.Of<T>(), Dev(device).Name));
        return requires_grad ? t.requires_grad_() : t;
    }
    public static Tensor tensor<T>(T[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor<T>(data.AsSpan(), shape ?? [data.Length], device, requires_grad);
    public static Tensor tensor<T>(T[,] data, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor(MultiDim<T>(data), [data.GetLength(0), data.GetLength(1)], device, requires_grad);
    public static Tensor tensor<T>(T[,,] data, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor(MultiDim<T>(data), [data.GetLength(0), data.GetLength(1), data.GetLength(2)], device, requires_grad);
    public static Tensor tensor<T>(T[,,,] data, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor(MultiDim<T>(data), [data.GetLength(0), data.GetLength(1), data.GetLength(2), data.GetLength(3)], device, requires_grad);
    /// <summary>A 0-dimensional tensor.</summary>
    public static Tensor tensor(double value, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var t = tensor<double>([value], Array.Empty<long>(), device);
        return t.to(dtype);
    }
    public static Tensor from_array<T>(T[] data, params long[] shape) where T : unmanaged => tensor<T>(data.AsSpan(), shape);

    static ReadOnlySpan<T> MultiDim<T>(Array a) where T : unmanaged =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(a)), a.Length);

    // ---- factories
    static unsafe Tensor Factory(int kind, long[] shape, ScalarType dtype, Device? device, bool requires_grad, double value = 0)
    {
        Tensor t;
        fixed (long* s = shape) t = new Tensor(Native.nbt_factory(kind, s, shape.Length, (int)dtype, Dev(device).Name, value));
        return requires_grad ? t.requires_grad_() : t;
    }
    public static Tensor empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) => Factory(0, shape, dtype, device, requires_grad);
    public static Tensor zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) => Factory(1, shape, dtype, device, requires_grad);
    public static Tensor ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) => Factory(2, shape, dtype, device, requires_grad);
    public static Tensor full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) => Factory(3, shape, dtype, device, requires_grad, value);
    /// <summary>Uniform on [0, 1).</summary>
    public static Tensor rand(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) => Factory(4, shape, dtype, device, requires_grad);
    /// <summary>Standard normal.</summary>
    public static Tensor randn(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) => Factory(5, shape, dtype, device, requires_grad);
    public static Tensor zeros(params long[] shape) => zeros(shape, ScalarType.Float32);
    public static Tensor ones(params long[] shape) => ones(shape, ScalarType.Float32);
    public static Tensor rand(params long[] shape) => rand(shape, ScalarType.Float32);
    public static Tensor randn(params long[] shape) => randn(shape, ScalarType.Float32);
    public static Tensor zeros_like(Tensor t) => zeros(t.shape, t.dtype, t.device);
    public static Tensor ones_like(Tensor t) => ones(t.shape, t.dtype, t.device);
    public static Tensor full_like(Tensor t, double value) => full(t.shape, value, t.dtype, t.device);
    public static Tensor rand_like(Tensor t) => rand(t.shape, t.dtype, t.device);
    public static Tensor randn_like(Tensor t) => randn(t.shape, t.dtype, t.device);
    /// <summary>Integers uniform on [low, high).</summary>
    public static unsafe Tensor randint(long low, long high, long[] shape, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        fixed (long* s = shape) return new Tensor(Native.nbt_randint(low, high, s, shape.Length, (int)dtype, Dev(device).Name));
    }
    public static Tensor randperm(long n, ScalarType dtype = ScalarType.Int64, Device? device = null) => new(Native.nbt_randperm(n, (int)dtype, Dev(device).Name));
    public static Tensor arange(double end, ScalarType dtype = ScalarType.Int64, Device? device = null) => arange(0, end, 1, dtype, device);
    public static Tensor arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        new(Native.nbt_arange(start, end, step, (int)dtype, Dev(device).Name));
    public static Tensor linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        new(Native.nbt_linspace(start, end, steps, (int)dtype, Dev(device).Name));
    public static Tensor eye(long n, long? m = null, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        new(Native.nbt_eye(n, m ?? n, (int)dtype, Dev(device).Name));

    // ---- joins and functions of several tensors
    static unsafe Tensor Join(delegate*<IntPtr*, int, long, IntPtr> f, IReadOnlyList<Tensor> tensors, long dim)
    {
        var handles = tensors.Select(t => t.Handle).ToArray();
        fixed (IntPtr* p = handles) return new Tensor(f(p, handles.Length, dim));
    }
    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(&Native.nbt_cat, tensors, dim);
    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(&Native.nbt_stack, tensors, dim);
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => new(Native.nbt_where(condition.Handle, x.Handle, y.Handle));
    public static Tensor lerp(Tensor start, Tensor end, double weight) => new(Native.nbt_lerp(start.Handle, end.Handle, weight));
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    /// <summary>Pairwise p-norm distances between the rows of x1 (…, P, M) and x2 (…, R, M).</summary>
    public static Tensor cdist(Tensor x1, Tensor x2, double p = 2) => new(Native.nbt_cdist(x1.Handle, x2.Handle, p));
    public static unsafe Tensor einsum(string equation, params Tensor[] operands)
    {
        var handles = operands.Select(t => t.Handle).ToArray();
        fixed (IntPtr* p = handles) return new Tensor(Native.nbt_einsum(equation, p, handles.Length));
    }
    /// <summary>Sorted unique values, the inverse indices and the counts.</summary>
    public static (Tensor values, Tensor inverse, Tensor counts) unique(Tensor t, bool sorted = true)
    {
        Native.Check(Native.nbt_unique(t.Handle, sorted ? 1 : 0, out var v, out var i, out var c));
        return (new Tensor(v), new Tensor(i), new Tensor(c));
    }
    public static (Tensor values, Tensor indices) sort(Tensor t, long dim = -1, bool descending = false) => t.sort(dim, descending);
    public static (Tensor values, Tensor indices) topk(Tensor t, long k, long dim = -1, bool largest = true) => t.topk(k, dim, largest);
    public static Tensor sum(Tensor t) => t.sum();
    public static Tensor mean(Tensor t) => t.mean();
    public static Tensor exp(Tensor t) => t.exp();
    public static Tensor log(Tensor t) => t.log();
    public static Tensor sqrt(Tensor t) => t.sqrt();
    public static Tensor abs(Tensor t) => t.abs();
    public static Tensor sigmoid(Tensor t) => t.sigmoid();
    public static Tensor tanh(Tensor t) => t.tanh();
    public static Tensor relu(Tensor t) => t.relu();
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor clamp(Tensor t, double? min = null, double? max = null) => t.clamp(min, max);
    public static Tensor flatten(Tensor t, long start_dim = 0, long end_dim = -1) => t.flatten(start_dim, end_dim);
    public static Tensor argmax(Tensor t, long? dim = null, bool keepdim = false) => t.argmax(dim, keepdim);
    public static Tensor pow(double baseValue, Tensor exponent) => exponent.rpow(baseValue);
    public static Tensor pow(Tensor t, double exponent) => t.pow(exponent);
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8) => a.allclose(b, rtol, atol);

    public static class linalg
    {
        /// <summary>Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix.</summary>
        public static (Tensor eigenvalues, Tensor eigenvectors) eigh(Tensor a, string UPLO = "L")
        {
            Native.Check(Native.nbt_linalg_eigh(a.Handle, UPLO, out var w, out var v));
            return (new Tensor(w), new Tensor(v));
        }
        /// <summary>A = U diag(S) Vh.</summary>
        public static (Tensor U, Tensor S, Tensor Vh) svd(Tensor a, bool full_matrices = true)
        {
            Native.Check(Native.nbt_linalg_svd(a.Handle, full_matrices ? 1 : 0, out var u, out var s, out var vh));
            return (new Tensor(u), new Tensor(s), new Tensor(vh));
        }
        public static Tensor inv(Tensor a) => new(Native.nbt_linalg(0, a.Handle, IntPtr.Zero));
        public static Tensor det(Tensor a) => new(Native.nbt_linalg(1, a.Handle, IntPtr.Zero));
        public static Tensor cholesky(Tensor a) => new(Native.nbt_linalg(2, a.Handle, IntPtr.Zero));
        public static Tensor solve(Tensor a, Tensor b) => new(Native.nbt_linalg(3, a.Handle, b.Handle));
        public static Tensor norm(Tensor a) => a.norm();
    }

    public static class autograd
    {
        /// <summary>Gradients of outputs with respect to inputs (saliency maps: d score / d image),
        /// without touching .grad of anything.</summary>
        public static unsafe Tensor?[] grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor>? grad_outputs = null, bool retain_graph = false, bool create_graph = false, bool allow_unused = false)
        {
            var o = outputs.Select(t => t.Handle).ToArray();
            var g = grad_outputs?.Select(t => t.Handle).ToArray();
            var i = inputs.Select(t => t.Handle).ToArray();
            var r = new IntPtr[i.Length];
            fixed (IntPtr* po = o) fixed (IntPtr* pg = g) fixed (IntPtr* pi = i) fixed (IntPtr* pr = r)
                Native.Check(Native.nbt_autograd_grad(po, pg, o.Length, pi, i.Length, pr, retain_graph ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0));
            return r.Select(h => h == IntPtr.Zero ? null : new Tensor(h)).ToArray();
        }
    }
}
