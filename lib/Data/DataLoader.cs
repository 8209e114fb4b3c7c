using System.Collections;
using NotebookLib.Configuration;

namespace NotebookLib.Data;

/// <summary>One batch: a contiguous float32 array of shape [B, ..SampleShape] (what lib/Torch wraps
/// as a tensor), the dataset indices it came from, and their labels.</summary>
public sealed record Batch(float[] Data, int[] Shape, int[] Indices, int[] Labels)
{
    public int Size => Indices.Length;
}

/// <summary>
/// Batches from a dataset, as torch.utils.data.DataLoader: in order, or shuffled each epoch from a
/// seed (epoch e of seed s is always the same order); the last short batch kept unless DropLast.
/// Samples of a batch are copied in parallel.
/// </summary>
public sealed class DataLoader(IDataset dataset, int batchSize, bool shuffle = false, bool dropLast = false, int? seed = null) : IEnumerable<Batch>
{
    public IDataset Dataset { get; } = dataset ?? throw new ArgumentNullException(nameof(dataset));
    public int BatchSize { get; } = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
    public bool Shuffle { get; } = shuffle;
    public bool DropLast { get; } = dropLast;
    public int Seed { get; } = Seeds.Resolve(seed);
    /// <summary>Advanced by each full enumeration, so every epoch has its own order.</summary>
    public int Epoch { get; set; }

    public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (Shuffle) Rng.ForStream(Seed, 0x10AD + epoch).Shuffle(order);
        return order;
    }

    public IEnumerator<Batch> GetEnumerator()
    {
        var order = Order(Epoch);
        var len = Dataset.SampleLength();
        for (var b = 0; b < Count; b++)
        {
            var idx = order.AsSpan(b * BatchSize, Math.Min(BatchSize, order.Length - b * BatchSize)).ToArray();
            var data = new float[idx.Length * len];
            if (idx.Length * (long)len > 1 << 16)
                Parallel.For(0, idx.Length, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads },
                             i => Dataset.CopyTo(idx[i], data.AsSpan(i * len, len)));
            else
                for (var i = 0; i < idx.Length; i++) Dataset.CopyTo(idx[i], data.AsSpan(i * len, len));
            yield return new Batch(data, [idx.Length, .. Dataset.SampleShape], idx, Array.ConvertAll(idx, Dataset.Label));
        }
        Epoch++;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
