using System.Numerics.Tensors;
using NotebookLib.Torch;
using Tensor = NotebookLib.Torch.Tensor;

namespace NotebookLib.Analysis;

/// <summary>
/// The dense matrix work that k-means, GMM, PCA, nearest neighbours, spectral clustering and the
/// embeddings share, on lib/Torch tensors so that it runs on the GPU when the device is one (on the CPU, exact
/// nearest neighbours call BLAS instead, <see cref="TiledNeighbors"/>, as PCA does):
/// uploads, squared distances (‖a‖² + ‖b‖² − 2a·b as one matrix product), nearest-centre and
/// k-nearest search in row blocks that bound the memory of the distance matrix.
/// </summary>
internal static class Kernels
{
    /// <summary>Elements of one distance block (m rows × p columns): 16 MiB of float32, which keeps
    /// the block's product and its top-k pass in cache better than larger blocks (kNN at 10,000
    /// points: 310–330 ms against 350–370 ms with 64 MiB blocks).</summary>
    const long BlockElements = 1L << 22;

    public static Tensor Upload(ReadOnlySpan<float> x, int n, int d, Device device) => torch.tensor(x, [n, d], device);

    public static Tensor Upload(float[,] x, Device device) => Upload(Input.Flat(x), x.GetLength(0), x.GetLength(1), device);

    public static float[,] Download(Tensor t)
    {
        var s = t.shape;
        var m = new float[s[0], s.Length > 1 ? s[1] : 1];
        t.CopyTo(Input.FlatMut(m));
        return m;
    }

    public static Tensor SquaredNorms(Tensor x) { using var sq = x.square(); return sq.sum(1); }

    /// <summary>Squared euclidean distances [m, p] between the rows of a and b, clamped at 0 (the
    /// expansion can round below).</summary>
    public static Tensor SquaredDistances(Tensor a, Tensor aNorms, Tensor b, Tensor bNorms)
    {
        using var bt = b.t();
        using var an = aNorms.unsqueeze(1);
        using var bn = bNorms.unsqueeze(0);
        var d = a.mm(bt);
        return d.mul_(-2).add_(an).add_(bn).clamp_min_(0);
    }

    /// <summary>Rows per block so that a block of the [rows, columns] distance matrix stays within budget.</summary>
    public static int RowBlock(long columns) => (int)Math.Clamp(BlockElements / Math.Max(1, columns), 1, int.MaxValue);

    /// <summary>For every row of x (n×d) the index of and squared distance to its nearest centre.</summary>
    public static (int[] Labels, float[] Dist2) NearestCenter(ReadOnlySpan<float> x, int n, ReadOnlySpan<float> centers, int k, int d, Device device)
    {
        using var scope = torch.NewDisposeScope();
        var X = Upload(x, n, d, device);
        var C = Upload(centers, k, d, device);
        var (values, indices) = SquaredDistances(X, SquaredNorms(X), C, SquaredNorms(C)).min(1);
        return (indices.data<int>(), values.data<float>());
    }

    /// <summary>Exact k nearest rows of <paramref name="reference"/> for each query row, by squared
    /// euclidean distance, sorted ascending. With <paramref name="excludeSelf"/> the query set is the
    /// reference set and each point's own index is skipped. On the CPU the search tiles queries and references
    /// straight from the caller's arrays and calls BLAS (<see cref="TiledNeighbors"/>: no libtorch loaded); on a GPU
    /// it runs on lib/Torch in blocks of whole rows (<see cref="KNearestOnTensors"/>).</summary>
    public static (int[] Indices, float[] Dist2) KNearest(ReadOnlySpan<float> query, int nq, ReadOnlySpan<float> reference, int nr, int d, int k, bool excludeSelf, Device? device = null)
    {
        var on = Device.Resolve(device);
        return on.IsCuda ? KNearestOnTensors(query, nq, reference, nr, d, k, excludeSelf, on) : TiledNeighbors.KNearest(query, nq, reference, nr, d, k, excludeSelf);
    }

