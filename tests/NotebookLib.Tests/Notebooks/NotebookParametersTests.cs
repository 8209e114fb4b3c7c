using NotebookLib.Configuration;
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
        var r = await NotebookHarness.RunAsync(WithParameters(), new RunOptions { Settings = EnvironmentWith(), CellTimeout = TimeSpan.FromSeconds(120) });
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(3, r.Notebook.Cells.Count);
        Assert.Equal("default 5 0.5 True", ((DisplayOutput)r.Notebook.Cells[2].Outputs.Single()).Text("text/plain"));
    }

    /// <summary>A notebook that declares the three settings the environment owns, and one of its own.</summary>
    static Notebook WithSettings() => Notebook.Create(
        NotebookCell.Code("var scale = \"default\";\nvar seed = 42;\nvar device = \"cpu\";\nint epochs = 5;", NotebookParameters.ParametersTag),
        NotebookCell.Code("$\"{scale} {seed} {device} {epochs}\""));

    /// <summary>The repository's environment.json with these NOTEBOOKLIB_* variables, and no others.</summary>
    static EnvironmentSettings EnvironmentWith(params (string Name, string Value)[] variables) =>
        EnvironmentSettings.Load(Repo.PathOf("environment.json"), variables.ToDictionary(v => v.Name, v => (string?)v.Value));

    [Fact]
    public async Task Scale_seed_and_device_come_from_the_environment_when_the_notebook_declares_them()
    {
        var settings = EnvironmentWith(("NOTEBOOKLIB_SCALE", "smoke"), ("NOTEBOOKLIB_SEED", "7"), ("NOTEBOOKLIB_DEVICE", "cuda:1"));
        var r = await NotebookHarness.RunAsync(WithSettings(), new RunOptions { Settings = settings, CellTimeout = TimeSpan.FromSeconds(120) });
        Assert.True(r.Succeeded, r.Error);
        var injected = r.Notebook.Cells[1];
        Assert.Equal([NotebookParameters.InjectedTag], injected.Tags);
        Assert.Contains("var seed = 7;   // environment.json runtime.seed or NOTEBOOKLIB_SEED", injected.Source);   // typed as the default: an int
        Assert.Equal("smoke 7 cuda:1 5", ((DisplayOutput)r.Notebook.Cells[2].Outputs.Single()).Text("text/plain"));
        Assert.Equal("smoke", (string?)r.Notebook.Metadata["papermill"]!["parameters"]!["scale"]);
    }

    [Fact]
    public async Task The_command_line_wins_over_the_environment()
    {
        var settings = EnvironmentWith(("NOTEBOOKLIB_SCALE", "smoke"), ("NOTEBOOKLIB_SEED", "7"));
        var given = new Dictionary<string, string> { ["scale"] = "full", ["seed"] = "3" };
        var r = await NotebookHarness.RunAsync(WithSettings(), new RunOptions { Parameters = given, Settings = settings, CellTimeout = TimeSpan.FromSeconds(120) });
        Assert.True(r.Succeeded, r.Error);
        Assert.StartsWith("full 3 ", ((DisplayOutput)r.Notebook.Cells[2].Outputs.Single()).Text("text/plain"));
        Assert.DoesNotContain("NOTEBOOKLIB_SCALE", r.Notebook.Cells[1].Source);
    }

    [Fact]
    public void Settings_the_notebook_does_not_declare_or_that_equal_its_defaults_are_not_injected()
    {
        var settings = EnvironmentWith(("NOTEBOOKLIB_SCALE", "smoke"), ("NOTEBOOKLIB_SEED", "7"), ("NOTEBOOKLIB_DEVICE", "cpu"));
        var nb = WithParameters();   // declares scale, not seed or device
        Assert.Equal(new Dictionary<string, string> { ["scale"] = "smoke" }, NotebookParameters.FromEnvironment(nb, new Dictionary<string, string>(), settings));
        // seed 42 and device "cpu" are what the notebook declares already: nothing to inject.
        Assert.Empty(NotebookParameters.FromEnvironment(WithSettings(), new Dictionary<string, string>(), EnvironmentWith(("NOTEBOOKLIB_DEVICE", "cpu"))));
        // A notebook without a parameters cell runs on its own values whatever the environment says.
        Assert.Empty(NotebookParameters.FromEnvironment(NotebookHarness.Make("1"), new Dictionary<string, string>(), settings));
    }

    [Fact]
    public void An_environment_value_that_does_not_fit_the_declared_type_names_its_source()
    {
        var nb = Notebook.Create(NotebookCell.Code("var seed = \"forty-two\";\nbool device = false;", NotebookParameters.ParametersTag));
        var e = Assert.Throws<ArgumentException>(() => NotebookParameters.FromEnvironment(nb, new Dictionary<string, string>(), EnvironmentWith(), "nb.ipynb"));
        Assert.Contains("nb.ipynb (environment.json runtime.device or NOTEBOOKLIB_DEVICE): parameter device is bool", e.Message);
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
