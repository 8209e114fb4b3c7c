using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using NotebookLib.IO;

namespace NotebookLib.Imaging;

/// <summary>
/// The last pass of <see cref="ConnectedComponents"/>: writing the label image from the runs of set
/// pixels and the label of each run. A mask of many small objects has a run every few pixels, so
/// painting run after run is branch-bound; with AVX2, eight pixels at a time gather their run's label
/// instead (the run index of a pixel is the number of run starts up to it), whatever the runs look like.
/// </summary>
internal static class RunPainter
{
    /// <summary>For each byte of run-start bits, lane j: the number of starts among bits 0..j.</summary>
    static readonly int[] StartsUpTo = BuildStartsUpTo();

    static int[] BuildStartsUpTo()
    {
        var t = new int[256 * 8];
        for (int b = 0; b < 256; b++)
            for (int j = 0; j < 8; j++)
                t[b * 8 + j] = System.Numerics.BitOperations.PopCount((uint)(b & ((2 << j) - 1)));
        return t;
    }

    /// <summary>Rows [y0, y1) from the bit words of the mask and the label of each run
    /// (<paramref name="runLabel"/>[rowFirst[y] + i] for the i-th run of row y). Each row is built in a
    /// small buffer and copied out, with streaming stores when <paramref name="stream"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void PaintRows(ulong* words, int wordsPerRow, int width, int[] rowFirst, int* runLabel,
                                        int* labels, int y0, int y1, bool stream)
    {
        var buffer = System.Buffers.ArrayPool<int>.Shared.Rent(wordsPerRow * 64);
        var laneBit = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
        try
        {
            fixed (int* row = buffer)
            fixed (int* table = StartsUpTo)
            {
                for (int y = y0; y < y1; y++)
                {
                    // Index 1 is the row's first run: a set pixel has at least one start up to it.
                    int* rowLabels = runLabel + rowFirst[y] - 1;
                    ulong* w = words + (long)y * wordsPerRow;
                    ulong carry = 0;
                    int starts = 0;
                    for (int k = 0; k < wordsPerRow; k++)
                    {
                        int* o = row + k * 64;
                        ulong bits = w[k], first = bits & ~(bits << 1 | carry);
                        carry = bits >> 63;
                        if (bits == 0)
                        {
                            for (int j = 0; j < 64; j += 8) Vector256.Store(Vector256<int>.Zero, o + j);
                            continue;
                        }
                        if (first == 0 && bits == ulong.MaxValue)
                        {
                            // 64 pixels inside one run that began before this word.
                            var v = Vector256.Create(rowLabels[starts]);
                            for (int j = 0; j < 64; j += 8) Vector256.Store(v, o + j);
                            continue;
                        }
                        for (int j = 0; j < 64; j += 8)
                        {
                            int set = (int)(bits >> j) & 0xFF, begun = (int)(first >> j) & 0xFF;
                            if (set == 0)
                            {
                                Vector256.Store(Vector256<int>.Zero, o + j);
                                continue;
                            }
                            var index = Vector256.Create(starts) + Vector256.Load(table + begun * 8);
                            var mask = Vector256.Equals(Vector256.Create(set) & laneBit, laneBit);
                            // Unset lanes are not loaded and come out 0.
                            Vector256.Store(Avx2.GatherMaskVector256(Vector256<int>.Zero, rowLabels, index, mask, 4), o + j);
                            starts += System.Numerics.BitOperations.PopCount((uint)begun);
                        }
                    }
                    int* dst = labels + (long)y * width;
                    if (stream) StreamingStores.Copy((byte*)row, (byte*)dst, (long)width * sizeof(int));
                    else new ReadOnlySpan<int>(row, width).CopyTo(new Span<int>(dst, width));
                }
            }
            if (stream) StreamingStores.Fence();
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <summary>Rows [y0, y1) painted run after run (without AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void PaintRuns(int* start, int* end, int* runLabel, int[] rowFirst, int* labels, int width, int y0, int y1)
    {
        for (int y = y0; y < y1; y++)
        {
            int* row = labels + (long)y * width;
            int x = 0;
            for (int r = rowFirst[y], r1 = rowFirst[y + 1]; r < r1; r++)
            {
                int label = runLabel[r], s = start[r], e = end[r];
                // Short spans by hand, long ones with the vectorised Clear/Fill.
                if (s - x > 16) new Span<int>(row + x, s - x).Clear();
                else for (; x < s; x++) row[x] = 0;
                if (e - s > 16) new Span<int>(row + s, e - s).Fill(label);
                else for (x = s; x < e; x++) row[x] = label;
                x = e;
            }
            new Span<int>(row + x, width - x).Clear();
        }
    }
}
