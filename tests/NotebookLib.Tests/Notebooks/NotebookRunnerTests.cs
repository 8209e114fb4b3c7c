using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

public record TestWidget(string Name);

public class NotebookRunnerTests
{
    [Fact]
    public async Task State_carries_across_cells_and_the_last_expression_is_the_result()
    {
        var r = await NotebookHarness.RunAsync("var x = 20;", "int Twice(int v) => 2 * v;", "Twice(x) + 2");
        Assert.True(r.Succeeded, r.Error);
        var last = r.Code().Last();
        var result = Assert.IsType<DisplayOutput>(Assert.Single(last.Outputs));
        Assert.True(result.IsResult);
        Assert.Equal("42", result.Text("text/plain"));
        Assert.Equal(3, result.ExecutionCount);
        Assert.Equal([1, 2, 3], r.Code().Select(c => c.ExecutionCount ?? 0));
    }

    [Fact]
    public async Task Statements_ending_in_semicolons_show_no_result()
    {
        var r = await NotebookHarness.RunAsync("var x = 1;", "x++;");
        Assert.True(r.Succeeded, r.Error);
        Assert.All(r.Code(), c => Assert.Empty(c.Outputs));
    }

    [Fact]
    public async Task Console_output_and_displays_keep_their_order()
    {
        var r = await NotebookHarness.RunAsync("""
            Console.WriteLine("one");
            Console.Write("two\n");
            display(new { Planet = "Mars", Moons = 2 });
            Console.Error.WriteLine("warn");
            Console.WriteLine("three");
            """);
        Assert.True(r.Succeeded, r.Error);
        var outs = r.Code().Single().Outputs;
        Assert.Collection(outs,
            o => Assert.Equal(new StreamOutput("stdout", "one\ntwo\n"), o),
            o => Assert.Contains("Mars", Assert.IsType<DisplayOutput>(o).Text("text/html")),
            o => Assert.Equal(new StreamOutput("stderr", "warn\n"), o),
            o => Assert.Equal(new StreamOutput("stdout", "three\n"), o));
        var shown = (DisplayOutput)outs[1];
        Assert.False(shown.IsResult);
        Assert.Contains("Mars", shown.Text("text/plain"));
    }

    [Fact]
    public async Task Display_uses_registered_formatters_and_stores_json_mime_types_as_json()
    {
        Formatter.Register<TestWidget>((w, writer) => writer.Write($$"""{"widget": "{{w.Name}}"}"""), "application/vnd.test+json");
        Formatter.SetPreferredMimeTypesFor(typeof(TestWidget), "application/vnd.test+json");
        var r = await NotebookHarness.RunAsync(
            $"#r \"{typeof(TestWidget).Assembly.Location}\"\ndisplay(new {typeof(TestWidget).FullName}(\"dial\"));",
            "display(\"<b>bold</b>\", \"text/html\");");
        Assert.True(r.Succeeded, r.Error);
        var widget = Assert.IsType<DisplayOutput>(r.Code().First().Outputs.Single());
        Assert.Equal("dial", (string?)widget.Data["application/vnd.test+json"]!["widget"]);
        Assert.True(widget.Data.ContainsKey("text/plain"));
        var html = Assert.IsType<DisplayOutput>(r.Code().Last().Outputs.Single());
        Assert.Equal(["text/html"], html.Data.Select(kv => kv.Key));
    }

    [Fact]
    public async Task A_displayed_value_updates_in_place()
    {
        var r = await NotebookHarness.RunAsync("""
            var d = display("epoch 1", "text/plain");
            Console.WriteLine("training");
            d.Update("epoch 2");
            """);
        Assert.True(r.Succeeded, r.Error);
        var outs = r.Code().Single().Outputs;
        Assert.Equal(2, outs.Count);
        Assert.Equal("epoch 2", ((DisplayOutput)outs[0]).Text("text/plain"));
    }

    [Fact]
    public async Task An_exception_stops_execution_names_cell_and_line_and_keeps_earlier_outputs()
    {
        var r = await NotebookHarness.RunAsync(
            "Console.WriteLine(\"before\");",
            "var a = 1;\nint zero = 0;\nvar b = a / zero;",
            "Console.WriteLine(\"after\");");
        Assert.False(r.Succeeded);
        var cells = r.Code().ToList();
        Assert.Equal(new StreamOutput("stdout", "before\n"), Assert.Single(cells[0].Outputs));
        var error = Assert.IsType<ErrorOutput>(Assert.Single(cells[1].Outputs));
        Assert.Equal("DivideByZeroException", error.EName);
        Assert.StartsWith("cell 2, line 3:", error.EValue);
        Assert.Same(cells[1], r.FailedCell);
        Assert.Empty(cells[2].Outputs);
        Assert.Null(cells[2].ExecutionCount);
        Assert.Equal("failed", (string?)cells[1].Metadata["papermill"]!["status"]);
    }

