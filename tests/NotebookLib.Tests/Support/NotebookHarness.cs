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

    public static IEnumerable<NotebookCell> Code(this RunResult r) => r.Notebook.Cells.Where(c => c.Type == CellType.Code);
}
