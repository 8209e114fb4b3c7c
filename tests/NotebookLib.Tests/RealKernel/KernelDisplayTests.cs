using System.Text.Json;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.RealKernel;

/// <summary>Inside the real .NET Interactive kernel the library's displays go through the kernel's own
/// invocation context: a progress bar is one display updated in place (live in VS Code and Jupyter),
/// and every display and cell result carries text/plain beside its rich MIME types.</summary>
[Collection(RealKernelCollection.Name)]
public class KernelDisplayTests(RealKernelFixture real)
{
    static string[] MimeTypes(JsonElement ev) =>
        ev.GetProperty("formattedValues").EnumerateArray().Select(v => v.GetProperty("mimeType").GetString()!).ToArray();

    static string Value(JsonElement ev, string mime) =>
        ev.GetProperty("formattedValues").EnumerateArray().First(v => v.GetProperty("mimeType").GetString() == mime).GetProperty("value").GetString()!;

    KernelReply Submit(string code)
    {
        var reply = real.Kernel.Submit($"#r \"{Repo.PathOf("build", "lib", "NotebookLib.dll")}\"\n" + code);
        Assert.True(reply.Succeeded, reply.Error);
        return reply;
    }

    [Fact]
    public void Progress_is_one_display_updated_in_place_through_the_kernels_context()
    {
        var reply = Submit("""
            using (var p = NotebookLib.Display.Progress.Start("steps", 3))
                for (var i = 1; i <= 3; i++) { System.Threading.Thread.Sleep(300); p.Report(i, $"step {i}"); }
            """);
        var shown = Assert.Single(reply.Events, e => e.Type == "DisplayedValueProduced");
        var id = shown.Event.GetProperty("valueId").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(["text/html", "text/plain"], MimeTypes(shown.Event));
        Assert.Contains("notebooklib-progress", Value(shown.Event, "text/html"));
        var updates = reply.Events.Where(e => e.Type == "DisplayedValueUpdated").ToList();
        Assert.True(updates.Count >= 2, $"{updates.Count} updates");
        Assert.All(updates, u => Assert.Equal(id, u.Event.GetProperty("valueId").GetString()));
        var last = Value(updates[^1].Event, "text/plain");
        Assert.Contains("3/3", last);
        Assert.Contains("step 3", last);
        Assert.Contains("done", last);
        Assert.DoesNotContain(reply.Events, e => e.Type == "StandardErrorValueProduced");   // not console text
    }

    [Fact]
    public void Library_values_carry_text_plain_beside_their_rich_types_as_cell_results_and_displays()
    {
        var reply = Submit("""
            display(NotebookLib.Plotting.RecordTable.Of("t", ("a", 1)));
            NotebookLib.Plotting.Plot.Line(new double[] { 1, 2, 3 })
            """);
        var table = Assert.Single(reply.Events, e => e.Type == "DisplayedValueProduced");
        Assert.Equal(["text/html", "text/plain"], MimeTypes(table.Event));
        var figure = Assert.Single(reply.Events, e => e.Type == "ReturnValueProduced");
        Assert.Equal(["application/vnd.plotly.v1+json", "text/html", "text/plain"], MimeTypes(figure.Event));
        Assert.StartsWith("{", Value(figure.Event, "application/vnd.plotly.v1+json"));
    }

    [Fact]
    public void Glue_displays_a_scrap_in_scrapbooks_format()
    {
        var reply = Submit("NotebookLib.Display.Scrapbook.glue(\"f1\", 0.75);");
        var shown = Assert.Single(reply.Events, e => e.Type == "DisplayedValueProduced");
        Assert.Equal([NotebookLib.Display.Scrapbook.MimeType, "text/plain"], MimeTypes(shown.Event));
        var scrap = System.Text.Json.Nodes.JsonNode.Parse(Value(shown.Event, NotebookLib.Display.Scrapbook.MimeType));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse("""{"name":"f1","data":0.75,"encoder":"json","version":1}"""), scrap), scrap?.ToJsonString());
    }

    [Fact]
    public void A_dataframe_shows_as_the_librarys_table_in_the_real_kernel_too()
    {
        // As in a notebook, the library is in use (its formatters register when it is first touched).
        var reply = Submit($"#r \"{Repo.PathOf("build", "lib", "Microsoft.Data.Analysis.dll")}\"\n" + """
            using Microsoft.Data.Analysis;
            var flux = new DataFrame(new DoubleDataFrameColumn("flux", new double[] { 1.5, 2.5 }));
            NotebookLib.Plotting.DataFrameFormatter.ToTable(flux);
            flux
            """);
        var shown = Assert.Single(reply.Events, e => e.Type == "ReturnValueProduced");
        Assert.Equal(["text/html", "text/plain"], MimeTypes(shown.Event));
        Assert.Contains("notebooklib-table", Value(shown.Event, "text/html"));
        Assert.Contains("2.5", Value(shown.Event, "text/plain"));
    }
}
