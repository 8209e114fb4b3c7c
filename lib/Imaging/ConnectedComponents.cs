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
        public int[] Start = [], End = [], Parent = [];
        public int[] RowFirst = [];   // local index of each row's first run, plus one sentinel

        public void Add(int s, int e)
        {
            if (Count == Start.Length)
            {
                int cap = Math.Max(1024, Count * 2);
                Array.Resize(ref Start, cap);
                Array.Resize(ref End, cap);
                Array.Resize(ref Parent, cap);
            }
            Start[Count] = s;
            End[Count] = e;
            Parent[Count] = Count;
            Count++;
        }
    }

    static unsafe LabelImage Label(bool* mask, int width, int height, Connectivity connectivity)
    {
        // Runs [s, e) in consecutive rows touch when ps < e + reach and pe + reach > s.
        int reach = connectivity == Connectivity.Eight ? 1 : 0;
        int threads = RowParallel.Threads;
        int nStripes = (long)width * height < (1 << 16) || threads <= 1 ? 1 : Math.Min(height, threads * 2);
        var stripes = new Stripe[nStripes];
        for (int k = 0; k < nStripes; k++)
            stripes[k] = new Stripe { Y0 = (int)((long)height * k / nStripes), Y1 = (int)((long)height * (k + 1) / nStripes) };

        void Scan(Stripe st)
        {
            st.RowFirst = new int[st.Y1 - st.Y0 + 1];
            int est = Math.Max(1024, (st.Y1 - st.Y0) * 8);
            st.Start = GC.AllocateUninitializedArray<int>(est);
            st.End = GC.AllocateUninitializedArray<int>(est);
            st.Parent = GC.AllocateUninitializedArray<int>(est);
            int prevFirst = 0, prevEnd = 0;
            for (int y = st.Y0; y < st.Y1; y++)
            {
                int first = st.Count;
                st.RowFirst[y - st.Y0] = first;
                byte* row = (byte*)(mask + (long)y * width);
                int x = 0;
                while (x < width)
                {
                    // Skip background eight pixels at a time.
                    while (x + 8 <= width && *(ulong*)(row + x) == 0) x += 8;
                    while (x < width && row[x] == 0) x++;
                    if (x >= width) break;
                    int s = x;
                    while (x + 8 <= width && *(ulong*)(row + x) == 0x0101010101010101UL) x += 8;
                    while (x < width && row[x] != 0) x++;
                    st.Add(s, x);
                }
                int end = st.Count;
                if (y > st.Y0) JoinRows(st.Start, st.End, st.Parent, prevFirst, prevEnd, first, end, reach);
                prevFirst = first;
                prevEnd = end;
            }
            st.RowFirst[st.Y1 - st.Y0] = st.Count;
        }

        if (nStripes == 1) Scan(stripes[0]);
        else Parallel.For(0, nStripes, new ParallelOptions { MaxDegreeOfParallelism = threads }, k => Scan(stripes[k]));

        // Global run numbering: stripes in order, so that run order is raster order.
        int total = 0;
        foreach (var st in stripes) { st.Offset = total; total += st.Count; }
        var start = GC.AllocateUninitializedArray<int>(total);
        var end_ = GC.AllocateUninitializedArray<int>(total);
        var parent = GC.AllocateUninitializedArray<int>(total);
        foreach (var st in stripes)
        {
            st.Start.AsSpan(0, st.Count).CopyTo(start.AsSpan(st.Offset));
            st.End.AsSpan(0, st.Count).CopyTo(end_.AsSpan(st.Offset));
            var dst = parent.AsSpan(st.Offset, st.Count);
            st.Parent.AsSpan(0, st.Count).CopyTo(dst);
            if (st.Offset != 0) for (int i = 0; i < dst.Length; i++) dst[i] += st.Offset;
        }
        for (int k = 1; k < nStripes; k++)
        {
            var a = stripes[k - 1];
            var b = stripes[k];
            int lastRow = a.Y1 - 1 - a.Y0;
            JoinRows(start, end_, parent, a.Offset + a.RowFirst[lastRow], a.Offset + a.RowFirst[lastRow + 1],
                     b.Offset + b.RowFirst[0], b.Offset + b.RowFirst[1], reach);
        }

        // Every parent points to a smaller index, so one forward pass resolves labels.
        var runLabel = GC.AllocateUninitializedArray<int>(total);
        int count = 0;
        for (int i = 0; i < total; i++)
            runLabel[i] = parent[i] == i ? ++count : runLabel[parent[i]];

        var labels = GC.AllocateUninitializedArray<int>(width * height);
        void Paint(Stripe st)
        {
            for (int y = st.Y0; y < st.Y1; y++)
            {
                var row = labels.AsSpan(y * width, width);
                int r0 = st.Offset + st.RowFirst[y - st.Y0], r1 = st.Offset + st.RowFirst[y - st.Y0 + 1];
                int x = 0;
                for (int r = r0; r < r1; r++)
                {
                    row[x..start[r]].Clear();
                    row[start[r]..end_[r]].Fill(runLabel[r]);
                    x = end_[r];
                }
                row[x..].Clear();
            }
        }
        if (nStripes == 1) Paint(stripes[0]);
        else Parallel.For(0, nStripes, new ParallelOptions { MaxDegreeOfParallelism = threads }, k => Paint(stripes[k]));
        return new LabelImage(width, height, labels, count);
    }

    /// <summary>Unites the runs [p0, p1) of one row with the touching runs [c0, c1) of the next.</summary>
    static void JoinRows(int[] start, int[] end, int[] parent, int p0, int p1, int c0, int c1, int reach)
    {
        int p = p0;
        for (int c = c0; c < c1 && p < p1; c++)
        {
            int cs = start[c] - reach, ce = end[c] + reach;
            // Previous-row runs that end before this run (plus reach) can touch no later run either.
            while (p < p1 && end[p] <= cs) p++;
            int q = p;
            while (q < p1 && start[q] < ce)
            {
                Union(parent, q, c);
                q++;
            }
            // The last touching run may also touch the next run of this row.
            if (q > p) p = q - 1;
        }
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
