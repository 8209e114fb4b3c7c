using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NotebookLib.Analysis;

/// <summary>
/// The dense matrix kernels that k-means, GMM, PCA, nearest neighbours and the embeddings share:
/// row norms, blocked dot products and squared distances (‖a‖² + ‖b‖² − 2a·b), nearest-centre search
/// and k-nearest search. Managed SIMD over Parallel.For today; kept small and in one place so that
/// a tensor-engine (CUDA) path can replace them later without touching the estimators.
/// </summary>
internal static class Kernels
{
    public static float[] RowSquaredNorms(ReadOnlySpan<float> x, int n, int d)
    {
        var r = new float[n];
        for (int i = 0; i < n; i++) { var row = x.Slice(i * d, d); r[i] = TensorPrimitives.Dot(row, row); }
        return r;
    }

    /// <summary>out[i·p + j] = A[a0+i] · B[b0+j] for an m×p block; a 4×4 register tile keeps
    /// 16 SIMD accumulators busy per pair of loads, which is what makes this near GEMM speed.</summary>
    public static void DotBlock(ReadOnlySpan<float> a, int a0, int m, ReadOnlySpan<float> b, int b0, int p, int d, Span<float> output)
    {
        int w = Vector<float>.Count, dv = d - d % w;
        ref float A = ref MemoryMarshal.GetReference(a);
        ref float B = ref MemoryMarshal.GetReference(b);
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            ref float r0 = ref Unsafe.Add(ref A, (a0 + i) * d);
            ref float r1 = ref Unsafe.Add(ref r0, d);
            ref float r2 = ref Unsafe.Add(ref r1, d);
            ref float r3 = ref Unsafe.Add(ref r2, d);
            int j = 0;
            for (; j + 4 <= p; j += 4)
            {
                ref float c0 = ref Unsafe.Add(ref B, (b0 + j) * d);
                ref float c1 = ref Unsafe.Add(ref c0, d);
                ref float c2 = ref Unsafe.Add(ref c1, d);
                ref float c3 = ref Unsafe.Add(ref c2, d);
                Vector<float> s00 = default, s01 = default, s02 = default, s03 = default,
                    s10 = default, s11 = default, s12 = default, s13 = default,
                    s20 = default, s21 = default, s22 = default, s23 = default,
                    s30 = default, s31 = default, s32 = default, s33 = default;
                for (int k = 0; k < dv; k += w)
                {
                    var x0 = LoadV(ref r0, k); var x1 = LoadV(ref r1, k); var x2 = LoadV(ref r2, k); var x3 = LoadV(ref r3, k);
                    var y = LoadV(ref c0, k);
                    s00 = Vector.FusedMultiplyAdd(x0, y, s00); s10 = Vector.FusedMultiplyAdd(x1, y, s10); s20 = Vector.FusedMultiplyAdd(x2, y, s20); s30 = Vector.FusedMultiplyAdd(x3, y, s30);
                    y = LoadV(ref c1, k);
                    s01 = Vector.FusedMultiplyAdd(x0, y, s01); s11 = Vector.FusedMultiplyAdd(x1, y, s11); s21 = Vector.FusedMultiplyAdd(x2, y, s21); s31 = Vector.FusedMultiplyAdd(x3, y, s31);
                    y = LoadV(ref c2, k);
                    s02 = Vector.FusedMultiplyAdd(x0, y, s02); s12 = Vector.FusedMultiplyAdd(x1, y, s12); s22 = Vector.FusedMultiplyAdd(x2, y, s22); s32 = Vector.FusedMultiplyAdd(x3, y, s32);
                    y = LoadV(ref c3, k);
                    s03 = Vector.FusedMultiplyAdd(x0, y, s03); s13 = Vector.FusedMultiplyAdd(x1, y, s13); s23 = Vector.FusedMultiplyAdd(x2, y, s23); s33 = Vector.FusedMultiplyAdd(x3, y, s33);
                }
                int o = i * p + j;
                output[o] = Vector.Sum(s00); output[o + 1] = Vector.Sum(s01); output[o + 2] = Vector.Sum(s02); output[o + 3] = Vector.Sum(s03);
                o += p;
                output[o] = Vector.Sum(s10); output[o + 1] = Vector.Sum(s11); output[o + 2] = Vector.Sum(s12); output[o + 3] = Vector.Sum(s13);
                o += p;
                output[o] = Vector.Sum(s20); output[o + 1] = Vector.Sum(s21); output[o + 2] = Vector.Sum(s22); output[o + 3] = Vector.Sum(s23);
                o += p;
                output[o] = Vector.Sum(s30); output[o + 1] = Vector.Sum(s31); output[o + 2] = Vector.Sum(s32); output[o + 3] = Vector.Sum(s33);
                if (dv < d)
                    for (int ii = 0; ii < 4; ii++)
                        for (int jj = 0; jj < 4; jj++)
                        {
                            float s = 0;
                            for (int k = dv; k < d; k++) s += a[(a0 + i + ii) * d + k] * b[(b0 + j + jj) * d + k];
                            output[(i + ii) * p + j + jj] += s;
                        }
            }
            for (; j < p; j++)
                for (int ii = 0; ii < 4; ii++)
                    output[(i + ii) * p + j] = TensorPrimitives.Dot(a.Slice((a0 + i + ii) * d, d), b.Slice((b0 + j) * d, d));
        }
        for (; i < m; i++)
            for (int j = 0; j < p; j++)
                output[i * p + j] = TensorPrimitives.Dot(a.Slice((a0 + i) * d, d), b.Slice((b0 + j) * d, d));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<float> LoadV(ref float r, int k) => Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref r, k)));

    /// <summary>Squared euclidean distances of an m×p block, clamped at 0 (the expansion can round below).</summary>
    public static void SquaredDistanceBlock(ReadOnlySpan<float> a, float[] aNorms, int a0, int m,
        ReadOnlySpan<float> b, float[] bNorms, int b0, int p, int d, Span<float> output)
    {
        DotBlock(a, a0, m, b, b0, p, d, output);
        for (int i = 0; i < m; i++)
        {
            float an = aNorms[a0 + i];
            var row = output.Slice(i * p, p);
            for (int j = 0; j < p; j++) row[j] = MathF.Max(0f, an + bNorms[b0 + j] - 2f * row[j]);
        }
    }

    const int RowBlock = 128, ColBlock = 512;

    /// <summary>For every row of x the index of and squared distance to its nearest centre.</summary>
    public static void NearestCenter(float[] x, float[] xNorms, int n, float[] centers, int k, int d, int[] labels, float[] dist2)
    {
        var cNorms = RowSquaredNorms(centers, k, d);
        int blocks = (n + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, Input.Parallel, () => new float[RowBlock * k], (blk, _, buf) =>
        {
            int i0 = blk * RowBlock, m = Math.Min(RowBlock, n - i0);
            SquaredDistanceBlock(x, xNorms, i0, m, centers, cNorms, 0, k, d, buf);
            for (int i = 0; i < m; i++)
            {
                var row = buf.AsSpan(i * k, k);
                int best = TensorPrimitives.IndexOfMin(row);
                labels[i0 + i] = best; dist2[i0 + i] = row[best];
            }
            return buf;
        }, _ => { });
    }

    /// <summary>Exact k nearest rows of <paramref name="reference"/> for each query row, by squared
    /// euclidean distance, sorted ascending. With <paramref name="excludeSelf"/> the query set is the
    /// reference set and each point's own index is skipped.</summary>
    public static (int[] Indices, float[] Dist2) KNearest(float[] query, int nq, float[] reference, int nr, int d, int k, bool excludeSelf)
    {
        var qn = RowSquaredNorms(query, nq, d);
        var rn = excludeSelf ? qn : RowSquaredNorms(reference, nr, d);
        var idx = new int[nq * k];
        var dist = new float[nq * k];
        int blocks = (nq + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, Input.Parallel, () => new float[RowBlock * ColBlock], (blk, _, buf) =>
        {
            int i0 = blk * RowBlock, m = Math.Min(RowBlock, nq - i0);
            var heaps = new TopK[m];
            for (int i = 0; i < m; i++) heaps[i] = new TopK(k);
            for (int j0 = 0; j0 < nr; j0 += ColBlock)
            {
                int p = Math.Min(ColBlock, nr - j0);
                SquaredDistanceBlock(query, qn, i0, m, reference, rn, j0, p, d, buf);
                for (int i = 0; i < m; i++)
                {
                    var h = heaps[i]; int self = excludeSelf ? i0 + i : -1;
                    var row = buf.AsSpan(i * p, p);
                    for (int j = 0; j < p; j++)
                        if (row[j] < h.Worst && j0 + j != self) h.Push(row[j], j0 + j);
                }
            }
            for (int i = 0; i < m; i++) heaps[i].SortInto(idx.AsSpan((i0 + i) * k, k), dist.AsSpan((i0 + i) * k, k));
            return buf;
        }, _ => { });
        return (idx, dist);
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

/// <summary>A bounded max-heap keeping the k smallest (distance, index) pairs.</summary>
internal sealed class TopK
{
    readonly float[] d; readonly int[] ix; int count;
    public TopK(int k) { d = new float[k]; ix = new int[k]; }
    public int Count => count;
    public float Worst => count < d.Length ? float.PositiveInfinity : d[0];

    public bool Contains(int index) { for (int i = 0; i < count; i++) if (ix[i] == index) return true; return false; }

    public void Push(float dist, int index)
    {
        if (count < d.Length)
        {
            int c = count++;
            while (c > 0) { int p = (c - 1) / 2; if (d[p] >= dist) break; d[c] = d[p]; ix[c] = ix[p]; c = p; }
            d[c] = dist; ix[c] = index;
            return;
        }
        if (dist >= d[0]) return;
        int k = d.Length, pos = 0;
        while (true)
        {
            int l = 2 * pos + 1; if (l >= k) break;
            int r = l + 1, big = r < k && d[r] > d[l] ? r : l;
            if (d[big] <= dist) break;
            d[pos] = d[big]; ix[pos] = ix[big]; pos = big;
        }
        d[pos] = dist; ix[pos] = index;
    }

    public void SortInto(Span<int> indices, Span<float> dists)
    {
        var dd = d.AsSpan(0, count).ToArray(); var ii = ix.AsSpan(0, count).ToArray();
        Array.Sort(dd, ii);
        for (int i = 0; i < indices.Length; i++) { indices[i] = i < count ? ii[i] : -1; dists[i] = i < count ? dd[i] : float.PositiveInfinity; }
    }
}
