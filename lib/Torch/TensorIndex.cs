namespace NotebookLib.Torch;

/// <summary>One entry of a tensor index, as in Python's x[0, 1:3, ..., None, mask]:
/// an integer, a C# Range (1..3, ^1), a stepped slice, Ellipsis, None (new axis), or a tensor
/// (int64 indices or a bool mask).</summary>
public sealed class TensorIndex
{
    internal enum Kind { Single, Slice, Ellipsis, None, Tensor }
    internal Kind What { get; private init; }
    internal long Index { get; private init; }
    internal long? Start { get; private init; }
    internal long? Stop { get; private init; }
    internal long Step { get; private init; } = 1;
    internal Tensor? Indices { get; private init; }

    public static readonly TensorIndex Ellipsis = new() { What = Kind.Ellipsis };
    public static readonly TensorIndex None = new() { What = Kind.None };
    /// <summary>The whole dimension (Python's ':').</summary>
    public static readonly TensorIndex Colon = new() { What = Kind.Slice };
    public static TensorIndex Single(long i) => new() { What = Kind.Single, Index = i };
    /// <summary>Python's start:stop:step; negative values count from the end.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1) =>
        step > 0 ? new() { What = Kind.Slice, Start = start, Stop = stop, Step = step }
        : throw new ArgumentException($"slice step must be positive, not {step}");

    public static implicit operator TensorIndex(long i) => Single(i);
    public static implicit operator TensorIndex(int i) => Single(i);
    public static implicit operator TensorIndex(Range r) => new()
    {
        What = Kind.Slice,
        Start = r.Start.IsFromEnd ? -r.Start.Value : r.Start.Value,
        Stop = r.End.IsFromEnd ? (r.End.Value == 0 ? null : -r.End.Value) : r.End.Value,
    };
    public static implicit operator TensorIndex(Tensor t) => new() { What = Kind.Tensor, Indices = t };
}

public partial class Tensor
{
    /// <summary>Python-style indexing: x[0], x[.., 1], x[TensorIndex.Ellipsis, 0], x[mask]. Integer
    /// and slice entries give views (writes through them reach x); tensor entries give copies.</summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => Index(indices);
        set
        {
            if (indices.Any(i => i.What == TensorIndex.Kind.Tensor)) IndexPut(indices, value);
            else
            {
                using var view = Index(indices);
                view.copy_(value);
            }
        }
    }

    Tensor Index(TensorIndex[] indices)
    {
        var specified = indices.Count(i => i.What is not (TensorIndex.Kind.None or TensorIndex.Kind.Ellipsis));
        if (indices.Count(i => i.What == TensorIndex.Kind.Ellipsis) > 1)
            throw new ArgumentException("an index can hold one Ellipsis only");
        var rank = dim();
        if (specified > rank)
            throw new IndexOutOfRangeException($"too many indices ({specified}) for a tensor of shape {Shapes.Format(shape)}");
        var current = alias();
        var d = 0L;
        var tensorIndices = new List<(long dim, Tensor index)>();
        foreach (var ix in indices)
        {
            Tensor next;
            switch (ix.What)
            {
                case TensorIndex.Kind.Single: next = current.select(d, ix.Index); break;
                case TensorIndex.Kind.Slice: next = current.slice(d, ix.Start, ix.Stop, ix.Step); d++; break;
                case TensorIndex.Kind.None: next = current.unsqueeze(d); d++; break;
                case TensorIndex.Kind.Ellipsis: d += rank - specified; continue;
                default:
                    var t = ix.Indices!;
                    tensorIndices.Add((d, t));
                    d += t.dtype == ScalarType.Bool ? t.dim() : 1;
                    continue;
            }
            current.Dispose();
            current = next;
        }
        if (tensorIndices.Count == 0) return current;
        var result = current.AdvancedIndex(tensorIndices);
        current.Dispose();
        return result;
    }

    unsafe Tensor AdvancedIndex(List<(long dim, Tensor index)> indices)
    {
        var handles = IndexHandles(indices);
        fixed (IntPtr* p = handles) return new Tensor(Native.nbt_index(Handle, p, handles.Length));
    }

    static IntPtr[] IndexHandles(List<(long dim, Tensor index)> indices)
    {
        // libtorch's index list: a null entry for every dimension taken whole before a tensor.
        // A bool mask is one entry that covers as many dimensions as it has.
        var handles = new List<IntPtr>();
        long covered = 0;
        foreach (var (dim, index) in indices)
        {
            for (; covered < dim; covered++) handles.Add(IntPtr.Zero);
            handles.Add(index.Handle);
            covered += index.dtype == ScalarType.Bool ? index.dim() : 1;
        }
        return handles.ToArray();
    }

    unsafe void IndexPut(TensorIndex[] indices, Tensor value)
    {
        if (indices.Any(i => i.What is not (TensorIndex.Kind.Tensor or TensorIndex.Kind.Slice) || (i.What == TensorIndex.Kind.Slice && i != TensorIndex.Colon)))
            throw new ArgumentException("assignment through tensor indices takes tensors and TensorIndex.Colon only (e.g. x[mask] = v)");
        var list = new List<(long, Tensor)>();
        long d = 0;
        foreach (var ix in indices)
        {
            if (ix.What == TensorIndex.Kind.Tensor) { list.Add((d, ix.Indices!)); d += ix.Indices!.dtype == ScalarType.Bool ? ix.Indices.dim() : 1; }
            else d++;
        }
        var handles = IndexHandles(list);
        fixed (IntPtr* p = handles) Native.Check(Native.nbt_index_put_(Handle, p, handles.Length, value.Handle, 0));
    }

    /// <summary>Writes values at indices (PyTorch's index_put_); accumulate adds instead.</summary>
    public unsafe Tensor index_put_(Tensor[] indices, Tensor values, bool accumulate = false)
    {
        var handles = indices.Select(t => t.Handle).ToArray();
        fixed (IntPtr* p = handles) Native.Check(Native.nbt_index_put_(Handle, p, handles.Length, values.Handle, accumulate ? 1 : 0));
        return this;
    }

    /// <summary>Assigns a scalar through an index: Python's x[:, 0] = 1 is x.fill_(1, TensorIndex.Colon, 0).</summary>
    public void fill_(double value, params TensorIndex[] indices)
    {
        if (indices.Any(i => i.What == TensorIndex.Kind.Tensor))
        {
            using var v = torch.tensor(value, dtype);
            IndexPut(indices, v);
            return;
        }
        using var view = Index(indices);
        view.fill_(value);
    }
}
