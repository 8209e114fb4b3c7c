using System.Text.Json.Nodes;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

public class NotebookFormatTests
{
    [Fact]
    public void Round_trip_keeps_cells_outputs_and_metadata()
    {
        var code = NotebookCell.Code("var x = 1;\nx + 1", "parameters");
        code.Outputs.Add(new StreamOutput("stdout", "a\nb\n"));
        code.Outputs.Add(new DisplayOutput(new JsonObject { ["text/plain"] = "2", ["application/vnd.plotly.v1+json"] = new JsonObject { ["data"] = new JsonArray() } }, new JsonObject(), ExecutionCount: 3, IsResult: true));
        code.Outputs.Add(new ErrorOutput("E", "bad", ["t1", "t2"]));
        code.ExecutionCount = 3;
        var nb = Notebook.Create(NotebookCell.Markdown("# Title\ntext"), code);
        nb.Metadata["custom"] = "kept";

        var back = Notebook.Parse(nb.ToJsonString());

        Assert.Equal(nb.ToJsonString(), back.ToJsonString());
        Assert.Equal("kept", (string?)back.Metadata["custom"]);
        var c = back.Cells[1];
        Assert.Equal(["parameters"], c.Tags);
        Assert.Equal(3, c.ExecutionCount);
        Assert.Equal("a\nb\n", Assert.IsType<StreamOutput>(c.Outputs[0]).Text);
        Assert.IsType<JsonObject>(Assert.IsType<DisplayOutput>(c.Outputs[1]).Data["application/vnd.plotly.v1+json"]);
    }

    [Fact]
    public void Save_streams_the_text_System_Text_Json_writes_for_the_same_document()
    {
        // Save writes node by node (no cloned tree, no whole-document string); what it writes must be exactly
        // the document System.Text.Json itself indents, for every output kind, and read back to the same notebook.
        var code = NotebookCell.Code("var s = \"é <b> \\\"q\\\"\";\ns", "parameters");
        code.Outputs.Add(new StreamOutput("stdout", "line 1\nline 2 – ü\nno newline"));
        code.Outputs.Add(new DisplayOutput(new JsonObject
        {
            ["text/html"] = "<div>\n<img src=\"x\">\n</div>",
            ["image/png"] = "iVBORw0KGgo=",
            ["image/svg+xml"] = "<svg>\n</svg>",
            ["application/json"] = new JsonObject { ["a"] = new JsonArray(1, 2.5, null, "x") },
            ["text/plain"] = "'é'",
        }, new JsonObject { ["isolated"] = true }, ExecutionCount: 1, IsResult: true));
        code.Outputs.Add(new DisplayOutput(new JsonObject { ["text/markdown"] = "*m*" }, new JsonObject()));
        code.Outputs.Add(new ErrorOutput("Error", "bad \"frame\"", ["t1", "t2 \u001b[31mred"]));
        code.Outputs.Add(new RawOutput(new JsonObject { ["output_type"] = "future_kind", ["x"] = 1 }));
        code.ExecutionCount = 1;
        var unexecuted = NotebookCell.Code("1");
        var markdown = NotebookCell.Markdown("# Title\n![a](attachment:a.png)");
        markdown.Metadata["__attachments"] = new JsonObject { ["a.png"] = new JsonObject { ["image/png"] = "iVBORw0KGgo=" } };
        var nb = Notebook.Create(markdown, code, unexecuted);
        var path = Path.Combine(Repo.TempDir("save"), "saved.ipynb");

        nb.Save(path);

        var text = File.ReadAllText(path);
        var indented = new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 1,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        Assert.Equal(JsonNode.Parse(text)!.ToJsonString(indented) + "\n", text);
        Assert.Equal(text, nb.ToJsonString());
        Assert.Equal(text, Notebook.Parse(text).ToJsonString());
        var json = JsonNode.Parse(text)!;
        Assert.Equal(["line 1\n", "line 2 – ü\n", "no newline"], json["cells"]![1]!["outputs"]![0]!["text"]!.AsArray().Select(l => (string)l!));
        Assert.Equal("iVBORw0KGgo=", (string?)json["cells"]![1]!["outputs"]![1]!["data"]!["image/png"]);
        Assert.Null(json["cells"]![2]!["execution_count"]);
        Assert.Equal("iVBORw0KGgo=", (string?)json["cells"]![0]!["attachments"]!["a.png"]!["image/png"]);
        Assert.Null(json["cells"]![0]!["metadata"]!["__attachments"]);
    }

    [Fact]
    public void Written_notebooks_carry_the_polyglot_metadata_and_cell_ids()
    {
        var json = JsonNode.Parse(Notebook.Create(NotebookCell.Code("1")).ToJsonString())!;
        Assert.Equal(4, (int)json["nbformat"]!);
        Assert.Equal(5, (int)json["nbformat_minor"]!);
        Assert.Equal(".net-csharp", (string?)json["metadata"]!["kernelspec"]!["name"]);
        Assert.Equal(".NET (C#)", (string?)json["metadata"]!["kernelspec"]!["display_name"]);
        Assert.Equal("C#", (string?)json["metadata"]!["kernelspec"]!["language"]);
        Assert.Equal("csharp", (string?)json["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        var cell = json["cells"]![0]!;
        Assert.Equal("csharp", (string?)cell["metadata"]!["dotnet_interactive"]!["language"]);
        Assert.Equal("csharp", (string?)cell["metadata"]!["polyglot_notebook"]!["kernelName"]);
        Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", (string)cell["id"]!);
    }

    [Fact]
    public void Older_notebooks_without_ids_get_unique_ids()
    {
        const string v44 = """{"cells":[{"cell_type":"code","metadata":{},"source":"1","outputs":[],"execution_count":null},{"cell_type":"markdown","metadata":{},"source":["x"]}],"metadata":{},"nbformat":4,"nbformat_minor":4}""";
        var nb = Notebook.Parse(v44);
        Assert.Equal(2, nb.Cells.Select(c => c.Id).Distinct().Count());
        Assert.Contains("\"nbformat_minor\": 5", nb.ToJsonString());
    }

    [Theory]
    [InlineData("not json", "not a notebook: the file is not JSON")]
    [InlineData("[1, 2]", "the JSON root is not an object")]
    [InlineData("""{"nbformat": 3, "worksheets": []}""", "not an nbformat 4 notebook (nbformat is 3)")]
    [InlineData("""{"nbformat": 4, "metadata": {}}""", "without a 'cells' array")]
    [InlineData("""{"nbformat": 4, "cells": [{"cell_type": "bogus"}]}""", "cell 1: unknown cell_type 'bogus'")]
    public void Bad_files_get_messages_naming_the_file_and_the_problem(string json, string message)
    {
        var e = Assert.Throws<NotebookFormatException>(() => Notebook.Parse(json, "x.ipynb"));
        Assert.StartsWith("x.ipynb", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Written_notebook_passes_nbformat_validation()
    {
        var dir = Repo.TempDir("nbformat");
        var path = Path.Combine(dir, "n.ipynb");
        var code = NotebookCell.Code("1");
        code.Outputs.Add(new DisplayOutput(new JsonObject { ["image/png"] = "iVBORw0KGgo=", ["text/plain"] = "img" }, new JsonObject()));
        Notebook.Create(NotebookCell.Markdown("# t"), code).Save(path);
        Assert.Equal("valid", NbformatOracle.Validate(path));
    }
}
