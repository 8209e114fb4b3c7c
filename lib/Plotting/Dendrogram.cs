using System.Globalization;

namespace NotebookLib.Plotting;

/// <summary>
/// The drawing of a dendrogram, computed from a scipy-format linkage matrix exactly as
/// scipy.cluster.hierarchy.dendrogram(Z, no_plot=True) does: leaves at x = 5, 15, 25, …; one
/// U-shaped link per merge (four x and four heights); links below the colour threshold coloured by
/// subtree ("C1", "C2", … of matplotlib's cycle), those above in "C0".
/// </summary>
public sealed class DendrogramLayout
{
    /// <summary>Matplotlib's default colour cycle, which scipy's "C0"…"C9" name.</summary>
    public static readonly string[] ColorCycle = Plot.Palette;

    public required IReadOnlyList<double[]> ICoord { get; init; }
    public required IReadOnlyList<double[]> DCoord { get; init; }
    /// <summary>Observation indices in the order they are drawn, left to right.</summary>
    public required IReadOnlyList<int> Leaves { get; init; }
    /// <summary>Leaf labels in drawing order (the given labels, or the indices).</summary>
    public required IReadOnlyList<string> LeafLabels { get; init; }
    /// <summary>Colour of each link: "C0" above the threshold, "C1"… for subtrees below it.</summary>
    public required IReadOnlyList<string> ColorList { get; init; }
    public required double ColorThreshold { get; init; }

    /// <summary>
    /// Lays out linkage matrix <paramref name="linkage"/>: n − 1 rows of [a, b, distance, count], where
    /// a and b are observations (&lt; n) or earlier merges (n + row). The colour threshold defaults to
    /// 0.7 × the largest distance, as in scipy.
    /// </summary>
    public static DendrogramLayout Compute(double[][] linkage, IReadOnlyList<string>? labels = null, double? colorThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(linkage);
        if (linkage.Length == 0) throw new ArgumentException("the linkage matrix is empty: it needs n − 1 rows for n ≥ 2 observations", nameof(linkage));
        var n = linkage.Length + 1;
        for (var r = 0; r < linkage.Length; r++)
        {
            var row = linkage[r];
            if (row is null || row.Length != 4)
                throw new ArgumentException($"linkage row {r} has {row?.Length ?? 0} values: each row is [a, b, distance, count]", nameof(linkage));
            for (var k = 0; k < 2; k++)
                if (row[k] < 0 || row[k] >= n + r || row[k] != Math.Floor(row[k]))
                    throw new ArgumentException($"linkage row {r} joins cluster {row[k]}, but only clusters 0 … {n + r - 1} exist by then", nameof(linkage));
            if (!double.IsFinite(row[2]) || row[2] < 0)
                throw new ArgumentException($"linkage row {r} has distance {row[2]}: distances must be finite and non-negative", nameof(linkage));
        }
        if (labels is not null && labels.Count != n)
            throw new ArgumentException($"{labels.Count} labels for {n} observations (the linkage matrix has {linkage.Length} rows)", nameof(labels));

        var threshold = colorThreshold ?? 0.7 * linkage.Max(r => r[2]);
        var icoord = new List<double[]>();
        var dcoord = new List<double[]>();
        var colors = new List<string>();
        var leaves = new List<int>();
        var currentColor = 0;
        var belowThreshold = false;

        // Returns (centre x, width, height) of cluster i drawn from x = iv, as scipy's _dendrogram_calculate_info.
        (double Center, double Width, double Height) Walk(int i, double iv)
        {
            if (i < n)
            {
                leaves.Add(i);
                return (iv + 5.0, 10.0, 0.0);
            }
            var row = linkage[i - n];
            int a = (int)row[0], b = (int)row[1];
            var (ca, wa, ha) = Walk(a, iv);
            var h = row[2];
            string c;
            if (h >= threshold || threshold <= 0)
            {
                c = "C0";
                if (belowThreshold) currentColor = (currentColor + 1) % 9;
                belowThreshold = false;
            }
            else
            {
                belowThreshold = true;
                c = "C" + (currentColor + 1).ToString(CultureInfo.InvariantCulture);
            }
            var (cb, wb, hb) = Walk(b, iv + wa);
            icoord.Add([ca, ca, cb, cb]);
            dcoord.Add([ha, h, h, hb]);
            colors.Add(c);
            return ((ca + cb) / 2, wa + wb, h);
        }

        Walk(2 * n - 2, 0);
        return new DendrogramLayout
        {
            ICoord = icoord,
            DCoord = dcoord,
            Leaves = leaves,
            ColorList = colors,
            ColorThreshold = threshold,
            LeafLabels = leaves.Select(l => labels?[l] ?? l.ToString(CultureInfo.InvariantCulture)).ToList(),
        };
    }
}