    /// <summary>The same search on lib/Torch, on <paramref name="on"/>: blocks of whole rows of scores (a block within
    /// 16 MiB), each ranked by topk. The GPU's path; tests run it on the CPU as the oracle of the tiled one.</summary>
    internal static (int[] Indices, float[] Dist2) KNearestOnTensors(ReadOnlySpan<float> query, int nq, ReadOnlySpan<float> reference, int nr, int d, int k, bool excludeSelf, Device on)
    {
        int block = RowBlock(nr);
        var idx = new int[nq * k];
        var dist = new float[nq * k];
        using var scope = torch.NewDisposeScope();
        var R = Upload(reference, nr, d, on);
        var rn = SquaredNorms(R);
        var Q = excludeSelf ? R : Upload(query, nq, d, on);
        var qn = excludeSelf ? rn : SquaredNorms(Q);
        // ranking a query's neighbours needs only 2q·r − ‖r‖² (‖q‖² is the same for the whole row),
        // which is one product of augmented rows, [2q, −1]·[r, ‖r‖²]: no pass over the block but topk;
        // ‖q‖² is added to the k winners alone
        var rAug = torch.cat([R, rn.unsqueeze(1)], 1);
        var twoQ = torch.cat([Q * 2.0, torch.full([nq, 1], -1.0, device: on)], 1);
        for (int i0 = 0; i0 < nq; i0 += block)
        {
            using var inner = torch.NewDisposeScope();
            int m = Math.Min(block, nq - i0);
            var score = twoQ.narrow(0, i0, m).mm(rAug.t());
            if (excludeSelf)
            {
                // a point is not its own neighbour, even when duplicates tie with it at distance 0
                var rows = torch.arange(m, device: on);
                score.index_put_([rows, rows + i0], torch.tensor(double.NegativeInfinity, ScalarType.Float32, on));
            }
            var (values, indices) = score.topk(k, 1, largest: true);
            var d2 = (qn.narrow(0, i0, m).unsqueeze(1) - values).clamp_min_(0);
            indices.CopyTo<int>(idx.AsSpan(i0 * k, m * k));
            d2.CopyTo<float>(dist.AsSpan(i0 * k, m * k));
        }
        return (idx, dist);
    }

    /// <summary>Rows i0 … i0+m−1 of an n×n matrix, m·n values that the receiver may rewrite.</summary>
    public delegate void RowsAction(int i0, int m, Span<float> rows);

    /// <summary>Calls <paramref name="action"/> on row blocks of the squared-distance (or, with
    /// <paramref name="dot"/>, inner-product) matrix of x with itself; the blocks are computed on the
    /// device one after another and handed to the action in parallel slices of whole rows.</summary>
    public static void ForEachRowBlock(ReadOnlySpan<float> x, int n, int d, bool dot, Device device, RowsAction action)
    {
        using var scope = torch.NewDisposeScope();
        var X = Upload(x, n, d, device);
        var norms = SquaredNorms(X);
        int block = RowBlock(n);
        var buffer = new float[(long)Math.Min(block, n) * n];
        for (int i0 = 0; i0 < n; i0 += block)
        {
            using var inner = torch.NewDisposeScope();
            int m = Math.Min(block, n - i0);
            var rows = X.narrow(0, i0, m);
            var D = dot ? rows.mm(X.t()) : SquaredDistances(rows, norms.narrow(0, i0, m), X, norms);
            D.CopyTo<float>(buffer.AsSpan(0, m * n));
            const int slice = 32;
            Parallel.For(0, (m + slice - 1) / slice, Input.Parallel, s =>
            {
                int r0 = s * slice, r = Math.Min(slice, m - r0);
                action(i0 + r0, r, buffer.AsSpan(r0 * n, r * n));
            });
        }
    }

    public static float[] NormalizeRows(ReadOnlySpan<float> x, int n, int d)
    {
        var r = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * d, d);
            float norm = TensorPrimitives.Norm(row);
            TensorPrimitives.Multiply(row, norm > 0 ? 1f / norm : 0f, r.AsSpan(i * d, d));
        }
        return r;
    }
}

/// <summary>For each of many rows a bounded max-heap keeping its k smallest (distance, index) pairs, laid out in the
/// caller's flat arrays (row i at i·k … i·k + k − 1), so that a million queries need no object each.</summary>
internal sealed class TopKRows
{
    readonly float[] d; readonly int[] ix; readonly int[] count; readonly int k;

    public TopKRows(float[] distances, int[] indices, int k)
    {
        d = distances; ix = indices; this.k = k;
        count = new int[distances.Length / k];
    }

    public float Worst(int row) => count[row] < k ? float.PositiveInfinity : d[row * k];

    public void Push(int row, float dist, int index)
    {
        var dd = d.AsSpan(row * k, k); var ii = ix.AsSpan(row * k, k);
        ref int n = ref count[row];
        if (n < k)
        {
            int c = n++;
            while (c > 0) { int p = (c - 1) / 2; if (dd[p] >= dist) break; dd[c] = dd[p]; ii[c] = ii[p]; c = p; }
            dd[c] = dist; ii[c] = index;
            return;
        }
        if (dist >= dd[0]) return;
        int pos = 0;
        while (true)
        {
            int l = 2 * pos + 1; if (l >= k) break;
            int r = l + 1, big = r < k && dd[r] > dd[l] ? r : l;
            if (dd[big] <= dist) break;
            dd[pos] = dd[big]; ii[pos] = ii[big]; pos = big;
        }
        dd[pos] = dist; ii[pos] = index;
    }

    /// <summary>Sorts row <paramref name="row"/> in place, smallest first; slots never filled get index −1 and +∞.</summary>
    public void Sort(int row)
    {
        int n = count[row];
        d.AsSpan(row * k, n).Sort(ix.AsSpan(row * k, n));
        d.AsSpan(row * k + n, k - n).Fill(float.PositiveInfinity);
        ix.AsSpan(row * k + n, k - n).Fill(-1);
    }
}
