using System.Text.Json;
using NotebookLib.Plotting;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Plotting;

public class DendrogramTests
{
    // scipy builds the linkage from random points and lays out its dendrogram: the oracle for ours.
    const string Scipy = """
        import sys, json, numpy as np
        from scipy.cluster.hierarchy import linkage, dendrogram
        rng = np.random.default_rng(int(sys.argv[1]))
        n = int(sys.argv[2])
        centres = rng.normal(0, 6, size=(4, 3))
        pts = centres[rng.integers(0, 4, n)] + rng.normal(0, 1, size=(n, 3))
        Z = linkage(pts, method=sys.argv[3])
        d = dendrogram(Z, no_plot=True, labels=["s%d" % i for i in range(n)])
        print(json.dumps({"Z": Z.tolist(), "icoord": d["icoord"], "dcoord": d["dcoord"], "ivl": d["ivl"],
                          "leaves": [int(v) for v in d["leaves"]], "colors": d["color_list"]}))
        """;

    [Theory]
    [InlineData(1, 12, "ward")]
    [InlineData(2, 40, "average")]
    [InlineData(3, 2, "single")]
    public void Layout_matches_scipy_dendrogram(int seed, int n, string method)
    {
        using var doc = JsonDocument.Parse(Repo.RunPython(Scipy, seed.ToString(), n.ToString(), method));
        var r = doc.RootElement;
        var z = r.GetProperty("Z").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => $"s{i}").ToArray();
        var d = DendrogramLayout.Compute(z, labels);

        static double[][] Rows(JsonElement e) => e.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(Rows(r.GetProperty("icoord")), d.ICoord);
        Assert.Equal(Rows(r.GetProperty("dcoord")), d.DCoord);
        Assert.Equal(r.GetProperty("ivl").EnumerateArray().Select(v => v.GetString()!), d.LeafLabels);
        Assert.Equal(r.GetProperty("leaves").EnumerateArray().Select(v => v.GetInt32()), d.Leaves);
        Assert.Equal(r.GetProperty("colors").EnumerateArray().Select(v => v.GetString()!), d.ColorList);

        // The figure draws every link once: 4 points per link plus a gap between links of a colour.
        var fig = JsonDocument.Parse(Plot.Dendrogram(z, labels).ToJson()).RootElement;
        var points = fig.GetProperty("data").EnumerateArray().Sum(t => t.GetProperty("x").GetArrayLength() + 1);
        Assert.Equal(5 * (n - 1), points);
        Assert.Equal(d.LeafLabels, fig.GetProperty("layout").GetProperty("xaxis").GetProperty("ticktext").EnumerateArray().Select(v => v.GetString()!));
    }

    [Fact]
    public void Malformed_linkage_is_rejected_with_the_row()
    {
        var e = Assert.Throws<ArgumentException>(() => DendrogramLayout.Compute([[0, 1, 1, 2], [0, 5, 2, 3]]));
        Assert.Contains("row 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => DendrogramLayout.Compute([[0, 1, 1]]));
        Assert.Contains("[a, b, distance, count]", e.Message);
        e = Assert.Throws<ArgumentException>(() => DendrogramLayout.Compute([[0, 1, 1, 2]], ["only one"]));
        Assert.Contains("1 labels for 2 observations", e.Message);
    }
}
