using NotebookLib.Torch;

namespace NotebookLib.Models.Inference;

/// <summary>
/// Samples read a batch at a time, so inference over more samples than fit in memory at once
/// (200,000 patches) never holds them all as one tensor: a flat array, a tensor, or a function
/// that fills a span (reading patches from frames on the fly).
/// </summary>
public abstract class SampleSource
{
    public abstract long Count { get; }
    /// <summary>The shape of one sample, e.g. (1, 136, 136).</summary>
    public abstract long[] SampleShape { get; }
    public long SampleSize => SampleShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Writes samples start..start+count−1, row-major, into destination (count × SampleSize floats).</summary>
    public abstract void Read(long start, int count, Span<float> destination);

    /// <summary>Samples in a flat row-major array of shape (N, ...).</summary>
    public static SampleSource FromArray(float[] data, params long[] shape) => new ArraySource(data, shape);
    /// <summary>Samples along the first dimension of a tensor (on any device).</summary>
    public static SampleSource FromTensor(Tensor samples) => new TensorSource(samples);
    /// <summary>count samples of sampleShape produced by read(start, count, destination).</summary>
    public static SampleSource FromFunction(long count, long[] sampleShape, Action<long, int, Memory<float>> read) =>
        new FunctionSource(count, sampleShape, read);

    sealed class ArraySource : SampleSource
    {
        readonly float[] data;
        readonly long[] sampleShape;
        public ArraySource(float[] data, long[] shape)
        {
            if (shape.Length < 2) throw new ArgumentException($"samples need a shape (N, ...) of at least 2 dimensions, not ({string.Join(", ", shape)})");
            var n = shape.Aggregate(1L, (a, b) => a * b);
            if (n != data.Length) throw new ArgumentException($"{data.Length} values cannot be samples of shape ({string.Join(", ", shape)}) ({n} values)");
            this.data = data;
            Count = shape[0];
            sampleShape = shape[1..];
        }
        public override long Count { get; }
        public override long[] SampleShape => sampleShape;
        public override void Read(long start, int count, Span<float> destination) =>
            data.AsSpan(checked((int)(start * SampleSize)), checked((int)(count * SampleSize))).CopyTo(destination);
    }

    sealed class TensorSource(Tensor samples) : SampleSource
    {
        public override long Count => samples.size(0);
        public override long[] SampleShape => samples.shape[1..];
        public override void Read(long start, int count, Span<float> destination)
        {
            using var part = samples.narrow(0, start, count);
            part.CopyTo(destination);
        }
    }

    sealed class FunctionSource(long count, long[] sampleShape, Action<long, int, Memory<float>> read) : SampleSource
    {
        public override long Count => count;
        public override long[] SampleShape => sampleShape;
        public override void Read(long start, int n, Span<float> destination)
        {
            var buffer = new float[destination.Length];
            read(start, n, buffer);
            buffer.CopyTo(destination);
        }
    }
}
