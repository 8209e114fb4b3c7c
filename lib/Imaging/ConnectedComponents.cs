using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookLib.IO;

namespace NotebookLib.Imaging;

/// <summary>Which neighbours touch: 4 (edges) or 8 (edges and corners, scipy's
/// <c>structure=np.ones((3, 3))</c>).</summary>
public enum Connectivity
{
    Four = 4,
    Eight = 8,
}

/// <summary>
/// Connected-component labelling (scipy.ndimage.label). Labels run 1..Count in raster order of each
/// component's first pixel; 0 is background.
/// Runs of set pixels are found row by row and joined with a union-find in parallel row stripes, then
/// the stripes are stitched: the work is proportional to the number of runs, not of pixels. The label
/// image is painted from the runs' labels eight pixels at a time (<see cref="RunPainter"/>).
/// </summary>
public static class ConnectedComponents
{
    /// <summary>Labels the set pixels of a mask.</summary>
    public static LabelImage Label(Mask mask, Connectivity connectivity = Connectivity.Eight)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Label(mask.Pixels, mask.Width, mask.Height, connectivity, gather: Avx2.IsSupported);
    }

    /// <summary>The same, choosing how the label image is painted (tests check both ways on one machine).</summary>
    internal static LabelImage Label(ReadOnlySpan<bool> mask, int width, int height, Connectivity connectivity, bool gather)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"a mask needs a positive width and height, not {width}×{height}");
        if (mask.Length != (long)width * height)
            throw new ArgumentException($"the mask holds {mask.Length} values but a {width}×{height} image needs {(long)width * height}", nameof(mask));
        if (connectivity is not (Connectivity.Four or Connectivity.Eight))
            throw new ArgumentOutOfRangeException(nameof(connectivity), $"connectivity must be Four or Eight, not {(int)connectivity}");
        unsafe
        {
            fixed (bool* m = mask) return Label(m, width, height, connectivity, gather && Avx2.IsSupported);
        }
    }

    /// <summary>Labels the good, non-zero pixels of an image (e.g. what is left after background removal).</summary>
    public static LabelImage Label(Image image, Connectivity connectivity = Connectivity.Eight) =>
        Label(image.NonZero(), connectivity);

    /// <summary>Set where a pixel is good (unmasked, finite) and not zero, e.g. what background removal kept.</summary>
    public static Mask NonZero(this Image image)
    {
        var p = image.Pixels;
        var m = image.Mask?.Pixels;
        var r = new bool[p.Length];
        for (int i = 0; i < p.Length; i++) r[i] = p[i] != 0 && float.IsFinite(p[i]) && (m is null || !m[i]);
        return new Mask(image.Width, image.Height, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe LabelImage Label(bool* mask, int width, int height, Connectivity connectivity, bool gather)
    {
        // Runs [s, e) in consecutive rows touch when ps < e + reach and pe + reach > s.
        int reach = connectivity == Connectivity.Eight ? 1 : 0;
        int threads = RowParallel.Threads;
        int nStripes = (long)width * height < (1 << 16) || threads <= 1 ? 1 : Math.Min(height, threads * 2);
        int wordsPerRow = (width + 63) / 64;
        var stripeY = new int[nStripes + 1];
        for (int k = 0; k <= nStripes; k++) stripeY[k] = (int)((long)height * k / nStripes);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        void ForStripes(Action<int> body)
        {
            if (nStripes == 1) body(0);
            else Parallel.For(0, nStripes, options, body);
        }

        // Pass 1: each row as bit words (one bit a pixel), and its number of runs, so that every run
        // gets its final place in one array before any is written.
        var words = GC.AllocateUninitializedArray<ulong>(wordsPerRow * height);
        var rowFirst = new int[height + 1];
        ForStripes(k =>
        {
            for (int y = stripeY[k]; y < stripeY[k + 1]; y++)
                rowFirst[y + 1] = RowWords((byte*)(mask + (long)y * width), width, words.AsSpan(y * wordsPerRow, wordsPerRow));
        });
        for (int y = 0; y < height; y++) rowFirst[y + 1] += rowFirst[y];
        int total = rowFirst[height];

        // Pass 2, in parallel stripes: the runs, and the union-find of the runs of each stripe. Run order
        // is raster order and every parent is smaller than its child.
        var start = GC.AllocateUninitializedArray<int>(total);
        var end = GC.AllocateUninitializedArray<int>(total);
        var parent = GC.AllocateUninitializedArray<int>(total);
        ForStripes(k =>
        {
            fixed (int* sp = start)
            fixed (int* ep = end)
            fixed (int* pp = parent)
            fixed (ulong* wp = words)
            {
                for (int y = stripeY[k]; y < stripeY[k + 1]; y++)
                {
                    RowRuns(wp + (long)y * wordsPerRow, wordsPerRow, width, rowFirst[y], sp, ep);
                    for (int i = rowFirst[y]; i < rowFirst[y + 1]; i++) pp[i] = i;
                    if (y > stripeY[k]) JoinRows(sp, ep, pp, rowFirst[y - 1], rowFirst[y], rowFirst[y], rowFirst[y + 1], reach);
                }
            }
        });
        // Stitch the stripes: the last row of one with the first row of the next.
        for (int k = 1; k < nStripes; k++)
        {
            int y = stripeY[k];
            JoinAcross(start, end, parent, rowFirst[y - 1], rowFirst[y], rowFirst[y], rowFirst[y + 1], reach);
        }

        // Every parent is smaller than its child, so one forward pass turns parents into labels (in place).
        int count = RootsToLabels(parent);

        var labels = GC.AllocateUninitializedArray<int>(width * height);
        bool stream = StreamingStores.Worthwhile((long)labels.Length * sizeof(int));
        ForStripes(k =>
        {
            fixed (int* lp = labels)
            fixed (int* sp = start)
            fixed (int* ep = end)
            fixed (int* pp = parent)
            fixed (ulong* wp = words)
            {
                if (gather)
                    RunPainter.PaintRows(wp, wordsPerRow, width, rowFirst, pp, lp, stripeY[k], stripeY[k + 1], stream);
                else
                    RunPainter.PaintRuns(sp, ep, pp, rowFirst, lp, width, stripeY[k], stripeY[k + 1]);
            }
        });
        return new LabelImage(width, height, labels, count);
    }

    /// <summary>One row as bit words (64 pixels a word from two 32-byte compares); returns its number of runs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe int RowWords(byte* row, int width, Span<ulong> words)
    {
        int runs = 0;
        ulong carry = 0;   // the last pixel of the previous word, as bit 0
        var zero = Vector256<byte>.Zero;
        for (int k = 0, x0 = 0; k < words.Length; k++, x0 += 64)
        {
            ulong bits;
            int n = Math.Min(64, width - x0);
            if (n == 64)
            {
                uint lo = Vector256.Equals(Vector256.Load(row + x0), zero).ExtractMostSignificantBits();
                uint hi = Vector256.Equals(Vector256.Load(row + x0 + 32), zero).ExtractMostSignificantBits();
                bits = ~((ulong)hi << 32 | lo);
            }
            else
            {
                bits = 0;
                for (int i = 0; i < n; i++) if (row[x0 + i] != 0) bits |= 1UL << i;
            }
            words[k] = bits;
            // A run starts where a set pixel follows an unset one.
            runs += System.Numerics.BitOperations.PopCount(bits & ~(bits << 1 | carry));
            carry = bits >> 63;
        }
        return runs;
    }

    /// <summary>Writes the runs of one row, read off the bit transitions of its words, from index
    /// <paramref name="first"/> on: one loop over the run starts and one over the run ends of each word,
    /// so that the branches follow words rather than runs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void RowRuns(ulong* words, int wordCount, int width, int first, int* start, int* end)
    {
        int rs = first, re = first;
        ulong carry = 0;   // the last pixel of the previous word, as bit 0
        for (int k = 0; k < wordCount; k++)
        {
            int x0 = k * 64;
            ulong bits = words[k], before = bits << 1 | carry;
            for (ulong t = bits & ~before; t != 0; t &= t - 1)
                start[rs++] = x0 + System.Numerics.BitOperations.TrailingZeroCount(t);
            // A run ends at the first unset pixel after it (bits past the row end are unset).
            for (ulong t = ~bits & before; t != 0; t &= t - 1)
                end[re++] = x0 + System.Numerics.BitOperations.TrailingZeroCount(t);
            carry = bits >> 63;
        }
        if (carry != 0) end[re] = width;
    }

    /// <summary>Turns the parent forest of the runs (every parent before its child) into labels 1..count
    /// in place, in one forward pass without data-dependent branches; returns the count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe int RootsToLabels(int[] parent)
    {
        int count = 0;
        fixed (int* p = parent)
        {
            for (int i = 0, n = parent.Length; i < n; i++)
            {
                int up = p[i];
                int root = -(up == i ? 1 : 0);   // all ones for a root
                count -= root;
                // A root gets the next label; any other run its parent's, already final (a mask, as
                // roots and non-roots alternate unpredictably in a mask of small objects).
                p[i] = (count & root) | (p[up] & ~root);
            }
        }
        return count;
    }

    /// <summary>Unites touching runs of two rows whose runs may already have parents (stripe seams).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void JoinAcross(int[] start, int[] end, int[] parent, int p0, int p1, int c0, int c1, int reach)
    {
        int p = p0;
        for (int c = c0; c < c1 && p < p1; c++)
        {
            int cs = start[c] - reach, ce = end[c] + reach;
            while (p < p1 && end[p] <= cs) p++;
            int q = p;
            for (; q < p1 && start[q] < ce; q++) Union(parent, q, c);
            if (q > p) p = q - 1;
        }
    }

    /// <summary>Unites the runs [p0, p1) of one row with the touching runs [c0, c1) of the next, inside a stripe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void JoinRows(int* start, int* end, int* parent, int p0, int p1, int c0, int c1, int reach)
    {
        int p = p0;
        for (int c = c0; c < c1 && p < p1; c++)
        {
            int cs = start[c] - reach, ce = end[c] + reach;
            // Previous-row runs that end before this run (plus reach) can touch no later run either.
            while (p < p1 && end[p] <= cs) p++;
            int q = p;
            if (q < p1 && start[q] < ce)
            {
                // c is new, so it has no parent yet and is larger than every run above it:
                // hang it under the first touching run's root, and keep track of its root.
                int root = Find(parent, q);
                parent[c] = root;
                for (q++; q < p1 && start[q] < ce; q++)
                {
                    int other = Find(parent, q);
                    if (other < root) { parent[root] = other; root = other; }
                    else if (other > root) parent[other] = root;
                }
            }
            // The last touching run may also touch the next run of this row.
            if (q > p) p = q - 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe int Find(int* parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    static void Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
    }
}
