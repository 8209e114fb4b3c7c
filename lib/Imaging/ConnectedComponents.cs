using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
/// the stripes are stitched: the work is proportional to the number of runs, not of pixels.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>Labels the true pixels of a row-major <paramref name="width"/>×<paramref name="height"/> mask.</summary>
    public static LabelImage Label(ReadOnlySpan<bool> mask, int width, int height, Connectivity connectivity = Connectivity.Eight)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"a mask needs a positive width and height, not {width}×{height}");
        if (mask.Length != (long)width * height)
            throw new ArgumentException($"the mask holds {mask.Length} values but a {width}×{height} image needs {(long)width * height}", nameof(mask));
        if (connectivity is not (Connectivity.Four or Connectivity.Eight))
            throw new ArgumentOutOfRangeException(nameof(connectivity), $"connectivity must be Four or Eight, not {(int)connectivity}");
        unsafe
        {
            fixed (bool* m = mask) return Label(m, width, height, connectivity);
        }
    }

    /// <summary>Labels the good, non-zero pixels of a frame (e.g. what is left after background removal).</summary>
    public static LabelImage Label(Frame frame, Connectivity connectivity = Connectivity.Eight) =>
        Label(NonZero(frame), frame.Width, frame.Height, connectivity);

    /// <summary>True where a pixel is good (unmasked, finite) and not zero.</summary>
    public static bool[] NonZero(Frame frame)
    {
        var p = frame.Pixels;
        var m = frame.Mask;
        var r = new bool[p.Length];
        for (int i = 0; i < p.Length; i++) r[i] = p[i] != 0 && float.IsFinite(p[i]) && (m is null || !m[i]);
        return r;
    }

    sealed class Stripe
    {
        public int Y0, Y1, Offset, Count;
        public int[] Start = [], End = [];
        public int[] RowFirst = [];   // local index of each row's first run, plus one sentinel

        public void Add(int s, int e)
        {
            if (Count == Start.Length)
            {
                Array.Resize(ref Start, Start.Length * 2);
                Array.Resize(ref End, End.Length * 2);
            }
            Start[Count] = s;
            End[Count] = e;
            Count++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe LabelImage Label(bool* mask, int width, int height, Connectivity connectivity)
    {
        // Runs [s, e) in consecutive rows touch when ps < e + reach and pe + reach > s.
        int reach = connectivity == Connectivity.Eight ? 1 : 0;
        int threads = RowParallel.Threads;
        int nStripes = (long)width * height < (1 << 16) || threads <= 1 ? 1 : Math.Min(height, threads * 2);
        var stripes = new Stripe[nStripes];
        for (int k = 0; k < nStripes; k++)
            stripes[k] = new Stripe { Y0 = (int)((long)height * k / nStripes), Y1 = (int)((long)height * (k + 1) / nStripes) };

        // Pass 1, in parallel stripes: runs of each row, and the union-find of the runs of the
        // stripe (parents in a stripe-local array, every parent smaller than its child).
        var localParents = new int[nStripes][];
        void Scan(int k)
        {
            var st = stripes[k];
            st.RowFirst = new int[st.Y1 - st.Y0 + 1];
            int est = Math.Max(1024, (int)Math.Min(int.MaxValue / 4, (long)(st.Y1 - st.Y0) * 32));
            st.Start = GC.AllocateUninitializedArray<int>(est);
            st.End = GC.AllocateUninitializedArray<int>(est);
            for (int y = st.Y0; y < st.Y1; y++)
            {
                st.RowFirst[y - st.Y0] = st.Count;
                FindRuns((byte*)(mask + (long)y * width), width, st);
            }
            st.RowFirst[st.Y1 - st.Y0] = st.Count;
            var parent = GC.AllocateUninitializedArray<int>(st.Count);
            for (int i = 0; i < parent.Length; i++) parent[i] = i;
            for (int r = 1; r < st.Y1 - st.Y0; r++)
                JoinRows(st.Start, st.End, parent, st.RowFirst[r - 1], st.RowFirst[r], st.RowFirst[r], st.RowFirst[r + 1], reach);
            localParents[k] = parent;
        }
        if (nStripes == 1) Scan(0);
        else Parallel.For(0, nStripes, new ParallelOptions { MaxDegreeOfParallelism = threads }, Scan);

        // Global run numbering: stripes in order, so that run order is raster order.
        int total = 0;
        foreach (var st in stripes) { st.Offset = total; total += st.Count; }
        var parents = GC.AllocateUninitializedArray<int>(total);
        for (int k = 0; k < nStripes; k++)
        {
            var src = localParents[k];
            int off = stripes[k].Offset;
            if (off == 0) src.CopyTo(parents, 0);
            else for (int i = 0; i < src.Length; i++) parents[off + i] = src[i] + off;
        }
        // Stitch the stripes: the last row of one with the first row of the next.
        for (int k = 1; k < nStripes; k++)
        {
            var a = stripes[k - 1];
            var b = stripes[k];
            int last = a.Y1 - 1 - a.Y0;
            JoinAcross(a, a.RowFirst[last], a.RowFirst[last + 1], b, b.RowFirst[0], b.RowFirst[1], parents, reach);
        }

        // Every parent is smaller than its child, so one forward pass turns parents into labels (in place).
        int count = 0;
        for (int i = 0; i < total; i++)
            parents[i] = parents[i] == i ? ++count : parents[parents[i]];

        var labels = GC.AllocateUninitializedArray<int>(width * height);
        void Paint(int k)
        {
            var st = stripes[k];
            fixed (int* lp = labels)
            {
                for (int y = st.Y0; y < st.Y1; y++)
                {
                    int* row = lp + (long)y * width;
                    new Span<int>(row, width).Clear();
                    for (int r = st.RowFirst[y - st.Y0], r1 = st.RowFirst[y - st.Y0 + 1]; r < r1; r++)
                    {
                        int label = parents[st.Offset + r];
                        for (int x = st.Start[r], e = st.End[r]; x < e; x++) row[x] = label;
                    }
                }
            }
        }
        if (nStripes == 1) Paint(0);
        else Parallel.For(0, nStripes, new ParallelOptions { MaxDegreeOfParallelism = threads }, Paint);
        return new LabelImage(width, height, labels, count);
    }

    /// <summary>Appends the runs of set pixels of one row: 64 pixels become one bit word (two 32-byte
    /// compares), and runs are read off the word's bit transitions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void FindRuns(byte* row, int width, Stripe st)
    {
        bool inRun = false;
        int runStart = 0;
        for (int x0 = 0; x0 < width; x0 += 64)
        {
            int n = Math.Min(64, width - x0);
            ulong bits;
            if (n == 64)
            {
                var zero = Vector256<byte>.Zero;
                uint lo = Vector256.Equals(Vector256.Load(row + x0), zero).ExtractMostSignificantBits();
                uint hi = Vector256.Equals(Vector256.Load(row + x0 + 32), zero).ExtractMostSignificantBits();
                bits = ~((ulong)hi << 32 | lo);
            }
            else
            {
                bits = 0;
                for (int i = 0; i < n; i++) if (row[x0 + i] != 0) bits |= 1UL << i;
            }
            while (true)
            {
                if (!inRun)
                {
                    if (bits == 0) break;
                    int t = System.Numerics.BitOperations.TrailingZeroCount(bits);
                    runStart = x0 + t;
                    inRun = true;
                    bits = ~bits & (~0UL << t);   // now the zero bits from the run start on
                }
                else bits = ~bits;
                // bits holds the unset pixels (beyond the row end counted as unset when n < 64).
                if (n < 64) bits |= ~0UL << n;
                if (bits == 0) break;            // the run goes on into the next word
                int e = System.Numerics.BitOperations.TrailingZeroCount(bits);
                st.Add(runStart, x0 + e);
                inRun = false;
                bits = ~bits & (~0UL << e);      // the set pixels after the run
                if (n < 64) bits &= (1UL << n) - 1;
            }
        }
        if (inRun) st.Add(runStart, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void JoinAcross(Stripe a, int p0, int p1, Stripe b, int c0, int c1, int[] parents, int reach)
    {
        int p = p0;
        for (int c = c0; c < c1 && p < p1; c++)
        {
            int cs = b.Start[c] - reach, ce = b.End[c] + reach;
            while (p < p1 && a.End[p] <= cs) p++;
            int q = p;
            while (q < p1 && a.Start[q] < ce)
            {
                Union(parents, a.Offset + q, b.Offset + c);
                q++;
            }
            if (q > p) p = q - 1;
        }
    }

    /// <summary>Unites the runs [p0, p1) of one row with the touching runs [c0, c1) of the next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void JoinRows(int[] start, int[] end, int[] parent, int p0, int p1, int c0, int c1, int reach)
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
