using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Plotting;

namespace NotebookLib.Tests.Plotting;

[Collection("plotly.js inclusion")]
public class TableTests
{
    record Source(string Id, double Flux, int Cluster);

    [Fact]
    public void Records_become_columns_and_the_row_limit_is_reported()
    {
        var rows = Enumerable.Range(0, 120).Select(i => new Source($"<s{i}>", i * 0.5, i % 3));
        var t = RecordTable.From(rows, maxRows: 10);
        Assert.Equal(["Id", "Flux", "Cluster"], t.Columns);
        Assert.Equal(10, t.Rows.Count);
        Assert.Equal(120, t.TotalRows);
        var html = t.ToHtml();
        Assert.Contains("<th>Flux</th>", html);
        Assert.Contains("&lt;s3&gt;", html);          // escaped
        Assert.DoesNotContain("<s3>", html);
        Assert.Contains("10 of 120 rows shown", html);
        Assert.Equal(11, html.Split("<tr>").Length - 1); // header + 10 rows
        Assert.Contains("(10 of 120 rows shown)", t.ToString());
    }

    [Fact]
    public void Scalars_and_single_records_have_sensible_columns()
    {
        Assert.Equal(["value"], RecordTable.From(new[] { 1.5, 2.5 }).Columns);
        var one = RecordTable.Of(new Source("a", 1.25, 2));
        Assert.Equal(["property", "value"], one.Columns);
        Assert.Equal(["Flux", 1.25], one.Rows[1]);
        var named = RecordTable.Of("GMM", ("components", 4), ("BIC", -1234.5678901));
        Assert.Contains("<td>-1234.57</td>", named.ToHtml());
    }

    [Fact]
    public void Formatters_give_notebooks_the_right_mime_types()
    {
        var fig = Plot.Line([1.0, 2]);
        Assert.Equal(["application/vnd.plotly.v1+json", "text/html", "text/plain"], Formatter.GetPreferredMimeTypesFor(typeof(Figure)));
        var json = fig.ToDisplayString("application/vnd.plotly.v1+json");
        Assert.Equal(fig.ToJson(), json);
        var html = fig.ToDisplayString("text/html");
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("class=\"notebooklib-plot\"", html);

        var img = new RgbImage(3, 2, Color.Red);
        Assert.Equal(["image/png", "text/plain"], Formatter.GetPreferredMimeTypesFor(typeof(RgbImage)));
        Assert.Equal(img.ToPng(), Convert.FromBase64String(img.ToDisplayString("image/png")));

        Assert.Contains("<table", RecordTable.From(new[] { 1 }).ToDisplayString("text/html"));
        Assert.Contains("accuracy", new NotebookLib.Analysis.ConfusionMatrix([0, 1], new long[,] { { 1, 0 }, { 0, 1 } }, ["a", "b"]).ToDisplayString("text/html"));
        Assert.Equal(["text/html", "text/plain"], Formatter.GetPreferredMimeTypesFor(typeof(ProgressSnapshot)));
    }
}
