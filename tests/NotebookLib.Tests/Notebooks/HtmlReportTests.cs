using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

public class HtmlReportTests
{
    const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    static Notebook Executed()
    {
        var cell = NotebookCell.Code("show()");
        cell.ExecutionCount = 1;
        var plot = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "scatter", ["x"] = new JsonArray(1, 2), ["y"] = new JsonArray(3, 4) }), ["layout"] = new JsonObject() };
        cell.Outputs.Add(new StreamOutput("stdout", "a < b & c\n"));
        cell.Outputs.Add(new DisplayOutput(new JsonObject { [HtmlReport.PlotlyMime] = plot, ["text/html"] = "<div>fallback</div>" }, new JsonObject()));
        cell.Outputs.Add(new DisplayOutput(new JsonObject { [HtmlReport.PlotlyMime] = plot.DeepClone(), ["text/plain"] = "fig" }, new JsonObject()));
        cell.Outputs.Add(new DisplayOutput(new JsonObject { ["image/png"] = Png, ["text/plain"] = "img" }, new JsonObject()));
        cell.Outputs.Add(new DisplayOutput(new JsonObject { ["text/html"] = "<table><tr><td>cell-html</td></tr></table>", ["text/plain"] = "t" }, new JsonObject()));
        cell.Outputs.Add(new DisplayOutput(new JsonObject { ["text/plain"] = "forty-two" }, new JsonObject(), ExecutionCount: 1, IsResult: true));
        cell.Outputs.Add(new ErrorOutput("InvalidOperationException", "cell 2, line 1: boom", ["head", "   at Somewhere()"]));
        return Notebook.Create(NotebookCell.Markdown("# Persistence\nSome **bold** words."), cell);
    }

    [Fact]
    public void The_report_holds_every_output_and_inlines_plotly_once()
    {
        var html = HtmlReport.Render(Executed(), "report", PlotlyStub());
        Assert.Contains("<h1 id=\"persistence\">Persistence</h1>", html);
        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("show()", html);
        Assert.Contains("a &lt; b &amp; c", html);
        Assert.Equal(2, Regex.Matches(html, "Plotly.newPlot\\('plot-\\d'").Count);
        Assert.Single(Regex.Matches(html, "PLOTLY-STUB-MARKER"));
        Assert.DoesNotContain("fallback", html);
        Assert.Contains($"src=\"data:image/png;base64,{Png}\"", html);
        Assert.Contains("<td>cell-html</td>", html);
        Assert.Contains("Out [1]", html);
        Assert.Contains("forty-two", html);
        Assert.Contains("InvalidOperationException", html);
        Assert.Contains("cell 2, line 1: boom", html);
    }

    [Fact]
    public void Without_figures_plotly_is_not_needed()
    {
        var nb = NotebookHarness.Make("1");
        var html = HtmlReport.Render(nb, "t", "/nonexistent/plotly.js");
        Assert.DoesNotContain("Plotly.newPlot", html);
    }

    [Fact]
    public void A_missing_plotly_is_a_clear_error_and_leaves_an_earlier_report_in_place()
    {
        var dir = Repo.TempDir("report");
        var path = Path.Combine(dir, "r.html");
        File.WriteAllText(path, "earlier good report");
        var e = Assert.Throws<FileNotFoundException>(() => HtmlReport.Write(Executed(), path, plotlyPath: "/nonexistent/plotly.js"));
        Assert.Contains("./nb setup", e.Message);
        Assert.Equal("earlier good report", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void The_installed_plotly_is_found_from_environment_json()
    {
        Assert.True(File.Exists(HtmlReport.DefaultPlotlyPath), HtmlReport.DefaultPlotlyPath);
    }

    static string PlotlyStub()
    {
        var path = Path.Combine(Repo.TempDir("plotly"), "plotly.min.js");
        File.WriteAllText(path, "/* PLOTLY-STUB-MARKER */ window.Plotly = {newPlot: function(){}};");
        return path;
    }
}
