using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using NotebookLib.IO;

namespace NotebookLib.Imaging;

/// <summary>
/// The memory copy behind <see cref="Tiling.Tile(Image, int, EdgePolicy, float, int)"/>: image rows into [count, size, size] patches, in
/// output order (patch after patch, row after row), in parallel over rows of patches. Tiling is bound by
/// memory traffic, so a large batch is written with streaming stores (<see cref="StreamingStores"/>):
/// whole patches directly, eight output floats at a time from one or two patch rows; partial edge
/// patches through a cache-resident buffer.
/// </summary>
internal static class PatchCopy
{
    /// <summary>Lane j of row k is set for j &lt; k: which lanes come from the first of two patch rows.</summary>
    static readonly int[] FirstLanes = BuildFirstLanes();

    static int[] BuildFirstLanes()
    {
        var t = new int[64];
        for (int k = 0; k < 8; k++)
            for (int j = 0; j < 8; j++) t[k * 8 + j] = j < k ? -1 : 0;
        return t;
    }

    /// <summary>Tiles the <paramref name="w"/>×<paramref name="h"/> region of <paramref name="src"/> that starts at
    /// <paramref name="offset"/> (rows <paramref name="stride"/> floats apart) into cols × rows patches, written
    /// from <paramref name="dataOffset"/> of <paramref name="data"/> on.</summary>
    public static void Copy(float[] src, int offset, int stride, int w, int h, float[] data, long dataOffset, int size, int cols, int rows, float padValue)
    {
        bool stream = StreamingStores.Worthwhile((long)data.Length * sizeof(float));
        bool whole = cols * size <= w && rows * size <= h;
        var r = new Region(src, offset, stride, w, h);
        RowParallel.For(rows, (long)size * w, (r0, r1) =>
        {
            if (stream && whole && size >= 8) StreamWholePatches(r, data, dataOffset, size, cols, r0 * cols, r1 * cols);
            else if (stream) StreamPatches(r, data, dataOffset, size, cols, r0 * cols, r1 * cols, padValue);
            else CopyPatches(r, data, dataOffset, size, cols, r0 * cols, r1 * cols, padValue);
        });
    }

    /// <summary>The pixels tiled: <see cref="Width"/> × <see cref="Height"/> from <see cref="Offset"/> of
    /// <see cref="Pixels"/> on, rows <see cref="Stride"/> floats apart.</summary>
    readonly record struct Region(float[] Pixels, int Offset, int Stride, int Width, int Height);

    /// <summary>Patches [p0, p1) into their places in <paramref name="data"/>, with normal stores.</summary>
    static unsafe void CopyPatches(Region src, float[] data, long dataOffset, int size, int cols, int p0, int p1, float padValue)
    {
        fixed (float* d = data) CopyPatches(src, d + dataOffset + (long)p0 * size * size, size, cols, p0, p1, padValue);
    }

