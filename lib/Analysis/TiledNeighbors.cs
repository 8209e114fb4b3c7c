using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>
/// Exact k nearest neighbours on the CPU, tiled over queries and references, read from the caller's arrays; the products
/// call BLAS directly (<see cref="Blas"/>), so that a search loads no libtorch (issue 22: 0.16 GB resident on load).
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
/// Each query meets the references in ascending order, so the chunks change no result.</para>
/// </remarks>
internal static class TiledNeighbors
{
    const int QueryTile = 256, ReferenceTile = 4096;

    /// <summary>Elements of one chunk of augmented references (4 MiB of float32): a whole number of tiles, at least one.</summary>
    const int ChunkElements = 1 << 20;

    /// <summary>For each query row the k nearest rows of <paramref name="reference"/> by squared euclidean distance, as
    /// indices and squared distances ‖q‖² − (2q·r − ‖r‖²) clamped at 0, nearest first; with
    /// <paramref name="excludeSelf"/> the queries are the references and query i never takes reference i. Slots beyond
    /// the references there are get index −1 and +∞.
    /// <paramref name="chunkElements"/> bounds a chunk of augmented references (tests make it small to cross chunks).</summary>
    public static (int[] Indices, float[] Dist2) KNearest(ReadOnlySpan<float> query, int nq, ReadOnlySpan<float> reference, int nr, int d, int k, bool excludeSelf,
        int chunkElements = ChunkElements)
    {
        Blas.UseThreads(Input.Threads);
        var idx = new int[nq * k];
        var dist = new float[nq * k];
        // while searching, the output arrays hold each query's heap of −scores
        var heaps = new TopKRows(dist, idx, k);
        var queryNorms = SquaredNorms(query, nq, d);
        int width = d + 1;
        var buffer = new float[Math.Min(QueryTile, nq) * Math.Min(ReferenceTile, nr)];
        // a block of queries as [2q, −1]
        var twoQ = new float[Math.Min(QueryTile, nq) * width];
        int chunkRows = Math.Max(1, chunkElements / (width * ReferenceTile)) * ReferenceTile;
        var chunk = new float[Math.Min(chunkRows, nr) * width];
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
                    var row = twoQ.AsSpan(r * width, width);
                    for (int c = 0; c < d; c++) row[c] = q[c] * 2f;
                    row[d] = -1f;
                }
                for (int t0 = 0; t0 < rows; t0 += ReferenceTile)
                {
                    int p = Math.Min(ReferenceTile, rows - t0), j0 = c0 + t0;
                    // scores [m, p] = [2q, −1] · [r, ‖r‖²]ᵀ
                    Blas.Sgemm(false, true, m, p, width, 1f, twoQ, width, chunk.AsSpan(t0 * width, p * width), width, 0f, buffer, p);
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

    /// <summary>Fills the first <paramref name="n"/> rows of <paramref name="chunk"/> with [r, ‖r‖²].</summary>
    static void Augment(ReadOnlySpan<float> rows, int n, int d, Span<float> chunk)
    {
        for (int i = 0; i < n; i++)
        {
            var r = rows.Slice(i * d, d);
            var target = chunk.Slice(i * (d + 1), d + 1);
            r.CopyTo(target);
            target[d] = TensorPrimitives.SumOfSquares(r);
        }
    }

    /// <summary>‖x‖² of each row.</summary>
    static float[] SquaredNorms(ReadOnlySpan<float> x, int n, int d)
    {
        var norms = new float[n];
        for (int i = 0; i < n; i++) norms[i] = TensorPrimitives.SumOfSquares(x.Slice(i * d, d));
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
