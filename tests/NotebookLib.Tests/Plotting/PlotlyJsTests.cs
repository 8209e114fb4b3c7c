using NotebookLib.Plotting;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Plotting;

/// <summary>Tests that format figures as text/html share PlotlyJs's process-wide inclusion state.</summary>
[CollectionDefinition("plotly.js inclusion", DisableParallelization = true)]
public class PlotlyJsInclusionCollection;

[Collection("plotly.js inclusion")]
public class PlotlyJsTests
{
    static bool CarriesLibrary(string html) => html.Contains("window.Plotly = Plotly") && html.Length > 1_000_000;

    [Fact]
    public void Notebook_html_carries_plotly_js_once_always_or_never()
    {
        var fig = Plot.Line([1.0, 2, 3]);
        var before = PlotlyJs.NotebookInclusion;
        try
        {
            PlotlyJs.NotebookInclusion = PlotlyJsInclusion.Once;
            PlotlyJs.ResetInclusion();
            Assert.True(CarriesLibrary(PlotlyJs.NotebookHtml(fig)));
            var second = PlotlyJs.NotebookHtml(fig);
            Assert.False(CarriesLibrary(second));
            Assert.Contains("Plotly.newPlot", second);

            PlotlyJs.NotebookInclusion = PlotlyJsInclusion.Always;
            Assert.True(CarriesLibrary(PlotlyJs.NotebookHtml(fig)));
            Assert.True(CarriesLibrary(PlotlyJs.NotebookHtml(fig)));

            PlotlyJs.NotebookInclusion = PlotlyJsInclusion.Never;
            PlotlyJs.ResetInclusion();
            Assert.False(CarriesLibrary(PlotlyJs.NotebookHtml(fig)));
        }
        finally
        {
            PlotlyJs.NotebookInclusion = before;
        }
    }

    [Fact]
    public void A_missing_plotly_js_names_the_path_and_the_setup_command()
    {
        var root = Repo.TempDir("no-plotly");
        var e = Assert.Throws<FileNotFoundException>(() => PlotlyJs.LibraryPathUnder(root));
        Assert.Contains(Path.Combine(root, "node_modules/plotly.js-dist-min/plotly.min.js"), e.Message);
        Assert.Contains("./nb setup", e.Message);
        Assert.Contains("./nb setup", Assert.Throws<FileNotFoundException>(() => PlotlyJs.LibraryPathUnder(null)).Message);
        Assert.Equal(Repo.PathOf("node_modules", "plotly.js-dist-min", "plotly.min.js"), PlotlyJs.LibraryPath);
    }

    [Fact]
    public void Figure_json_cannot_close_the_script_it_is_embedded_in()
    {
        var fig = Plot.Bar(["</script><b>x</b>"], [1.0]).WithTitle("a & b");
        var html = fig.ToHtmlFragment("p1");
        Assert.DoesNotContain("</script><b>", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script>"));
        Assert.Contains("id=\"p1\"", html);
    }
}
