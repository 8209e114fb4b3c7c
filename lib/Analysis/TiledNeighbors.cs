using System.Runtime.Intrinsics;
using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>
/// Exact k nearest neighbours against many references on the CPU, tiled over queries and references.
/// </summary>
/// <remarks>
/// A block of whole rows of the score matrix (queries × all references) within 16 MiB holds only a handful of queries
/// once there are millions of references (4 at 10⁶), and each block's product then streams every reference from memory
/// again: 10,000 queries against 10⁶ × 64 read 650 GB, and libtorch's topk scanned each 10⁶-long row on one thread
/// (198 s against scikit-learn's 69 s, issue 22's --large). Here a 256 × 4,096 tile of scores stays in cache between the
/// product and the scan, the references are read once per 256 queries, and each query keeps its k best in a heap across
/// the tiles; eight scores at a time are compared with the heap's worst, so almost none reach the heap.
/// </remarks>
internal static class TiledNeighbors
{
    const int QueryTile = 256, ReferenceTile = 4096;

    /// <summary>For each row of <paramref name="twoQ"/> ([2q, −1]) the k largest scores 2q·r − ‖r‖² against the rows of
    /// <paramref name="rAug"/> ([r, ‖r‖²]), as the indices and squared distances ‖q‖² − score (clamped at 0), nearest
    /// first; with <paramref name="excludeSelf"/> query i never takes reference i.</summary>
    public static (int[] Indices, float[] Dist2) KNearest(Tensor twoQ, Tensor rAug, float[] queryNorms, int k, bool excludeSelf)
    {
        int nq = (int)twoQ.size(0), nr = (int)rAug.size(0);
        var idx = new int[nq * k];
        var dist = new float[nq * k];
        var buffer = new float[QueryTile * ReferenceTile];
        var heaps = new TopK[QueryTile];
        var order = new int[k]; var worst = new float[k];
        for (int i0 = 0; i0 < nq; i0 += QueryTile)
        {
            int m = Math.Min(QueryTile, nq - i0);
            for (int r = 0; r < m; r++) heaps[r] = new TopK(k);
            using var queries = twoQ.narrow(0, i0, m);
            for (int j0 = 0; j0 < nr; j0 += ReferenceTile)
            {
                int p = Math.Min(ReferenceTile, nr - j0);
                using (var tile = rAug.narrow(0, j0, p))
                using (var tileT = tile.t())
                using (var score = queries.mm(tileT))
                    score.CopyTo<float>(buffer.AsSpan(0, m * p));
                Parallel.For(0, m, Input.Parallel, r =>
                    Scan(heaps[r], buffer.AsSpan(r * p, p), j0, excludeSelf ? i0 + r - j0 : -1));
            }
            for (int r = 0; r < m; r++)
            {
                int i = i0 + r;
                // the heap keeps the k smallest −score: sorted ascending, they are the nearest first
                heaps[r].SortInto(order, worst);
                for (int j = 0; j < k; j++)
                {
                    idx[i * k + j] = order[j];
                    dist[i * k + j] = MathF.Max(queryNorms[i] + worst[j], 0f);
                }
            }
        }
        return (idx, dist);
    }

    /// <summary>Pushes the scores of one row's tile (references <paramref name="offset"/> on) that beat the heap's worst;
    /// <paramref name="self"/>: the position in the tile to skip, or outside it.</summary>
    static void Scan(TopK heap, ReadOnlySpan<float> scores, int offset, int self)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= scores.Length; j += 8)
            {
                var v = Vector256.Create(scores.Slice(j, 8));
                if (Vector256.GreaterThanAny(v, Vector256.Create(-heap.Worst)))
                    for (int t = j; t < j + 8; t++) Push(heap, scores[t], offset + t, t == self);
            }
        }
        for (; j < scores.Length; j++) Push(heap, scores[j], offset + j, j == self);
    }

    static void Push(TopK heap, float score, int index, bool skip)
    {
        if (!skip && -score < heap.Worst) heap.Push(-score, index);
    }
}
