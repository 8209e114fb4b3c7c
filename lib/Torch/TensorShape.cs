namespace NotebookLib.Torch;

// Shapes, views, indexing, joining, reductions and sorting.
public partial class Tensor
{
    unsafe Tensor WithLongs(delegate*<IntPtr, long*, int, IntPtr> f, ReadOnlySpan<long> values)
    {
        fixed (long* p = values) return new Tensor(f(Handle, p, values.Length));
    }

    public unsafe Tensor reshape(params long[] shape) => WithLongs(&Native.nbt_reshape, shape);
    /// <summary>A view with a new shape; fails (as in PyTorch) when the memory layout does not allow it.</summary>
    public unsafe Tensor view(params long[] shape) => WithLongs(&Native.nbt_view, shape);
    public unsafe Tensor permute(params long[] dims) => WithLongs(&Native.nbt_permute, dims);
    public unsafe Tensor expand(params long[] shape) => WithLongs(&Native.nbt_expand, shape);
    public unsafe Tensor repeat(params long[] repeats) => WithLongs(&Native.nbt_repeat, repeats);
    public unsafe Tensor flip(params long[] dims) => WithLongs(&Native.nbt_flip, dims);
    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor reshape_as(Tensor other) => reshape(other.shape);
    public Tensor expand_as(Tensor other) => expand(other.shape);
    public Tensor transpose(long dim0, long dim1) => new(Native.nbt_transpose(Handle, dim0, dim1));
    public Tensor squeeze() => new(Native.nbt_squeeze(Handle, 0, 1));
    public Tensor squeeze(long dim) => new(Native.nbt_squeeze(Handle, dim, 0));
    public Tensor unsqueeze(long dim) => new(Native.nbt_unsqueeze(Handle, dim));
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => new(Native.nbt_flatten(Handle, start_dim, end_dim));
    public Tensor select(long dim, long index) => new(Native.nbt_select(Handle, dim, index));
    public Tensor narrow(long dim, long start, long length) => new(Native.nbt_narrow(Handle, dim, start, length));
    /// <summary>Python's t[start:end:step] along dim; null start/end mean the ends.</summary>
    public Tensor slice(long dim, long? start, long? end, long step = 1) =>
        new(Native.nbt_slice(Handle, dim, start.HasValue ? 1 : 0, start ?? 0, end.HasValue ? 1 : 0, end ?? 0, step));
    public Tensor index_select(long dim, Tensor index) => new(Native.nbt_index_select(Handle, dim, index.Handle));
    public Tensor gather(long dim, Tensor index) => new(Native.nbt_gather(Handle, dim, index.Handle));
    public Tensor masked_select(Tensor mask) => new(Native.nbt_masked_select(Handle, mask.Handle));
    public Tensor masked_fill(Tensor mask, double value) => new(Native.nbt_masked_fill(Handle, mask.Handle, value, 0));
    public Tensor masked_fill_(Tensor mask, double value) { using var _ = new Tensor(Native.nbt_masked_fill(Handle, mask.Handle, value, 1), scoped: false); return this; }
    /// <summary>Indices of the non-zero elements, shape (n, ndim).</summary>
    public Tensor nonzero() => new(Native.nbt_nonzero(Handle));
    public Tensor tril(long diagonal = 0) => new(Native.nbt_tril(Handle, diagonal, 0));
    public Tensor triu(long diagonal = 0) => new(Native.nbt_tril(Handle, diagonal, 1));
    public Tensor diag(long diagonal = 0) => new(Native.nbt_diag(Handle, diagonal));

    public unsafe Tensor[] chunk(long chunks, long dim = 0)
    {
        var output = new IntPtr[chunks];
        int n;
        fixed (IntPtr* p = output) n = Native.nbt_chunk(Handle, chunks, dim, p);
        if (n < 0) throw Native.Error();
        return output.Take(n).Select(h => new Tensor(h)).ToArray();
    }

    // ---- reductions (dim: null = all elements)
    unsafe Tensor Reduce(int op, long[]? dims, bool keepdim, bool unbiased = true)
    {
        fixed (long* p = dims) return new Tensor(Native.nbt_reduce(op, Handle, p, dims?.Length ?? -1, keepdim ? 1 : 0, unbiased ? 1 : 0));
    }
    static long[]? Dims(long? dim) => dim.HasValue ? [dim.Value] : null;

    public Tensor sum() => Reduce(0, null, false);
    public Tensor sum(long dim, bool keepdim = false) => Reduce(0, [dim], keepdim);
    public Tensor sum(long[] dims, bool keepdim = false) => Reduce(0, dims, keepdim);
    public Tensor mean() => Reduce(1, null, false);
    public Tensor mean(long dim, bool keepdim = false) => Reduce(1, [dim], keepdim);
    public Tensor mean(long[] dims, bool keepdim = false) => Reduce(1, dims, keepdim);
    /// <summary>Standard deviation, unbiased (n−1) by default as in PyTorch.</summary>
    public Tensor std(bool unbiased = true) => Reduce(3, null, false, unbiased);
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => Reduce(3, [dim], keepdim, unbiased);
    public Tensor std(long[] dims, bool unbiased = true, bool keepdim = false) => Reduce(3, dims, keepdim, unbiased);
    public Tensor var(bool unbiased = true) => Reduce(4, null, false, unbiased);
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => Reduce(4, [dim], keepdim, unbiased);
    public Tensor var(long[] dims, bool unbiased = true, bool keepdim = false) => Reduce(4, dims, keepdim, unbiased);
    public Tensor max() => Reduce(5, null, false);
    public Tensor min() => Reduce(6, null, false);
    public Tensor amax(long[] dims, bool keepdim = false) => Reduce(5, dims, keepdim);
    public Tensor amin(long[] dims, bool keepdim = false) => Reduce(6, dims, keepdim);
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(7, [dim], keepdim);
    /// <summary>The 2-norm of all elements, or along dim.</summary>
    public Tensor norm(long? dim = null, bool keepdim = false) => Reduce(8, Dims(dim), keepdim);
    public Tensor all(long? dim = null, bool keepdim = false) => Reduce(9, Dims(dim), keepdim);
    public Tensor any(long? dim = null, bool keepdim = false) => Reduce(10, Dims(dim), keepdim);
    public Tensor prod(long? dim = null, bool keepdim = false) => Reduce(11, Dims(dim), keepdim);

    /// <summary>Maximum along dim with its indices (PyTorch's torch.max(x, dim)).</summary>
    public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
    {
        Native.Check(Native.nbt_minmax_dim(0, Handle, dim, keepdim ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }
    public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
    {
        Native.Check(Native.nbt_minmax_dim(1, Handle, dim, keepdim ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }
    public Tensor argmax(long? dim = null, bool keepdim = false) => new(Native.nbt_argminmax(0, Handle, dim.HasValue ? 1 : 0, dim ?? 0, keepdim ? 1 : 0));
    public Tensor argmin(long? dim = null, bool keepdim = false) => new(Native.nbt_argminmax(1, Handle, dim.HasValue ? 1 : 0, dim ?? 0, keepdim ? 1 : 0));
    public Tensor cumsum(long dim) => new(Native.nbt_cumsum(Handle, dim));

    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false)
    {
        Native.Check(Native.nbt_sort(Handle, dim, descending ? 1 : 0, stable ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }
    public Tensor argsort(long dim = -1, bool descending = false)
    {
        var (v, i) = sort(dim, descending);
        v.Dispose();
        return i;
    }
    public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        Native.Check(Native.nbt_topk(Handle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }
}
