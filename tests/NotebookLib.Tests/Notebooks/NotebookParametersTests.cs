using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

public class NotebookParametersTests
{
    static Notebook WithParameters() => Notebook.Create(
        NotebookCell.Markdown("# p"),
        NotebookCell.Code("var scale = \"default\";\nint epochs = 5;\nvar rate = 0.5;\nbool plot = true;", NotebookParameters.ParametersTag),
        NotebookCell.Code("$\"{scale} {epochs} {rate} {plot}\""));

    [Fact]
    public async Task Given_values_are_injected_after_the_parameters_cell_with_their_types()
    {
        var options = new RunOptions { Parameters = new Dictionary<string, string> { ["scale"] = "smoke \"quoted\"", ["epochs"] = "2", ["rate"] = "1e-3", ["plot"] = "false" } };
        var r = await NotebookHarness.RunAsync(WithParameters(), options);
        Assert.True(r.Succeeded, r.Error);
        var injected = r.Notebook.Cells[2];
        Assert.Equal([NotebookParameters.InjectedTag], injected.Tags);
        Assert.Contains("int epochs = 2;", injected.Source);
        Assert.Equal("smoke \"quoted\" 2 0.001 False", ((DisplayOutput)r.Notebook.Cells[3].Outputs.Single()).Text("text/plain"));
        Assert.Equal("2", (string?)r.Notebook.Metadata["papermill"]!["parameters"]!["epochs"]);
    }

    [Fact]
    public async Task Without_values_the_defaults_run_and_no_cell_is_injected()
    {
        var r = await NotebookHarness.RunAsync(WithParameters());
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(3, r.Notebook.Cells.Count);
        Assert.Equal("default 5 0.5 True", ((DisplayOutput)r.Notebook.Cells[2].Outputs.Single()).Text("text/plain"));
    }

    [Fact]
    public void Rerunning_replaces_an_earlier_injected_cell()
    {
        var nb = WithParameters();
        NotebookParameters.Inject(nb, new Dictionary<string, string> { ["epochs"] = "1" });
        NotebookParameters.Inject(nb, new Dictionary<string, string> { ["epochs"] = "9" });
        Assert.Single(nb.Cells, c => c.HasTag(NotebookParameters.InjectedTag));
        Assert.Contains("epochs = 9", nb.Cells[2].Source);
    }

    [Theory]
    [InlineData("epoch", "2", "unknown parameter epoch; the parameters cell declares: scale, epochs, rate, plot")]
    [InlineData("epochs", "two", "parameter epochs is int, and 'two' is not a int")]
    [InlineData("plot", "yes", "parameter plot is bool")]
    public void Bad_parameters_are_rejected_before_anything_runs(string name, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => NotebookParameters.Inject(WithParameters(), new Dictionary<string, string> { [name] = value }, "nb.ipynb"));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("nb.ipynb", e.Message);
    }

    [Fact]
    public void A_notebook_without_a_parameters_cell_takes_none()
    {
        var e = Assert.Throws<ArgumentException>(() => NotebookParameters.Inject(NotebookHarness.Make("1"), new Dictionary<string, string> { ["x"] = "1" }));
        Assert.Contains("no cell is tagged 'parameters'", e.Message);
    }
}
