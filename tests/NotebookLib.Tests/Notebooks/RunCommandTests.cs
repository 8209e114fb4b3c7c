using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>The `run` command line as ./nb run uses it.</summary>
public class RunCommandTests
{
    static int Run(params string[] args) => NotebookLib.Cli.Program.Main(["run", .. args]);

    [Fact]
    public void A_good_run_writes_the_executed_notebook_and_report_and_exits_zero()
    {
        var dir = Repo.TempDir("cli");
        var nb = Path.Combine(dir, "01-good.ipynb");
        Notebook.Create(NotebookCell.Code("var n = 1;", "parameters"), NotebookCell.Code("Console.WriteLine(n * 10);")).Save(nb);
        var outDir = Path.Combine(dir, "out");

        Assert.Equal(0, Run(nb, "--param", "n=4", "--out", outDir));

        var executed = Notebook.Load(Path.Combine(outDir, "01-good.ipynb"));
        Assert.Equal("40\n", ((StreamOutput)executed.Cells.Last().Outputs.Single()).Text);
        Assert.Contains("40", File.ReadAllText(Path.Combine(outDir, "01-good.html")));
        Assert.Equal("valid", NbformatOracle.Validate(Path.Combine(outDir, "01-good.ipynb")));
    }

    [Fact]
    public void A_failing_cell_exits_non_zero_and_keeps_the_last_good_outputs()
    {
        var dir = Repo.TempDir("cli");
        var nb = Path.Combine(dir, "02-flaky.ipynb");
        var outDir = Path.Combine(dir, "out");
        Notebook.Create(NotebookCell.Code("var fail = false;", "parameters"), NotebookCell.Code("if (fail) throw new InvalidOperationException(\"bad frame\");\nConsole.WriteLine(\"fine\");")).Save(nb);
        Assert.Equal(0, Run(nb, "--out", outDir));
        var good = File.ReadAllText(Path.Combine(outDir, "02-flaky.html"));

        Assert.Equal(1, Run(nb, "--param", "fail=true", "--out", outDir));

        Assert.Equal(good, File.ReadAllText(Path.Combine(outDir, "02-flaky.html")));
        Assert.Contains("bad frame", File.ReadAllText(Path.Combine(outDir, "02-flaky.failed.html")));
        var failed = Notebook.Load(Path.Combine(outDir, "02-flaky.failed.ipynb"));
        Assert.Contains("cell 3, line 1: bad frame", ((ErrorOutput)failed.Cells.Last().Outputs.Single()).EValue);

        Assert.Equal(0, Run(nb, "--out", outDir));
        Assert.False(File.Exists(Path.Combine(outDir, "02-flaky.failed.html")));
    }

    [Theory]
    [InlineData("{ not json", null)]
    [InlineData("{\"nbformat\": 3}", null)]
    [InlineData(null, "bogus=1")]
    public void Bad_input_exits_two_and_writes_nothing(string? content, string? param)
    {
        var dir = Repo.TempDir("cli");
        var nb = Path.Combine(dir, "bad.ipynb");
        if (content is null) Notebook.Create(NotebookCell.Code("var x = 1;", "parameters")).Save(nb);
        else File.WriteAllText(nb, content);
        var outDir = Path.Combine(dir, "out");
        string[] args = param is null ? [nb, "--out", outDir] : [nb, "--param", param, "--out", outDir];
        Assert.Equal(2, Run(args));
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir).Any());
    }
}
