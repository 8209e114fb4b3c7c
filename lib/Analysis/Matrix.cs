using System.Runtime.InteropServices;

namespace NotebookLib.Analysis;

/// <summary>Moving between the flat float32 blocks that patches and tensors come in ([n, …] row-major)
/// and the n × d sample matrices (<c>float[,]</c>) that the estimators take, and picking rows and
/// columns for plots.</summary>
public static class Matrix
{
    /// <summary>An n × d matrix from a flat row-major block of n·d values (a copy): a batch of patches
    /// [n, h, w] becomes n samples of h·w features.</summary>
    public static float[,] FromFlat(ReadOnlySpan<float> data, int rows)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "a matrix needs at least one row");
        if (data.Length % rows != 0)
            throw new ArgumentException($"{data.Length} values do not split into {rows} rows of equal length");
        var m = new float[rows, data.Length / rows];
        data.CopyTo(Input.FlatMut(m));
        return m;
    }

    /// <summary>An n × d matrix whose row i is <paramref name="rows"/>[i] (all of length d).</summary>
    public static float[,] FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("a matrix needs at least one row", nameof(rows));
        var d = rows[0].Length;
        var m = new float[rows.Count, d];
        var dst = Input.FlatMut(m);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != d) throw new ArgumentException($"row {i} has {rows[i].Length} values but row 0 has {d}", nameof(rows));
            rows[i].CopyTo(dst.Slice(i * d, d));
        }
        return m;
    }

    /// <summary>The rows <paramref name="indices"/> of <paramref name="x"/>, in that order (numpy's x[indices]).</summary>
    public static float[,] TakeRows(float[,] x, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        int n = x.GetLength(0), d = x.GetLength(1);
        var r = new float[indices.Count, d];
        var dst = Input.FlatMut(r);
        for (var k = 0; k < indices.Count; k++)
        {
            var i = indices[k];
            if (i < 0 || i >= n) throw new ArgumentOutOfRangeException(nameof(indices), i, $"row {i} is outside a matrix of {n} rows");
            Input.Row(x, i).CopyTo(dst.Slice(k * d, d));
        }
        return r;
    }

    /// <summary>The matrices side by side, row by row (numpy's hstack): one row of n₁ + n₂ + … columns per row.</summary>
    public static float[,] ConcatColumns(params float[][,] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ArgumentException("ConcatColumns needs at least one matrix", nameof(parts));
        var n = parts[0].GetLength(0);
        if (parts.Any(p => p.GetLength(0) != n))
            throw new ArgumentException($"ConcatColumns needs the same number of rows in every matrix, not [{string.Join(", ", parts.Select(p => p.GetLength(0)))}]", nameof(parts));
        var d = parts.Sum(p => p.GetLength(1));
        var r = new float[n, d];
        var dst = Input.FlatMut(r);
        var offset = 0;
        foreach (var p in parts)
        {
            var w = p.GetLength(1);
            for (var i = 0; i < n; i++) Input.Row(p, i).CopyTo(dst.Slice(i * d + offset, w));
            offset += w;
        }
        return r;
    }

    /// <summary>Column <paramref name="j"/> as doubles (an embedding axis for a scatter plot).</summary>
    public static double[] Column(float[,] x, int j)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.GetLength(0), d = x.GetLength(1);
        if (j < 0 || j >= d) throw new ArgumentOutOfRangeException(nameof(j), j, $"column {j} is outside a matrix of {d} columns");
        var c = new double[n];
        for (var i = 0; i < n; i++) c[i] = x[i, j];
        return c;
    }

    /// <summary>
    /// Summarises n stacks of feature maps ([n, channels, positions] row-major, e.g. an autoencoder's
    /// (64, 9, 9) latent maps) as n × 2·channels features: each channel's mean over its positions, then
    /// each channel's maximum. Where a pattern lies in the patch then no longer matters, only whether and
    /// how strongly each channel responds (global average and max pooling).
    /// </summary>
    public static float[,] ChannelMeanMax(ReadOnlySpan<float> maps, int n, int channels)
    {
        if (n <= 0 || channels <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"need n > 0 and channels > 0, not n = {n}, channels = {channels}");
        if (maps.Length % ((long)n * channels) != 0)
            throw new ArgumentException($"{maps.Length} values do not split into {n} samples of {channels} channels");
        var positions = maps.Length / (n * channels);
        var r = new float[n, 2 * channels];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < channels; c++)
            {
                var map = maps.Slice((i * channels + c) * positions, positions);
                double sum = 0; var max = float.NegativeInfinity;
                foreach (var v in map) { sum += v; if (v > max) max = v; }
                r[i, c] = (float)(sum / positions);
                r[i, channels + c] = max;
            }
        return r;
    }
    /// <summary>
    /// Summarises n stacks of feature maps ([n, channels, positions] row-major, e.g. a CNN autoencoder's (4, 16, 16)
    /// latent maps) as n × 4·channels features: each channel's mean over its positions, then each channel's standard
    /// deviation, minimum and maximum (population statistics; pandas' describe per channel). Like
    /// <see cref="ChannelMeanMax"/> the features no longer depend on where a pattern lies — a trail at any position
    /// and angle raises a channel's spread and extremes alike — and the minimum also tells a region darker than the
    /// sky (no data) anywhere in the map.
    /// </summary>
    public static float[,] ChannelStatistics(ReadOnlySpan<float> maps, int n, int channels) => Pool(maps, n, channels, 4, (map, row, c, ch) =>
    {
        double sum = 0;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in map) { sum += v; if (v < min) min = v; if (v > max) max = v; }
        var mean = sum / map.Length;
        double sq = 0;
        foreach (var v in map) sq += (v - mean) * (v - mean);
        row[c] = (float)mean;
        row[ch + c] = (float)Math.Sqrt(sq / map.Length);
        row[2 * ch + c] = min;
        row[3 * ch + c] = max;
    });

    /// <summary>
    /// Per channel of n stacks of feature maps ([n, channels, positions] row-major), the fraction of the samples in which
    /// that channel's map is constant (its largest and smallest value differ by at most <paramref name="tolerance"/>). A
    /// channel after a ReLU that is negative everywhere in a sample carries one value there (after a batch norm, the norm's
    /// image of 0): a channel constant in nearly every sample is dead, and every feature pooled from it is a constant.
    /// </summary>
    public static double[] ConstantChannelFractions(ReadOnlySpan<float> maps, int n, int channels, double tolerance = 1e-6)
    {
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be non-negative");
        var pooled = Pool(maps, n, channels, 1, (map, row, c, ch) =>
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (var v in map) { if (v < min) min = v; if (v > max) max = v; }
            row[c] = max - min <= tolerance ? 1 : 0;
        });
        var r = new double[channels];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < channels; c++) r[c] += pooled[i, c];
        return r.Select(v => v / n).ToArray();
    }

    /// <summary><see cref="ChannelStatistics(ReadOnlySpan{float}, int, int)"/> of maps held one sample a row (a row: that sample's
    /// [channels, positions] map flattened, as <see cref="FromFlat"/> makes them), e.g. latent maps after a per-column scaling.</summary>
    public static float[,] ChannelStatistics(float[,] rows, int channels)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Length == 0
            ? throw new ArgumentOutOfRangeException(nameof(rows), "need at least one row of maps")
            : ChannelStatistics(MemoryMarshal.CreateReadOnlySpan(ref rows[0, 0], rows.Length), rows.GetLength(0), channels);
    }

    /// <summary>
    /// Summarises n stacks of feature maps ([n, channels, positions] row-major) as n × channels·q features: each
    /// channel's q quantiles over its positions at levels 0, 1/(q−1), …, 1 (numpy's np.quantile, linear
    /// interpolation), channel by channel. The whole distribution of a channel's responses, not where they lie: a
    /// thin trail lights a tenth of the positions and moves the upper-middle quantiles, which the maximum (the
    /// galaxy's core) and the mean (the galaxy's size) hardly show.
    /// </summary>
    public static float[,] ChannelQuantiles(ReadOnlySpan<float> maps, int n, int channels, int q = 9)
    {
        if (q < 2) throw new ArgumentOutOfRangeException(nameof(q), q, "need at least two quantiles (the minimum and the maximum)");
        return Pool(maps, n, channels, q, (map, row, c, _) =>
        {
            var sorted = map.ToArray();
            Array.Sort(sorted);
            for (var k = 0; k < q; k++)
            {
                var at = (sorted.Length - 1) * (double)k / (q - 1);
                int lo = (int)Math.Floor(at), hi = Math.Min(lo + 1, sorted.Length - 1);
                row[c * q + k] = (float)(sorted[lo] + (at - lo) * ((double)sorted[hi] - sorted[lo]));
            }
        });
    }

    delegate void PoolChannel(ReadOnlySpan<float> map, Span<float> row, int channel, int channels);

    static float[,] Pool(ReadOnlySpan<float> maps, int n, int channels, int perChannel, PoolChannel pool)
    {
        if (n <= 0 || channels <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"need n > 0 and channels > 0, not n = {n}, channels = {channels}");
        if (maps.Length % ((long)n * channels) != 0)
            throw new ArgumentException($"{maps.Length} values do not split into {n} samples of {channels} channels");
        var positions = maps.Length / (n * channels);
        var width = perChannel * channels;
        var r = new float[n, width];
        var row = new float[width];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < channels; c++) pool(maps.Slice((i * channels + c) * positions, positions), row, c, channels);
            for (var j = 0; j < width; j++) r[i, j] = row[j];
        }
        return r;
    }
}
