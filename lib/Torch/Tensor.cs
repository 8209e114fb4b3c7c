using System.Runtime.InteropServices;

namespace NotebookLib.Torch;

/// <summary>
/// A libtorch tensor (PyTorch's torch.Tensor). The native memory is freed by Dispose, by the
/// DisposeScope that was open when the tensor was made, or — as a safety net — by the finalizer.
/// Method names follow PyTorch: shape, dtype, device, reshape, sum, backward, grad, ...
/// </summary>
public partial class Tensor : IDisposable
{
    IntPtr handle;
    internal DisposeScope? Scope;
    static long live;

    /// <summary>Tensors alive in this process (created and not yet freed): a leak detector.</summary>
    public static long LiveCount => Interlocked.Read(ref live);

    internal Tensor(IntPtr handle, bool scoped = true)
    {
        this.handle = Native.Check(handle);
        Interlocked.Increment(ref live);
        if (scoped) DisposeScope.Current?.Add(this);
    }

    internal IntPtr Handle => handle != IntPtr.Zero ? handle
        : throw new ObjectDisposedException(nameof(Tensor), "this tensor was disposed (by Dispose or by the DisposeScope it was made in)");

    public bool IsDisposed => handle == IntPtr.Zero;

    ~Tensor() => Free();

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    void Free()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h == IntPtr.Zero) return;
        Native.nbt_free(h);
        Interlocked.Decrement(ref live);
    }

    /// <summary>Keeps this tensor when the current DisposeScope closes (it moves to the enclosing one).</summary>
    public Tensor MoveToOuterDisposeScope() => Scope?.MoveToOuter(this) ?? this;

    /// <summary>Takes this tensor out of every DisposeScope; Dispose (or the finalizer) frees it.</summary>
    public Tensor DetachFromDisposeScope() => DisposeScope.Detach(this);

    /// <summary>Swaps the native tensor behind this object (PyTorch's `param.data = x`); the old one is freed.</summary>
    internal void SetData(Tensor data) => Native.Check(Native.nbt_set_data(Handle, data.Handle));

    // ---- properties
    public unsafe long[] shape
    {
        get
        {
            var s = new long[Native.nbt_dim(Handle)];
            fixed (long* p = s) Native.nbt_shape(Handle, p);
            return s;
        }
    }
    public long size(int dim) { var s = shape; return s[dim < 0 ? dim + s.Length : dim]; }
    public int dim() => Native.nbt_dim(Handle);
    public int ndim => dim();
    public long numel() => Native.nbt_numel(Handle);
    public ScalarType dtype => (ScalarType)Native.nbt_dtype(Handle);
    public unsafe Device device
    {
        get
        {
            var buffer = stackalloc byte[64];
            var n = Native.nbt_device(Handle, buffer, 64);
            return new Device(System.Text.Encoding.ASCII.GetString(buffer, Math.Min(n, 63)));
        }
    }
    public bool is_leaf => Native.nbt_is_leaf(Handle) != 0;
    public bool is_contiguous() => Native.nbt_is_contiguous(Handle) != 0;

    // ---- autograd
    public bool requires_grad
    {
        get => Native.nbt_requires_grad(Handle) != 0;
        set => Native.Check(Native.nbt_requires_grad_(Handle, value ? 1 : 0));
    }
    public Tensor requires_grad_(bool on = true) { requires_grad = on; return this; }

    /// <summary>The accumulated gradient after backward(); null before (PyTorch's None).</summary>
    public Tensor? grad
    {
        get
        {
            Native.Check(Native.nbt_grad(Handle, out var g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
    }
    /// <summary>Sets the gradient to None, as optimizer.zero_grad(set_to_none=True).</summary>
    public void zero_grad() => Native.Check(Native.nbt_zero_grad(Handle));
    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        Native.Check(Native.nbt_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retain_graph ? 1 : 0, create_graph ? 1 : 0));

    // ---- copies and conversions
    /// <summary>All elements in row-major order, converted to T (e.g. data&lt;float&gt;() of a float64 tensor).</summary>
    public T[] data<T>() where T : unmanaged
    {
        var result = new T[numel()];
        CopyTo<T>(result);
        return result;
    }
    public T[] ToArray<T>() where T : unmanaged => data<T>();

    /// <summary>Copies all elements (converted to T, from any device) into destination, whose length must be numel().</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        var n = numel();
        if (destination.Length != n)
            throw new ArgumentException($"destination holds {destination.Length} elements, the tensor of shape {Shapes.Format(shape)} has {n}");
        fixed (T* p = destination)
            Native.Check(Native.nbt_copy_to(Handle, p, n * sizeof(T), (int)ScalarTypes.Of<T>()));
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(bool))
        {
            Native.Check(Native.nbt_item_long(Handle, out var l));
            return typeof(T) == typeof(long) ? (T)(object)l : typeof(T) == typeof(int) ? (T)(object)checked((int)l) : (T)(object)(l != 0);
        }
        Native.Check(Native.nbt_item(Handle, out var d));
        return typeof(T) == typeof(double) ? (T)(object)d : typeof(T) == typeof(float) ? (T)(object)(float)d
            : throw new ArgumentException($"item<{typeof(T).Name}> is not supported: use double, float, long, int or bool");
    }
    public double ToDouble() => item<double>();
    public float ToSingle() => item<float>();
    public long ToInt64() => item<long>();
    public bool ToBoolean() => item<bool>();

    public Tensor to(ScalarType dtype) => new(Native.nbt_to(Handle, (int)dtype, null, 0));
    public Tensor to(Device device) => new(Native.nbt_to(Handle, -1, device.Name, 0));
    public Tensor to(string device) => to(Device.Parse(device));
    public Tensor to(Device device, ScalarType dtype) => new(Native.nbt_to(Handle, (int)dtype, device.Name, 0));
    public Tensor cpu() => to(Device.CPU);
    public Tensor cuda() => to(Device.CUDA);
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @int() => to(ScalarType.Int32);
    public Tensor @bool() => to(ScalarType.Bool);
    public Tensor clone() => new(Native.nbt_clone(Handle));
    /// <summary>The same data, cut from the autograd graph.</summary>
    public Tensor detach() => new(Native.nbt_detach(Handle));
    public Tensor contiguous() => new(Native.nbt_contiguous(Handle));
    /// <summary>A second handle on the same tensor (same data, same autograd identity).</summary>
    public Tensor alias() => new(Native.nbt_alias(Handle));

    public override string ToString() => TensorText.Format(this);
}

/// <summary>A tensor a Module owns and an optimiser updates (requires_grad by default); never part of a DisposeScope.</summary>
public sealed class Parameter : Tensor
{
    public Parameter(Tensor data, bool requires_grad = true) : base(Native.nbt_detach(data.Handle), scoped: false)
    {
        this.requires_grad = requires_grad;
    }
}

internal static class Shapes
{
    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
