namespace NotebookLib.Fits;

/// <summary>
/// N-dimensional image data as numpy holds it: a flat row-major <see cref="Data"/> array and a
/// <see cref="Shape"/> in numpy order (slowest axis first: NAXISn … NAXIS1), so a 2-D image has
/// shape [height, width] and pixel (x, y) at Data[y * width + x], as astropy's <c>hdu.data[y, x]</c>.
/// </summary>
public abstract class FitsArray
{
    public int[] Shape { get; }
    public long Length { get; }
    public abstract Type ElementType { get; }
    public abstract Array Values { get; }

    protected FitsArray(int[] shape)
    {
        Shape = shape;
        long n = 1;
        foreach (var s in shape) n *= s;
        Length = shape.Length == 0 ? 0 : n;
    }

    /// <summary>Flat index of a numpy-order index tuple, checked against the shape.</summary>
    public long FlatIndex(params int[] index)
    {
        if (index.Length != Shape.Length)
            throw new ArgumentException($"index has {index.Length} dimensions, the array has shape ({string.Join(", ", Shape)})");
        long flat = 0;
        for (int d = 0; d < Shape.Length; d++)
        {
            if ((uint)index[d] >= (uint)Shape[d])
                throw new IndexOutOfRangeException($"index ({string.Join(", ", index)}) is outside shape ({string.Join(", ", Shape)})");
            flat = flat * Shape[d] + index[d];
        }
        return flat;
    }

    public override string ToString() => $"{ElementType.Name}[{string.Join(", ", Shape)}]";
}

/// <inheritdoc />
public sealed class FitsArray<T> : FitsArray where T : unmanaged
{
    public T[] Data { get; }
    public override Type ElementType => typeof(T);
    public override Array Values => Data;

    public FitsArray(T[] data, params int[] shape) : base(shape)
    {
        if (data.LongLength != Length)
            throw new ArgumentException($"data has {data.LongLength} elements but shape ({string.Join(", ", shape)}) needs {Length}");
        Data = data;
    }

    public T this[params int[] index]
    {
        get => Data[FlatIndex(index)];
        set => Data[FlatIndex(index)] = value;
    }
}
