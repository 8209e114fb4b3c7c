using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>
/// The library's one data-set abstraction, map-style as torch.utils.data.Dataset: Count samples of one
/// shape (C, H, W or any), each copied on demand into a float32 span, with optional targets of one shape
/// (a label, a mask) and optional integer labels (−1 when unlabelled, for splits and galleries).
/// lib/Models' Trainer, CoTeaching, batched inference and reconstruction read their batches from it.
/// </summary>
public interface IDataset
{
    int Count { get; }
    /// <summary>Shape of one sample, e.g. [1, 136, 136].</summary>
    int[] SampleShape { get; }
    /// <summary>Copies sample <paramref name="index"/> into <paramref name="destination"/> (length = product of SampleShape).</summary>
    void CopyTo(int index, Span<float> destination);
    /// <summary>Shape of one target: [] for one value a sample (a class, a regression value), e.g.
    /// [1, 32, 32] for a mask; null when the samples are their own targets (autoencoders).</summary>
    int[]? TargetShape { get; }
    /// <summary>Copies the target of sample <paramref name="index"/> (length = product of TargetShape).</summary>
    void CopyTargetTo(int index, Span<float> destination);
    /// <summary>The integer label of a sample, or −1 for none.</summary>
    int Label(int index);
}

public static class Datasets
{
    public static int SampleLength(this IDataset d) => d.SampleShape.Aggregate(1, (a, b) => checked(a * b));

    /// <summary>Values per target (1 for a scalar target); 0 when the samples are their own targets.</summary>
    public static int TargetLength(this IDataset d) => d.TargetShape?.Aggregate(1, (a, b) => checked(a * b)) ?? 0;

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

    /// <summary>The samples at <paramref name="indices"/> (a split's part), as torch.utils.data.Subset (a view, not a copy).</summary>
    public static IDataset Subset(this IDataset d, int[] indices) => new SubsetDataset(d, indices);

    /// <summary>The three (or two) datasets of a split.</summary>
    public static IReadOnlyDictionary<string, IDataset> Subsets(this IDataset d, DataSplit split) =>
        split.Names.Zip(split.Parts).ToDictionary(p => p.First, p => d.Subset(p.Second));

    /// <summary>Patches as a dataset of samples [1, Size, Size] over their pixels (shared, not copied), with
    /// optional labels and optional per-pixel targets (patches of the same grid, e.g. of a mask's image).</summary>
    public static ArrayDataset ToDataset(this Patches patches, int[]? labels = null, Patches? targets = null)
    {
        ArgumentNullException.ThrowIfNull(patches);
        if (targets is not null && (targets.Count != patches.Count || targets.Size != patches.Size))
            throw new ArgumentException($"targets [{targets.Count}, {targets.Size}, {targets.Size}] do not match the patches [{patches.Count}, {patches.Size}, {patches.Size}]", nameof(targets));
        int[] shape = [1, patches.Size, patches.Size];
        return new ArrayDataset(patches.Data, shape, labels, targets?.Data, targets is null ? null : shape);
    }
}

/// <summary>Samples held in one contiguous float32 array [N, ..SampleShape], with optional labels and
/// optional targets [N, ..TargetShape] (default TargetShape [], one value a sample).</summary>
public sealed class ArrayDataset : IDataset
{
    readonly float[] data;
    readonly int[]? labels;
    readonly float[]? targets;
    readonly int length, targetLength;

    public ArrayDataset(float[] data, int[] sampleShape, int[]? labels = null, float[]? targets = null, int[]? targetShape = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        SampleShape = sampleShape.ToArray();
        length = Length(SampleShape, "sample");
        if (data.Length % length != 0)
            throw new ArgumentException($"data of length {data.Length} is not a whole number of samples of shape [{string.Join(", ", sampleShape)}] ({length} values each)");
        Count = data.Length / length;
        if (labels is not null && labels.Length != Count)
            throw new ArgumentException($"{labels.Length} labels for {Count} samples");
        if (targets is null && targetShape is not null)
            throw new ArgumentException("a target shape without targets", nameof(targetShape));
        if (targets is not null)
        {
            TargetShape = (targetShape ?? []).ToArray();
            targetLength = Length(TargetShape, "target");
            if ((long)targets.Length != (long)Count * targetLength)
                throw new ArgumentException($"{targets.Length} target values for {Count} samples with targets of shape [{string.Join(", ", TargetShape)}] ({(long)Count * targetLength} expected)", nameof(targets));
        }
        this.data = data;
        this.labels = labels;
        this.targets = targets;
    }

    public int Count { get; }
    public int[] SampleShape { get; }
    public int[]? TargetShape { get; }

    public void CopyTo(int index, Span<float> destination)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"dataset has {Count} samples");
        data.AsSpan(index * length, length).CopyTo(destination);
    }

    public void CopyTargetTo(int index, Span<float> destination)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"dataset has {Count} samples");
        if (targets is null) throw new InvalidOperationException("this dataset has no targets: its samples are their own");
        targets.AsSpan(index * targetLength, targetLength).CopyTo(destination);
    }

    public int Label(int index) => labels is null ? -1 : labels[index];

    public override string ToString() =>
        $"{Count} samples [{string.Join(", ", SampleShape)}]" + (TargetShape is null ? "" : $", targets [{string.Join(", ", TargetShape)}]") +
        (labels is null ? "" : $", labelled");

    static int Length(int[] shape, string what) => shape.Aggregate(1, (a, b) => b > 0 ? checked(a * b)
        : throw new ArgumentException($"{what} shape [{string.Join(", ", shape)}] has a non-positive size"));
}

sealed class SubsetDataset(IDataset parent, int[] indices) : IDataset
{
    readonly int[] indices = indices.All(i => i >= 0 && i < parent.Count) ? indices.ToArray()
        : throw new ArgumentOutOfRangeException(nameof(indices), $"subset index outside 0..{parent.Count - 1}");
    public int Count => indices.Length;
    public int[] SampleShape => parent.SampleShape;
    public int[]? TargetShape => parent.TargetShape;
    public void CopyTo(int index, Span<float> destination) => parent.CopyTo(indices[index], destination);
    public void CopyTargetTo(int index, Span<float> destination) => parent.CopyTargetTo(indices[index], destination);
    public int Label(int index) => parent.Label(indices[index]);
    public override string ToString() => $"{Count} of {parent}";
}
