using System.Text.Json;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Analysis;
using NotebookLib.Plotting;

namespace NotebookLib.Tests.Plotting;

public class FigureTests
{
    static JsonElement Json(Figure f) => JsonDocument.Parse(f.ToJson()).RootElement;
    static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
    static string[] Strings(JsonElement e) => e.EnumerateArray().Select(v => v.GetString()!).ToArray();
    static JsonElement[] Traces(JsonElement fig) => fig.GetProperty("data").EnumerateArray().ToArray();

    [Fact]
    public void Figure_json_has_plotly_shape_and_names()
    {
        var fig = new Figure(new Scatter { X = new[] { 1.0, 2, double.NaN }, Y = new[] { 0.1f, 0.2f, 0.3f }, Mode = "lines", Name = "a" })
            .WithTitle("T", "x title", "y title").WithLogY();
        var j = Json(fig);
        Assert.Equal(["data", "layout"], j.EnumerateObject().Select(p => p.Name).ToArray());
        var t = Traces(j)[0];
        Assert.Equal("scatter", t.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, t.GetProperty("x")[2].ValueKind);       // NaN → gap
        Assert.Equal("0.1", t.GetProperty("y")[0].GetRawText());                 // float32 written as float32
        Assert.False(t.TryGetProperty("marker", out _));                          // unset → left out
        var layout = j.GetProperty("layout");
        Assert.Equal("T", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("x title", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void Scatter_by_category_makes_one_trace_each_with_its_points_and_ids()
    {
        double[] x = [0, 1, 2, 3, 4, 5];
        double[] y = [10, 11, 12, 13, 14, 15];
        string[] cluster = ["2", "10", "2", "1", "10", "2"];
        string[] ids = ["a", "b", "c", "d", "e", "f"];
        var j = Json(Plot.Scatter(x, y, category: cluster, hoverText: ids));
        var traces = Traces(j);
        Assert.Equal(["1", "2", "10"], traces.Select(t => t.GetProperty("name").GetString()!).ToArray()); // numeric order
        Assert.Equal([0.0, 2, 5], Doubles(traces[1].GetProperty("x")));
        Assert.Equal([10.0, 12, 15], Doubles(traces[1].GetProperty("y")));
        Assert.Equal(["a", "c", "f"], Strings(traces[1].GetProperty("hovertext")));
        Assert.All(traces, t => Assert.Equal("scatter", t.GetProperty("type").GetString()));
        Assert.Equal(3, traces.Select(t => t.GetProperty("marker").GetProperty("color").GetString()).Distinct().Count());
    }

    [Fact]
    public void Large_scatters_use_webgl_and_value_colours_get_a_scale()
    {
        var n = Plot.WebGlThreshold;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var j = Json(Plot.Scatter(x, x, colorBy: x, colorTitle: "SNR"));
        var t = Traces(j).Single();
        Assert.Equal("scattergl", t.GetProperty("type").GetString());
        var marker = t.GetProperty("marker");
        Assert.Equal(n, marker.GetProperty("color").GetArrayLength());
        Assert.True(marker.GetProperty("showscale").GetBoolean());
        Assert.Equal("SNR", marker.GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("scatter", Traces(Json(Plot.Scatter([1.0], [2.0])))[0].GetProperty("type").GetString());
        var e = Assert.Throws<ArgumentException>(() => Plot.Scatter([1.0, 2], [1.0]));
        Assert.Contains("x has 2 values but y has 1", e.Message);
    }

    [Fact]
    public void Overlaid_histograms_share_bins_and_are_normalised()
    {
        double[] a = [0, 1, 2, 3], b = [5, 6, 7, 8, 9, 10];
        var j = Json(Plot.Histograms([("nominal", a), ("anomalous", b)], bins: 10));
        var traces = Traces(j);
        Assert.Equal(2, traces.Length);
        Assert.All(traces, t =>
        {
            Assert.Equal("histogram", t.GetProperty("type").GetString());
            Assert.Equal("probability density", t.GetProperty("histnorm").GetString());
            var bins = t.GetProperty("xbins");
            Assert.Equal(0, bins.GetProperty("start").GetDouble());
            Assert.Equal(1.0, bins.GetProperty("size").GetDouble(), 12);
            Assert.True(bins.GetProperty("end").GetDouble() > 10);
        });
        Assert.Equal(b, Doubles(traces[1].GetProperty("x")));
        Assert.Equal("overlay", j.GetProperty("layout").GetProperty("barmode").GetString());
    }

    [Fact]
    public void Bar_heatmap_box_and_violin_carry_their_data()
    {
        var bar = Traces(Json(Plot.Bar(["a", "b"], [3, 4])))[0];
        Assert.Equal("bar", bar.GetProperty("type").GetString());
        Assert.Equal(["a", "b"], Strings(bar.GetProperty("x")));
        var heat = Json(Plot.Heatmap(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, ["c1", "c2", "c3"], ["r1", "r2"]));
        var z = Traces(heat)[0].GetProperty("z");
        Assert.Equal([4.0, 5, 6], Doubles(z[1]));
        Assert.Equal("reversed", heat.GetProperty("layout").GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.Throws<ArgumentException>(() => Plot.Heatmap(new double[2, 3], ["only one"]));
        var box = Traces(Json(Plot.Box(("g1", [1.0, 2]), ("g2", [3.0]))));
        Assert.Equal(["box", "box"], box.Select(t => t.GetProperty("type").GetString()!).ToArray());
        var violin = Traces(Json(Plot.Violin(("g1", [1.0, 2, 3]))))[0];
        Assert.Equal("violin", violin.GetProperty("type").GetString());
        Assert.True(violin.GetProperty("box").GetProperty("visible").GetBoolean());
    }

    [Fact]
    public void Training_curves_mark_the_best_validation_epoch()
    {
        double[] train = [1.0, 0.5, 0.3, 0.2], val = [1.1, 0.6, 0.45, 0.5];
        var j = Json(Plot.TrainingCurves(train, val, logY: true));
        var traces = Traces(j);
        Assert.Equal([1.0, 2, 3, 4], Doubles(traces[0].GetProperty("x")));
        Assert.Equal(train, Doubles(traces[0].GetProperty("y")));
        Assert.Equal(val, Doubles(traces[1].GetProperty("y")));
        Assert.Equal([3.0], Doubles(traces[2].GetProperty("x")));
        Assert.Contains("epoch 3", traces[2].GetProperty("name").GetString());
        Assert.Equal("log", j.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Throws<ArgumentException>(() => Plot.TrainingCurves(train, [1.0]));
    }

    [Fact]
    public void Information_criteria_star_each_minimum_and_mark_the_bic_choice()
    {
        int[] k = [1, 2, 3, 4, 5];
        double[] aic = [100, 80, 70, 65, 66], bic = [105, 88, 82, 84, 90];
        var j = Json(Plot.InformationCriteria(k, aic, bic));
        var traces = Traces(j);
        Assert.Equal(["AIC", "BIC", "AIC minimum (4)", "BIC minimum (3)"], traces.Select(t => t.GetProperty("name").GetString()!).ToArray());
        Assert.Equal([3.0], Doubles(traces[3].GetProperty("x")));
        var shape = j.GetProperty("layout").GetProperty("shapes")[0];
        Assert.Equal(3, shape.GetProperty("x0").GetDouble());
    }

    [Fact]
    public void Score_distribution_draws_the_threshold()
    {
        var j = Json(Plot.ScoreDistribution([("real", [0.1, 0.2]), ("injected", [0.7, 0.9])], "output probability", threshold: 0.5));
        Assert.Equal(2, Traces(j).Length);
        var layout = j.GetProperty("layout");
        Assert.Equal(0.5, layout.GetProperty("shapes")[0].GetProperty("x0").GetDouble());
        Assert.Contains("0.5", layout.GetProperty("annotations")[0].GetProperty("text").GetString());
        Assert.Equal("output probability", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Embeddings_colour_by_cluster_or_by_value()
    {
        double[] x = [0, 1, 2, 3], y = [3, 2, 1, 0];
        var byCluster = Json(Plot.Embedding(x, y, [0, 1, 0, 1], ids: ["s0", "s1", "s2", "s3"]));
        Assert.Equal(["0", "1"], Traces(byCluster).Select(t => t.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(["s1", "s3"], Strings(Traces(byCluster)[1].GetProperty("hovertext")));
        Assert.Equal("UMAP 1", byCluster.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        var bySnr = Json(Plot.Embedding(x, y, [5.0, 10, 20, 40], "SNR", method: "t-SNE"));
        var marker = Traces(bySnr).Single().GetProperty("marker");
        Assert.Equal([5.0, 10, 20, 40], Doubles(marker.GetProperty("color")));
        Assert.Equal("t-SNE 2", bySnr.GetProperty("layout").GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Embeddings_come_straight_from_an_estimators_float_matrix()
    {
        var emb = new float[,] { { 0.5f, 1 }, { 2, 3 }, { 4, 5 } };
        var j = Json(Plot.Embedding(emb, ["a", "b", "a"]));
        var a = Traces(j)[0];
        Assert.Equal([0.5, 4], Doubles(a.GetProperty("x")));
        Assert.Equal([1.0, 5], Doubles(a.GetProperty("y")));
        var e = Assert.Throws<ArgumentException>(() => Plot.Embedding(new float[3, 1], [1, 2, 3]));
        Assert.Contains("3×1", e.Message);
        e = Assert.Throws<ArgumentException>(() => Plot.Embedding(emb, [0.1, 0.2], "probability"));
        Assert.Contains("x has 3 values but colorBy has 2", e.Message);
    }

    [Fact]
    public void Confusion_matrix_shows_counts_and_percentages_of_the_true_class()
    {
        // One confusion-matrix type (lib/Analysis), drawn and shown by lib/Plotting.
        var matrix = Metrics.ConfusionMatrix([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
                                             [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1], classNames: ["bogus", "real"]);
        Assert.Equal(new long[,] { { 8, 2 }, { 1, 9 } }, matrix.Counts);
        var t = Traces(Json(Plot.ConfusionMatrix(matrix)))[0];
        Assert.Equal("heatmap", t.GetProperty("type").GetString());
        Assert.Equal([0.8, 0.2], Doubles(t.GetProperty("z")[0]));
        Assert.Equal("1<br>10.0%", t.GetProperty("text")[1][0].GetString());
        Assert.Equal("%{text}", t.GetProperty("texttemplate").GetString());
        Assert.Equal(["bogus", "real"], t.GetProperty("x").EnumerateArray().Select(v => v.GetString()));
        var e = Assert.Throws<ArgumentException>(() => new ConfusionMatrix([0, 1], new long[1, 2]));
        Assert.Contains("2×2", e.Message);
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix([0, 1], new long[2, 2], ["only one"]));
        Assert.Equal(0.85, matrix.Accuracy, 12);
        var html = matrix.ToDisplayString("text/html");
        Assert.Contains("10.0%", html);
        Assert.Contains("<th>bogus</th>", html);
        Assert.Contains("accuracy 85.0% of 20", html);
        Assert.Contains("accuracy 85.0% of 20", matrix.ToDisplayString("text/plain"));
    }

    [Fact]
    public void Subplots_give_each_panel_its_own_axes_and_title()
    {
        var a = Plot.Line([1.0, 2, 3]).WithTitle("loss", "epoch", "loss").WithLogY();
        var b = Plot.Histogram([1.0, 2, 2, 3]).WithTitle("scores");
        var c = Plot.Bar(["x"], [1.0]).WithTitle("counts");
        var j = Json(Figure.Subplots(2, 2, a, b, c));
        var traces = Traces(j);
        Assert.Equal(["x", "x2", "x3"], traces.Select(t => t.GetProperty("xaxis").GetString()!).ToArray());
        Assert.Equal(["y", "y2", "y3"], traces.Select(t => t.GetProperty("yaxis").GetString()!).ToArray());
        var layout = j.GetProperty("layout");
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("y2", layout.GetProperty("xaxis2").GetProperty("anchor").GetString());
        var d1 = Doubles(layout.GetProperty("xaxis").GetProperty("domain"));
        var d2 = Doubles(layout.GetProperty("xaxis2").GetProperty("domain"));
        Assert.True(d1[1] < d2[0], "panels 1 and 2 overlap");
        var y3 = Doubles(layout.GetProperty("yaxis3").GetProperty("domain"));
        var y1 = Doubles(layout.GetProperty("yaxis").GetProperty("domain"));
        Assert.True(y3[1] < y1[0], "row 2 is not below row 1");
        Assert.Equal(["loss", "scores", "counts"], layout.GetProperty("annotations").EnumerateArray().Select(x => x.GetProperty("text").GetString()!).ToArray());
        // Unnamed single traces stay out of the legend.
        Assert.All(traces, t => Assert.False(t.GetProperty("showlegend").GetBoolean()));
        Assert.Throws<ArgumentException>(() => Figure.Subplots(1, 1, a, b));
    }

    [Fact]
    public void Extra_attributes_are_written_as_given()
    {
        var t = new Scatter { X = new[] { 1 }, Y = new[] { 2 } };
        t.Set("cliponaxis", false);
        var fig = new Figure(t);
        fig.Layout.Extra = new() { ["paper_bgcolor"] = "#eee" };
        var j = Json(fig);
        Assert.False(Traces(j)[0].GetProperty("cliponaxis").GetBoolean());
        Assert.Equal("#eee", j.GetProperty("layout").GetProperty("paper_bgcolor").GetString());
    }
}
