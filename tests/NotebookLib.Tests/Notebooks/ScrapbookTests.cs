using System.Text.Json.Nodes;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>Glued values are scrapbook's display outputs, read back by ./nb scraps, listed in the report
/// and compared run to run in reports/index.html.</summary>
public class ScrapbookTests
{
    const string Glue = "#r \"{0}\"\nusing NotebookLib.Display;\nScrapbook.glue(\"mse\", {1});\nScrapbook.glue(\"label\", \"{2}\");\nScrapbook.glue(\"counts\", new[] {{ 1, 2 }});";

    static Task<RunResult> RunGlue(double mse, string label) =>
        NotebookHarness.RunAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Glue, Repo.PathOf("build", "lib", "NotebookLib.dll"), mse, label));

    [Fact]
    public async Task Glue_writes_scrapbooks_display_output_with_a_text_twin()
    {
        var r = await RunGlue(0.25, "first");
        Assert.True(r.Succeeded, r.Error);
        var outputs = r.Code().Single().Outputs.OfType<DisplayOutput>().ToList();
        Assert.Equal(3, outputs.Count);
        var scrap = outputs[0].Data[Scrapbook.MimeType]!.AsObject();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"mse","data":0.25,"encoder":"json","version":1}"""), scrap), scrap.ToJsonString());
        Assert.Equal("scrap mse = 0.25", outputs[0].Text("text/plain"));
        Assert.Equal("[1,2]", outputs[2].Data[Scrapbook.MimeType]!["data"]!.ToJsonString());

        var dir = Repo.TempDir("scraps");
        var path = Path.Combine(dir, "glued.ipynb");
        r.Notebook.Save(path);
        Assert.Equal("valid", NbformatOracle.Validate(path));
        var printed = new StringWriter();
        Assert.Equal(0, NotebookLib.Cli.ScrapsCommand.Print(path, printed, TextWriter.Null));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"mse":0.25,"label":"first","counts":[1,2]}"""), JsonNode.Parse(printed.ToString())), printed.ToString());
        Assert.Contains("<h2>Scraps</h2>", HtmlReport.Render(r.Notebook, "glued"));
    }

    [Fact]
    public void Scraps_of_a_missing_notebook_exit_2_naming_it()
    {
        var error = new StringWriter();
        Assert.Equal(2, NotebookLib.Cli.ScrapsCommand.Print("/nonexistent/NN.ipynb", TextWriter.Null, error));
        Assert.Contains("/nonexistent/NN.ipynb", error.ToString());
    }

    [Fact]
    public void Glue_refuses_a_value_that_is_not_json_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => Scrapbook.glue("handle", new IntPtr(1)));
        Assert.Contains("handle", e.Message);
        Assert.Throws<ArgumentException>(() => Scrapbook.glue(" ", 1));
    }

    [Fact]
    public async Task The_index_shows_each_scraps_change_since_the_previous_run()
    {
        var dir = Repo.TempDir("index");
        var first = await RunGlue(0.25, "first");
        ReportIndex.Update(dir, [new ReportIndex.Entry("01-x", "01-x.html", first)]);
        var second = await RunGlue(0.3, "second");
        ReportIndex.Update(dir, [new ReportIndex.Entry("01-x", "01-x.html", second)]);

        var html = File.ReadAllText(Path.Combine(dir, ReportIndex.HtmlName));
        Assert.Contains("<a href=\"01-x.html\">01-x</a>", html);
        Assert.Contains("▲ +0.05 (+20.0%)", html);
        Assert.Contains("changed (was first)", html);
        Assert.Contains("<td class=\"same\">=</td>", html);   // counts did not move
        Assert.Contains(">ok</td>", html);
        Assert.Equal("new", ReportIndex.Change(JsonValue.Create(1), null, hadBefore: false));
    }
}