public static partial class Plot
{
    /// <summary>
    /// A dendrogram from a scipy-format linkage matrix (n − 1 rows of [a, b, distance, count]): links
    /// coloured as scipy colours them, leaves labelled along the x axis.
    /// </summary>
    /// <summary>A dendrogram from a fitted AgglomerativeClustering's (n − 1) × 4 linkage matrix.</summary>
    public static Figure Dendrogram(double[,] linkage, IReadOnlyList<string>? labels = null, double? colorThreshold = null,
        IReadOnlyList<string>? leafGroups = null) =>
        Dendrogram(Enumerable.Range(0, linkage.GetLength(0)).Select(i => Enumerable.Range(0, linkage.GetLength(1)).Select(j => linkage[i, j]).ToArray()).ToArray(),
            labels, colorThreshold, leafGroups);

    /// <remarks>With <paramref name="leafGroups"/> (one name per sample, e.g. its true type) each leaf also gets a marker
    /// coloured by its group, with a legend: whether the tree's branches follow the groups shows at a glance.</remarks>
    public static Figure Dendrogram(double[][] linkage, IReadOnlyList<string>? labels = null, double? colorThreshold = null,
        IReadOnlyList<string>? leafGroups = null)
    {
        var d = DendrogramLayout.Compute(linkage, labels, colorThreshold);
        if (leafGroups is not null && leafGroups.Count != d.Leaves.Count)
            throw new ArgumentException($"{leafGroups.Count} leaf groups for a tree of {d.Leaves.Count} leaves");
        var fig = new Figure();
        // One trace per colour; links separated by gaps (null), so that thousands of links stay a few traces.
        foreach (var color in d.ColorList.Distinct().OrderBy(c => c, StringComparer.Ordinal))
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var k = 0; k < d.ColorList.Count; k++)
            {
                if (d.ColorList[k] != color) continue;
                if (xs.Count > 0) { xs.Add(double.NaN); ys.Add(double.NaN); }
                xs.AddRange(d.ICoord[k]);
                ys.AddRange(d.DCoord[k]);
            }
            var hex = DendrogramLayout.ColorCycle[int.Parse(color[1..], CultureInfo.InvariantCulture) % 10];
            fig.Add(new Scatter { X = xs, Y = ys, Mode = "lines", Name = color == "C0" ? "above threshold" : "cluster " + color[1..], Line = new LineStyle { Color = hex, Width = 1.5 }, HoverTemplate = "distance %{y}<extra></extra>" });
        }
        var ticks = Enumerable.Range(0, d.Leaves.Count).Select(i => 5.0 + 10 * i).ToArray();
        var ax = fig.XAxis();
        ax.TickVals = ticks;
        ax.TickText = d.LeafLabels;
        ax.ShowGrid = false;
        ax.ZeroLine = false;
        ax.Range = [0, 10.0 * d.Leaves.Count];
        fig.WithTitle("Dendrogram", null, "distance");
        fig.Layout.ShowLegend = false;
        if (leafGroups is null) return fig;
        // Markers just below the leaves (the lowest link is at its merge distance, ≥ 0), one trace per group.
        var top = d.DCoord.SelectMany(c => c).DefaultIfEmpty(1).Max();
        var names = leafGroups.Distinct().Order(StringComparer.Ordinal).ToList();
        for (var g = 0; g < names.Count; g++)
        {
            var at = Enumerable.Range(0, d.Leaves.Count).Where(i => leafGroups[d.Leaves[i]] == names[g]).ToList();
            fig.Add(new Scatter
            {
                X = at.Select(i => ticks[i]).ToArray(),
                Y = at.Select(_ => -0.03 * top).ToArray(),
                Mode = "markers",
                Name = names[g],
                Marker = new Marker { Color = Palette[g % Palette.Length], Size = 7, Symbol = "square" },
                Text = at.Select(i => d.LeafLabels[i]).ToArray(),
                HoverTemplate = "%{text}<extra>" + names[g] + "</extra>",
            });
        }
        fig.Layout.ShowLegend = true;
        return fig;
    }
}
