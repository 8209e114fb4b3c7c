namespace NotebookLib.Analysis;

/// <summary>A 2-D Barnes-Hut tree over embedding points: each cell keeps its point count and
/// centre of mass, so far-away groups of points act as one body in t-SNE's repulsive forces.
/// What the force walk reads of a cell sits in one struct (one cache line per visit, not one per
/// field), and the arrays are kept from one <see cref="Build"/> to the next: t-SNE rebuilds the
/// tree every iteration.</summary>
internal sealed class QuadTree
{
    struct Cell
    {
        // centre of mass (a sum of positions until Build finishes), squared width, points,
        // first of 4 consecutive children or −1, the point of a one-point leaf or −1
        public double Mx, My, Width2;
        public int Count, Child, Point;
    }

    Cell[] cells = new Cell[256];
    double[] cx = new double[256], cy = new double[256], half = new double[256]; // bounds, for inserting
    int used;
    double[] y = [];
    const int MaxDepth = 50;

    public QuadTree() { }

    public QuadTree(double[] y, int n) => Build(y, n);

    public void Build(double[] y, int n)
    {
        this.y = y; used = 0;
        if (sameLeaf.Length != n) sameLeaf = new int[n];
        Array.Fill(sameLeaf, -1);
        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = x0, y1 = x1;
        for (int i = 0; i < n; i++) { x0 = Math.Min(x0, y[2 * i]); x1 = Math.Max(x1, y[2 * i]); y0 = Math.Min(y0, y[2 * i + 1]); y1 = Math.Max(y1, y[2 * i + 1]); }
        double h = Math.Max(x1 - x0, y1 - y0) / 2 * (1 + 1e-3) + 1e-5;
        NewCell((x0 + x1) / 2, (y0 + y1) / 2, h);
        for (int i = 0; i < n; i++) Insert(i);
        for (int c = 0; c < used; c++)
        {
            ref var cell = ref cells[c];
            if (cell.Count > 1) { cell.Mx /= cell.Count; cell.My /= cell.Count; }
        }
        if (order.Length != n) { order = new int[n]; Order = order; }
        int next = 0;
        Collect(0, ref next);
    }

    /// <summary>The points in depth-first leaf order: neighbours in the plane come one after the
    /// other, so that consecutive force walks reuse the same cells from cache.</summary>
    public int[] Order { get; private set; } = [];
    int[] order = [], sameLeaf = [];

    void Collect(int c, ref int next)
    {
        ref var cell = ref cells[c];
        if (cell.Count == 0) return;
        if (cell.Child < 0)
        {
            for (int p = cell.Point; p >= 0; p = sameLeaf[p]) order[next++] = p;
            return;
        }
        for (int k = 0; k < 4; k++) Collect(cell.Child + k, ref next);
    }

    int NewCell(double x, double yy, double h)
    {
        if (used == cells.Length)
        {
            Array.Resize(ref cells, 2 * used); Array.Resize(ref cx, 2 * used);
            Array.Resize(ref cy, 2 * used); Array.Resize(ref half, 2 * used);
        }
        cx[used] = x; cy[used] = yy; half[used] = h;
        cells[used] = new Cell { Width2 = 4 * h * h, Child = -1, Point = -1 };
        return used++;
    }

    void Insert(int i)
    {
        double px = y[2 * i], py = y[2 * i + 1];
        int cell = 0;
        for (int depth = 0; ; depth++)
        {
            int c = cells[cell].Count;
            cells[cell].Mx += px; cells[cell].My += py; cells[cell].Count = c + 1;
            if (cells[cell].Child < 0)
            {
                if (c == 0) { cells[cell].Point = i; return; }
                // coincident points stay together in one leaf, chained from its Point
                if (depth >= MaxDepth) { sameLeaf[i] = cells[cell].Point; cells[cell].Point = i; return; }
                // split: move the resident point down, then continue with the new one
                int resident = cells[cell].Point; cells[cell].Point = -1;
                double h = half[cell] / 2; double ccx = cx[cell], ccy = cy[cell];
                int first = used;
                for (int q = 0; q < 4; q++) NewCell(ccx + ((q & 1) == 0 ? -h : h), ccy + ((q & 2) == 0 ? -h : h), h);
                cells[cell].Child = first;
                if (resident >= 0)
                {
                    double rx = y[2 * resident], ry = y[2 * resident + 1];
                    ref var target = ref cells[first + Quadrant(cell, rx, ry)];
                    target.Mx = rx; target.My = ry; target.Count = 1; target.Point = resident;
                }
            }
            cell = cells[cell].Child + Quadrant(cell, px, py);
        }
    }

    int Quadrant(int cell, double px, double py) => (px >= cx[cell] ? 1 : 0) | (py >= cy[cell] ? 2 : 0);

    /// <summary>Adds Σⱼ qᵢⱼ² (yᵢ − yⱼ) to (fx, fy) and returns Σⱼ qᵢⱼ, qᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²), j ≠ i,
    /// summarising cells whose width over distance is below <paramref name="theta"/>.</summary>
    public double Repulsion(int i, double theta, ref double fx, ref double fy)
    {
        double px = y[2 * i], py = y[2 * i + 1], z = 0, theta2 = theta * theta;
        var all = cells;
        Span<int> stack = stackalloc int[4 * MaxDepth + 8]; int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            ref readonly var cell = ref all[stack[--top]];
            int c = cell.Count; if (c == 0) continue;
            bool leaf = cell.Child < 0;
            if (leaf && cell.Point == i && c == 1) continue;
            double dx = px - cell.Mx, dy = py - cell.My, d2 = dx * dx + dy * dy;
            if (leaf || cell.Width2 < theta2 * d2)
            {
                int m = c;
                // a deep leaf of coincident points that holds i too: i does not repel itself
                if (leaf && d2 == 0) m = c - 1;
                double q = 1 / (1 + d2), mq = m * q;
                z += mq; fx += mq * q * dx; fy += mq * q * dy;
                continue;
            }
            int f = cell.Child;
            for (int k = f; k < f + 4; k++) if (all[k].Count != 0) stack[top++] = k;
        }
        return z;
    }
}
