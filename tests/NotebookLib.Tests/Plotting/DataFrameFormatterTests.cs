using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Plotting;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Plotting;

/// <summary>A DataFrame shows as the library's table, with a text/plain twin, the rows limited and counted.</summary>
public class DataFrameFormatterTests
{
    static DataFrame Catalogue(int n) => new(
        new StringDataFrameColumn("id", Enumerable.Range(0, n).Select(i => $"src-{i}")),
        new DoubleDataFrameColumn("mag", Enumerable.Range(0, n).Select(i => 20.0 + i / 10.0)),
        new Int32DataFrameColumn("visits", Enumerable.Range(0, n).Select(i => i % 3)));

    [Fact]
    public void A_dataframe_formats_as_the_librarys_table_with_a_plain_text_twin()
    {
        Assert.Equal(["text/html", "text/plain"], Formatter.GetPreferredMimeTypesFor(typeof(DataFrame)));
        var frame = Catalogue(60);
        var html = frame.ToDisplayString("text/html");
        Assert.Contains("notebooklib-table", html);
        Assert.Contains("<th>mag</th>", html);
        Assert.Contains("src-49", html);
        Assert.DoesNotContain("src-50", html);                 // the first 50 rows …
        Assert.Contains("60", html);                           // … of 60, counted
        var text = frame.ToDisplayString("text/plain");
        Assert.Contains("id", text);
        Assert.Contains("src-0", text);
        Assert.Contains("20.1", text);
    }

    [Fact]
    public async Task A_dataframe_in_a_notebook_cell_shows_html_and_text()
    {
        var r = await NotebookHarness.RunAsync(
            $"#r \"{Repo.PathOf("build", "lib", "NotebookLib.dll")}\"\nusing Microsoft.Data.Analysis;",
            "new DataFrame(new DoubleDataFrameColumn(\"flux\", new double[] { 1.5, 2.5 }))");
        Assert.True(r.Succeeded, r.Error);
        var shown = (NotebookLib.Notebooks.DisplayOutput)r.Code().Last().Outputs.Single();
        Assert.Contains("notebooklib-table", shown.Text("text/html"));
        Assert.Contains("2.5", shown.Text("text/plain"));
    }
}
