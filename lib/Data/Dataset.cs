namespace NotebookLib.Data;

/// <summary>
/// A map-style dataset, as torch.utils.data.Dataset: Count samples of one shape (C, H, W or any),
/// each copied on demand into a float32 span. Labels are optional integers (−1 when unlabelled).
/// </summary>
public interface IDataset
{
    int Count { get; }
    /// <summary>Shape of one sample, e.g. [1, 136, 136].</summary>
    int[] SampleShape { get; }
    /// <summary>Copies sample <paramref name="index"/> into <paramref name="destination"/> (length = product of SampleShape).</summary>
    void CopyTo(int index, Span<float> destination);
    /// <summary>The integer label of a sample, or −1 for none.</summary>
    int Label(int index);
}

public static class Datasets
{
    public static int SampleLength(this IDataset d) => d.SampleShape.Aggregate(1, (a, b) => checked(a * b));

    /// <summary>One sample as a new array.</summary>
    public static float[] Get(this IDataset d, int index)
    {
        var a = new float[d.SampleLength()];
        d.CopyTo(index, a);
        return a;
    }

    /// <summary>All samples as one contiguous float32 array of shape [Count, ..SampleShape].</summary>
    public static (float[] Data, int[] Shape) ToArray(this IDataset d)
    {
        var len = d.SampleLength();
        var data = new float[checked((long)d.Count * len)];
        Parallel.For(0, d.Count, i => d.CopyTo(i, data.AsSpan(i * len, len)));
        return (data, [d.Count, .. d.SampleShape]);
    }

    public static int[] Labels(this IDataset d) => Enumerable.Range(0, d.Count).Select(d.Label).ToArray();

    /// <summary>The samples at <paramref name="indices"/> (a split's part), as torch.utils.data.Subset.</summary>
    public static IDataset Subset(this IDataset d, int[] indices) => new SubsetDataset(d, indices);

    /// <summary>The three (or two) datasets of a split.</summary>
    public static IReadOnlyDictionary<string, IDataset> Subsets(this IDataset d, DataSplit split) =>
        split.Names.Zip(split.Parts).ToDictionary(p => p.First, p => d.Subset(p.Second));
}

/// <summary>Samples held in one contiguous float32 array [N, ..SampleShape], with optional labels.</summary>
public sealed class ArrayDataset : IDataset
{
    readonly float[] data;
    readonly int[]? labels;
    readonly int length;

    public ArrayDataset(float[] data, int[] sampleShape, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        SampleShape = sampleShape.ToArray();
        length = SampleShape.Aggregate(1, (a, b) => b > 0 ? checked(a * b) : throw new ArgumentException($"sample shape [{string.Join(", ", sampleShape)}] has a non-positive size"));
        if (data.Length % length != 0)
            throw new ArgumentException($"data of length {data.Length} is not a whole number of samples of shape [{string.Join(", ", sampleShape)}] ({length} values each)");
        Count = data.Length / length;
        if (labels is not null && labels.Length != Count)
            throw new ArgumentException($"{labels.Length} labels for {Count} samples");
        this.data = data;
        this.labels = labels;
    }

    public int Count { get; }
    public int[] SampleShape { get; }
    public void CopyTo(int index, Span<float> destination)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"dataset has {Count} samples");
        data.AsSpan(index * length, length).CopyTo(destination);
    }
    public int Label(int index) => labels is null ? -1 : labels[index];
}

sealed class SubsetDataset(IDataset parent, int[] indices) : IDataset
{
    readonly int[] indices = indices.All(i => i >= 0 && i < parent.Count) ? indices.ToArray()
        : throw new ArgumentOutOfRangeException(nameof(indices), $"subset index outside 0..{parent.Count - 1}");
    public int Count => indices.Length;
    public int[] SampleShape => parent.SampleShape;
    public void CopyTo(int index, Span<float> destination) => parent.CopyTo(indices[index], destination);
    public int Label(int index) => parent.Label(indices[index]);
}