    [Fact]
    public async Task A_cell_that_does_not_compile_reports_the_compilers_messages_with_lines()
    {
        var r = await NotebookHarness.RunAsync("var ok = 1;", "var x = 1;\nvar y = undefinedName + x;\nint z = \"s\";");
        Assert.False(r.Succeeded);
        var error = Assert.IsType<ErrorOutput>(r.Code().Last().Outputs.Single());
        Assert.Equal("CompilationError", error.EName);
        Assert.Contains("cell 2, line 2, column 9: error CS0103", error.EValue);
        Assert.Contains("cell 2, line 3", error.EValue);
        Assert.Contains("CS0029", error.EValue);
    }

    [Fact]
    public async Task A_compiler_warning_runs_the_cell_and_shows_on_stderr_as_in_the_real_kernel()
    {
        // A nullable annotation outside a nullable context: the real kernel warns CS8632 on stderr.
        var r = await NotebookHarness.RunAsync("string? s = null;\nConsole.WriteLine(s ?? \"none\");");
        Assert.True(r.Succeeded, r.Error);
        var outputs = r.Code().Single().Outputs.OfType<StreamOutput>().ToList();
        Assert.Contains(outputs, o => o.Name == "stderr" && o.Text.Contains("line 1, column 7: warning CS8632"));
        Assert.Contains(outputs, o => o.Name == "stdout" && o.Text == "none\n");
    }

    [Fact]
    public async Task Hash_r_loads_an_assembly_relative_to_the_notebook_folder()
    {
        var dir = Repo.TempDir("hashr");
        Directory.CreateDirectory(Path.Combine(dir, "libs"));
        var compilation = CSharpCompilation.Create("Greeter",
            [CSharpSyntaxTree.ParseText("namespace Greeting { public static class Greeter { public static string Hello(string n) => \"hello \" + n; } }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(Path.Combine(dir, "libs", "Greeter.dll"));
        Assert.True(emitted.Success);

        var r = await NotebookHarness.RunAsync(NotebookHarness.Make("#r \"libs/Greeter.dll\"\nusing Greeting;", "Greeter.Hello(\"world\")"), directory: dir);
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal("hello world", ((DisplayOutput)r.Code().Last().Outputs.Single()).Text("text/plain"));
    }

    [Theory]
    [InlineData("#r \"missing/Nothing.dll\"", "file not found")]
    [InlineData("#r \"nuget:Newtonsoft.Json\"", "NuGet package references are not supported")]
    [InlineData("#!fsharp\nlet x = 1", "#!fsharp is a magic command of the .NET Interactive kernel that this runner does not implement")]
    [InlineData("#!nonsense\nvar x = 1;", "unknown magic command #!nonsense: neither this runner nor the .NET Interactive kernel knows it")]
    public async Task Bad_directives_fail_the_cell_with_a_clear_message(string source, string message)
    {
        var r = await NotebookHarness.RunAsync("var before = 1;", source);
        Assert.False(r.Succeeded);
        var error = Assert.IsType<ErrorOutput>(r.Code().Last().Outputs.Single());
        Assert.Contains("cell 2, line 1", error.EValue);
        Assert.Contains(message, error.EValue);
    }

    [Fact]
    public async Task Csharp_and_markdown_magics_are_honoured()
    {
        var r = await NotebookHarness.RunAsync("#!csharp\nvar x = 5;", "#!markdown\n# Not code\nthis is *prose*", "x");
        Assert.True(r.Succeeded, r.Error);
        var cells = r.Code().ToList();
        Assert.Empty(cells[1].Outputs);
        Assert.Null(cells[1].ExecutionCount);
        Assert.Equal("5", ((DisplayOutput)cells[2].Outputs.Single()).Text("text/plain"));
        Assert.Contains("<em>prose</em>", HtmlReport.Render(r.Notebook, "t"));
    }

    [Fact]
    public async Task A_cell_past_its_timeout_fails_and_stops_the_run()
    {
        var options = new RunOptions { CellTimeout = TimeSpan.FromSeconds(1) };
        var r = await NotebookHarness.RunAsync(NotebookHarness.Make("var a = 1;", "System.Threading.Thread.Sleep(20_000);", "var c = 3;"), options);
        Assert.False(r.Succeeded);
        var error = Assert.IsType<ErrorOutput>(r.Code().ElementAt(1).Outputs.Single());
        Assert.Equal("TimeoutException", error.EName);
        Assert.Contains("did not finish within 1 s", error.EValue);
        Assert.Null(r.Code().Last().ExecutionCount);
        Assert.True(r.Duration < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Each_cell_records_its_timing_and_the_notebook_its_run()
    {
        var r = await NotebookHarness.RunAsync("System.Threading.Thread.Sleep(200);");
        var pm = r.Code().Single().Metadata["papermill"]!;
        Assert.True((double)pm["duration"]! >= 0.2);
        Assert.Equal("completed", (string?)pm["status"]);
        Assert.False((bool)r.Notebook.Metadata["papermill"]!["exception"]!);
    }

    [Fact]
    public async Task The_input_notebook_is_not_modified()
    {
        var nb = NotebookHarness.Make("1 + 1");
        var before = nb.ToJsonString();
        await NotebookHarness.RunAsync(nb);
        Assert.Equal(before, nb.ToJsonString());
    }
}