    /// <summary>Whole patches [p0, p1) (none crosses the image edge; size ≥ 8) with streaming stores of
    /// aligned 8-float vectors. A vector that spans the end of one patch row and the start of the next
    /// is blended from two loads. Source reads may run up to 7 floats past a patch row, so the last
    /// size + 8 outputs of the range, whose rows can end the image, are copied one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void StreamWholePatches(Region src, float[] data, long dataOffset, int size, int cols, int p0, int p1)
    {
        int ss = size * size, w = src.Stride;
        fixed (float* s0 = src.Pixels)
        fixed (float* d0 = data)
        fixed (int* firstLanes = FirstLanes)
        {
            float* s = s0 + src.Offset, d = d0 + dataOffset;
            long o = (long)p0 * ss, end = (long)p1 * ss;
            int p = p0, py = 0, px = 0;   // the patch, row and column of output o
            float* patch = s + (long)(p / cols) * size * w + (p % cols) * size;
            float* row = patch;
            // One by one up to the first 32-byte-aligned output.
            for (; o < end && ((nint)(d + o) & 31) != 0; o++)
            {
                d[o] = row[px];
                if (++px == size) { px = 0; NextRow(ref p, ref py, ref patch, ref row, s, w, size, cols); }
            }
            for (long last = end - 8 - size; o <= last; o += 8)
            {
                Vector256<float> v;
                int k = size - px;   // floats left in this patch row
                if (k >= 8)
                {
                    v = Vector256.Load(row + px);
                    px += 8;
                    if (px == size) { px = 0; NextRow(ref p, ref py, ref patch, ref row, s, w, size, cols); }
                }
                else
                {
                    var first = Vector256.Load(row + px);
                    NextRow(ref p, ref py, ref patch, ref row, s, w, size, cols);
                    // Lanes k.. are the first 8 - k floats of the next row.
                    v = Vector256.ConditionalSelect(Vector256.Load(firstLanes + k * 8).AsSingle(), first, Vector256.Load(row - k));
                    px = 8 - k;
                }
                Avx.StoreAlignedNonTemporal(d + o, v);
            }
            for (; o < end; o++)
            {
                d[o] = row[px];
                if (++px == size && o + 1 < end) { px = 0; NextRow(ref p, ref py, ref patch, ref row, s, w, size, cols); }
            }
        }
        StreamingStores.Fence();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void NextRow(ref int p, ref int py, ref float* patch, ref float* row, float* s, int w, int size, int cols)
    {
        if (++py == size)
        {
            py = 0;
            p++;
            patch = s + (long)(p / cols) * size * w + (p % cols) * size;
        }
        row = patch + (long)py * w;
    }

    /// <summary>Patches [p0, p1), assembled <c>batch</c> at a time in a buffer and streamed to their places.</summary>
    static unsafe void StreamPatches(Region src, float[] data, long dataOffset, int size, int cols, int p0, int p1, float padValue)
    {
        int ss = size * size;
        // About 256 kB: stays in L2 between the two passes, and few chunk ends (where a cache line is
        // shared by a streamed and a normal store) per row of patches.
        int batch = Math.Max(1, 65536 / ss);
        var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(batch * ss);
        try
        {
            fixed (float* b = buffer)
            fixed (float* d0 = data)
            {
                float* d = d0 + dataOffset;
                for (int p = p0; p < p1; p += batch)
                {
                    int n = Math.Min(batch, p1 - p);
                    CopyPatches(src, b, size, cols, p, p + n, padValue);
                    StreamingStores.Copy((byte*)b, (byte*)(d + (long)p * ss), (long)n * ss * sizeof(float));
                }
            }
            StreamingStores.Fence();
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes patches [p0, p1) one after the other from <paramref name="dst"/> on, padding what lies outside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void CopyPatches(Region src, float* dst, int size, int cols, int p0, int p1, float padValue)
    {
        int w = src.Width, h = src.Height, stride = src.Stride;
        fixed (float* s0 = src.Pixels)
        {
            float* s = s0 + src.Offset;
            for (int p = p0; p < p1; p++)
            {
                int gr = p / cols, gc = p % cols;
                int x = gc * size, real = Math.Min(size, w - x);
                if (size >= 8 && real == size && (gr + 1) * size <= h)
                {
                    // A whole patch inside the image: rows of 8-float vectors, the last one overlapping.
                    float* row = s + (long)gr * size * stride + x;
                    for (int py = 0; py < size; py++, dst += size, row += stride)
                    {
                        int k = 0;
                        for (; k <= size - 8; k += 8) Vector256.Store(Vector256.Load(row + k), dst + k);
                        if (k < size) Vector256.Store(Vector256.Load(row + size - 8), dst + size - 8);
                    }
                    continue;
                }
                for (int py = 0; py < size; py++, dst += size)
                {
                    int y = gr * size + py;
                    if (y >= h)
                    {
                        new Span<float>(dst, size).Fill(padValue);
                        continue;
                    }
                    CopyRow(s + (long)y * stride + x, dst, real);
                    if (real < size) new Span<float>(dst + real, size - real).Fill(padValue);
                }
            }
        }
    }

    /// <summary>Copies a short row with 32-byte vectors, the last one overlapping, instead of a memmove call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void CopyRow(float* src, float* dst, int n)
    {
        if (n < 8)
        {
            for (int i = 0; i < n; i++) dst[i] = src[i];
            return;
        }
        int k = 0;
        for (; k + 8 <= n; k += 8) Vector256.Store(Vector256.Load(src + k), dst + k);
        if (k < n) Vector256.Store(Vector256.Load(src + n - 8), dst + n - 8);
    }
}
