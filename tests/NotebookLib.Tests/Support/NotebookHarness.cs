using NotebookLib.Notebooks;

namespace NotebookLib.Tests.Support;

/// <summary>Writes notebooks into a temporary folder and runs them, as a user's notebook would run.</summary>
public static class NotebookHarness
{
    public static Notebook Make(params string[] codeCells) =>
        Notebook.Create(codeCells.Select(s => NotebookCell.Code(s)).ToArray());

    public static async Task<RunResult> RunAsync(Notebook nb, RunOptions? options = null, string? directory = null)
    {
        var dir = directory ?? Repo.TempDir("nb");
        var path = Path.Combine(dir, "test.ipynb");
        nb.Save(path);
        return await NotebookRunner.RunFileAsync(path, options ?? new RunOptions { CellTimeout = TimeSpan.FromSeconds(120) });
    }

    public static Task<RunResult> RunAsync(params string[] codeCells) => RunAsync(Make(codeCells));

    /// <summary>Images shown: PNG displays and the images inside HTML displays (galleries).</summary>
    public static int ImageCount(IEnumerable<DisplayOutput> displays) =>
        displays.Sum(d => d.Data.ContainsKey("image/png") ? 1
            : System.Text.RegularExpressions.Regex.Count(d.Text("text/html") ?? "", "<img src=\"data:image/png;base64,"));

    public static IEnumerable<NotebookCell> Code(this RunResult r) => r.Notebook.Cells.Where(c => c.Type == CellType.Code);

    /// <summary>A notebook of notebooks/ run at smoke scale as ./nb run runs it, after the checks every
    /// notebook must pass: it succeeded, no cell shows an error or writes to stderr, every code cell executed.</summary>
    public static async Task<SmokeRun> RunAtSmokeAsync(string notebook)
    {
        var r = await NotebookRunner.RunFileAsync(Repo.PathOf("notebooks", notebook), new RunOptions
        {
            Parameters = new Dictionary<string, string> { ["scale"] = "smoke" },
            CellTimeout = TimeSpan.FromMinutes(3),
        });
        Assert.True(r.Succeeded, r.Error);
        var code = r.Code().ToList();
        Assert.DoesNotContain(code.SelectMany(c => c.Outputs), o => o is ErrorOutput);
        Assert.All(code, c => Assert.NotNull(c.ExecutionCount));
        // Nothing on stderr: the real kernel's test fails on it (compiler warnings land there).
        Assert.Empty(code.SelectMany(c => c.Outputs).OfType<StreamOutput>().Where(o => o.Name == "stderr").Select(o => o.Text));
        var displays = code.SelectMany(c => c.Outputs).OfType<DisplayOutput>().ToList();
        return new SmokeRun(r, code, displays, string.Join("\n", displays.Select(d => d.Text("text/plain"))));
    }
}

/// <summary>A smoke run's result, its code cells, their displays and the displays' plain text.</summary>
public sealed record SmokeRun(RunResult Result, List<NotebookCell> Code, List<DisplayOutput> Displays, string Text);
