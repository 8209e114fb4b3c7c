using System.Runtime.Intrinsics;
using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>
/// Exact k nearest neighbours against many references on the CPU, tiled over queries and references, read from the
/// caller's arrays.
/// </summary>
/// <remarks>
/// A block of whole rows of the score matrix (queries × all references) within 16 MiB holds only a handful of queries
/// once there are millions of references (4 at 10⁶), and each block's product then streams every reference from memory
/// again: 10,000 queries against 10⁶ × 64 read 650 GB, and libtorch's topk scanned each 10⁶-long row on one thread
/// (198 s against scikit-learn's 69 s, issue 22's --large). Here a 256 × 4,096 tile of scores stays in cache between the
/// product and the scan, and each query keeps its k best in a heap across the tiles; eight scores at a time are compared
/// with the heap's worst, so almost none reach the heap.
/// <para>Nothing of the size of the data is made (issue 22: the whole-tensor version held an upload of the references
/// and their augmented copy, +0.81 GB at 10⁶ × 64 against scikit-learn's +0.01): the augmented rows [r, ‖r‖²] are built
/// a chunk of about 4 MiB at a time, and every block of queries is multiplied by that chunk before the next is built.
/// Each query still meets the references in ascending order, and every tile's product has the shapes, strides and
/// values of the whole-tensor version (the norms come from the same libtorch reduction, row by row), so the results are
/// the same bits.</para>
/// </remarks>
internal static class TiledNeighbors
{
    const int QueryTile = 256, ReferenceTile = 4096;

    /// <summary>Elements of one chunk of augmented references (4 MiB of float32): a whole number of tiles, at least one.</summary>
    const int ChunkElements = 1 << 20;

    /// <summary>For each query row the k nearest rows of <paramref name="reference"/> by squared euclidean distance, as
    /// indices and squared distances ‖q‖² − (2q·r − ‖r‖²) clamped at 0, nearest first; with
    /// <paramref name="excludeSelf"/> the queries are the references and query i never takes reference i.
    /// <paramref name="chunkElements"/> bounds a chunk of augmented references (tests make it small to cross chunks).</summary>
    public static (int[] Indices, float[] Dist2) KNearest(ReadOnlySpan<float> query, int nq, ReadOnlySpan<float> reference, int nr, int d, int k, bool excludeSelf,
        int chunkElements = ChunkElements)
    {
        var idx = new int[nq * k];
        var dist = new float[nq * k];
        // while searching, the output arrays hold each query's heap of −scores
        var heaps = new TopKRows(dist, idx, k);
        var queryNorms = SquaredNorms(query, nq, d);
        var buffer = new float[QueryTile * ReferenceTile];
        // a block of queries as [2q, −1] (doubling is exact: the same values as libtorch's q * 2)
        var twoQ = new float[QueryTile * (d + 1)];
        int chunkRows = Math.Max(1, chunkElements / ((d + 1) * ReferenceTile)) * ReferenceTile;
        using var chunk = torch.empty([Math.Min(chunkRows, nr), d + 1]);
        for (int c0 = 0; c0 < nr; c0 += chunkRows)
        {
            int rows = Math.Min(chunkRows, nr - c0);
            Augment(reference.Slice(c0 * d, rows * d), rows, d, chunk);
            for (int i0 = 0; i0 < nq; i0 += QueryTile)
            {
                int m = Math.Min(QueryTile, nq - i0);
                for (int r = 0; r < m; r++)
                {
                    var q = query.Slice((i0 + r) * d, d);
                    var row = twoQ.AsSpan(r * (d + 1), d + 1);
                    for (int c = 0; c < d; c++) row[c] = q[c] * 2f;
                    row[d] = -1f;
                }
                using var queries = torch.tensor<float>(twoQ.AsSpan(0, m * (d + 1)), [m, d + 1]);
                for (int t0 = 0; t0 < rows; t0 += ReferenceTile)
                {
                    int p = Math.Min(ReferenceTile, rows - t0), j0 = c0 + t0;
                    using (var tile = chunk.narrow(0, t0, p))
                    using (var tileT = tile.t())
                    using (var score = queries.mm(tileT))
                        score.CopyTo<float>(buffer.AsSpan(0, m * p));
                    Parallel.For(0, m, Input.Parallel, r =>
                        Scan(heaps, i0 + r, buffer.AsSpan(r * p, p), j0, excludeSelf ? i0 + r - j0 : -1));
                }
            }
        }
        for (int i = 0; i < nq; i++)
        {
            // the heap keeps the k smallest −score: sorted ascending, they are the nearest first
            heaps.Sort(i);
            for (int j = i * k; j < (i + 1) * k; j++) dist[j] = MathF.Max(queryNorms[i] + dist[j], 0f);
        }
        return (idx, dist);
    }

    /// <summary>Fills the first <paramref name="n"/> rows of <paramref name="chunk"/> with [r, ‖r‖²], a tile at a time.</summary>
    static void Augment(ReadOnlySpan<float> rows, int n, int d, Tensor chunk)
    {
        for (int t0 = 0; t0 < n; t0 += ReferenceTile)
        {
            int p = Math.Min(ReferenceTile, n - t0);
            using var r = Kernels.Upload(rows.Slice(t0 * d, p * d), p, d, Device.CPU);
            using var norms = Kernels.SquaredNorms(r);
            using var column = norms.unsqueeze(1);
            using var target = chunk.narrow(0, t0, p);
            using var left = target.narrow(1, 0, d);
            using var right = target.narrow(1, d, 1);
            left.copy_(r);
            right.copy_(column);
        }
    }

    /// <summary>‖x‖² of each row, by libtorch's reduction a tile of rows at a time (a row's sum does not depend on the
    /// rows around it).</summary>
    static float[] SquaredNorms(ReadOnlySpan<float> x, int n, int d)
    {
        var norms = new float[n];
        for (int i0 = 0; i0 < n; i0 += ReferenceTile)
        {
            int m = Math.Min(ReferenceTile, n - i0);
            using var rows = Kernels.Upload(x.Slice(i0 * d, m * d), m, d, Device.CPU);
            using var s = Kernels.SquaredNorms(rows);
            s.CopyTo<float>(norms.AsSpan(i0, m));
        }
        return norms;
    }

    /// <summary>Pushes the scores of one query's tile (references <paramref name="offset"/> on) that beat its heap's
    /// worst; <paramref name="self"/>: the position in the tile to skip, or outside it.</summary>
    static void Scan(TopKRows heaps, int row, ReadOnlySpan<float> scores, int offset, int self)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= scores.Length; j += 8)
            {
                var v = Vector256.Create(scores.Slice(j, 8));
                if (Vector256.GreaterThanAny(v, Vector256.Create(-heaps.Worst(row))))
                    for (int t = j; t < j + 8; t++) Push(heaps, row, scores[t], offset + t, t == self);
            }
        }
        for (; j < scores.Length; j++) Push(heaps, row, scores[j], offset + j, j == self);
    }

    static void Push(TopKRows heaps, int row, float score, int index, bool skip)
    {
        if (!skip && -score < heaps.Worst(row)) heaps.Push(row, -score, index);
    }
}
