namespace NotebookLib.Analysis;

/// <summary>A 2-D Barnes-Hut tree over embedding points: each cell keeps its point count and
/// centre of mass, so far-away groups of points act as one body in t-SNE's repulsive forces.</summary>
internal sealed class QuadTree
{
    // cell arrays: bounds (centre, half width), mass, centre of mass, first child (4 consecutive) or -1, the point of a leaf
    readonly List<double> cx = [], cy = [], half = [], mx = [], my = [];
    readonly List<int> count = [], child = [], point = [];
    readonly double[] y;
    const int MaxDepth = 50;

    public QuadTree(double[] y, int n)
    {
        this.y = y;
        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = x0, y1 = x1;
        for (int i = 0; i < n; i++) { x0 = Math.Min(x0, y[2 * i]); x1 = Math.Max(x1, y[2 * i]); y0 = Math.Min(y0, y[2 * i + 1]); y1 = Math.Max(y1, y[2 * i + 1]); }
        double h = Math.Max(x1 - x0, y1 - y0) / 2 * (1 + 1e-3) + 1e-5;
        NewCell((x0 + x1) / 2, (y0 + y1) / 2, h);
        for (int i = 0; i < n; i++) Insert(0, i, 0);
    }

    int NewCell(double x, double yy, double h)
    {
        cx.Add(x); cy.Add(yy); half.Add(h); mx.Add(0); my.Add(0); count.Add(0); child.Add(-1); point.Add(-1);
        return cx.Count - 1;
    }

    void Insert(int cell, int i, int depth)
    {
        double px = y[2 * i], py = y[2 * i + 1];
        while (true)
        {
            int c = count[cell];
            mx[cell] = (mx[cell] * c + px) / (c + 1); my[cell] = (my[cell] * c + py) / (c + 1); count[cell] = c + 1;
            if (child[cell] < 0)
            {
                if (c == 0) { point[cell] = i; return; }
                if (depth >= MaxDepth) return; // coincident points stay together in one leaf
                // split: move the resident point down, then continue with the new one
                int resident = point[cell]; point[cell] = -1;
                double h = half[cell] / 2; int first = cx.Count;
                for (int q = 0; q < 4; q++) NewCell(cx[cell] + ((q & 1) == 0 ? -h : h), cy[cell] + ((q & 2) == 0 ? -h : h), h);
                child[cell] = first;
                if (resident >= 0)
                {
                    int rc = Quadrant(cell, y[2 * resident], y[2 * resident + 1]);
                    var target = first + rc;
                    mx[target] = y[2 * resident]; my[target] = y[2 * resident + 1]; count[target] = 1; point[target] = resident;
                }
            }
            cell = child[cell] + Quadrant(cell, px, py); depth++;
        }
    }

    int Quadrant(int cell, double px, double py) => (px >= cx[cell] ? 1 : 0) | (py >= cy[cell] ? 2 : 0);

    /// <summary>Adds Σⱼ qᵢⱼ² (yᵢ − yⱼ) to (fx, fy) and returns Σⱼ qᵢⱼ, qᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²), j ≠ i,
    /// summarising cells whose width over distance is below <paramref name="theta"/>.</summary>
    public double Repulsion(int i, double theta, ref double fx, ref double fy)
    {
        double px = y[2 * i], py = y[2 * i + 1], z = 0;
        Span<int> stack = stackalloc int[4 * MaxDepth + 8]; int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int cell = stack[--top];
            int c = count[cell]; if (c == 0) continue;
            if (child[cell] < 0 && point[cell] == i && c == 1) continue;
            double dx = px - mx[cell], dy = py - my[cell], d2 = dx * dx + dy * dy;
            if (child[cell] < 0 || 2 * half[cell] * 2 * half[cell] < theta * theta * d2)
            {
                int m = c;
                if (child[cell] < 0 && d2 == 0) m = c - (ContainsPoint(cell, i) ? 1 : 0);
                double q = 1 / (1 + d2), mq = m * q;
                z += mq; fx += mq * q * dx; fy += mq * q * dy;
                continue;
            }
            int f = child[cell];
            for (int k = 0; k < 4; k++) stack[top++] = f + k;
        }
        return z;
    }

    bool ContainsPoint(int cell, int i) => y[2 * i] == mx[cell] && y[2 * i + 1] == my[cell];
}
