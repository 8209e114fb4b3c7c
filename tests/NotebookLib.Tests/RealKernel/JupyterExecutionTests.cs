using System.Diagnostics;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.RealKernel;

/// <summary>
/// Every notebook runs unchanged in the real .NET Interactive kernel through Jupyter (nbclient, as
/// `jupyter nbconvert --execute` does), at smoke scale injected the way our runner injects it, with no
/// error output; and its figures and images carry the same MIME types there as in our runner.
/// </summary>
public class JupyterExecutionTests
{
    static readonly Dictionary<string, string> Smoke = new() { ["scale"] = "smoke" };

    public static TheoryData<string> Notebooks() =>
        new(Directory.EnumerateFiles(Repo.PathOf("notebooks"), "*.ipynb").Select(p => Path.GetFileName(p)).Where(n => char.IsAsciiDigit(n[0])).Order(StringComparer.Ordinal));

    /// <summary>Runs <paramref name="source"/> (already parameterised) in Jupyter; returns the executed
    /// notebook, or fails the test naming the cell and the kernel's message.</summary>
    internal static Notebook ExecuteInJupyter(Notebook source, string name, string workingDirectory, TimeSpan cellTimeout)
    {
        var dir = Repo.TempDir("jupyter");
        var input = Path.Combine(dir, name);
        var output = Path.Combine(dir, "executed-" + name);
        source.Save(input);
        var psi = new ProcessStartInfo(Repo.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Repo.PathOf("tests", "NotebookLib.Tests", "RealKernel", "execute_in_jupyter.py"), input, output, workingDirectory, ((int)cellTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        RealKernelProcess.ForJupyter(psi, dir);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{name} did not finish in Jupyter within 15 minutes");
        }
        var lastLine = err.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        Assert.True(p.ExitCode == 0, $"{name}: {lastLine}\n{err.Result[Math.Max(0, err.Result.Length - 3000)..]}");
        return Notebook.Load(output);
    }

    /// <summary>Each code cell's figures, images and scraps as their MIME types, for comparing two executions.</summary>
    static List<string> MimeShape(Notebook nb) =>
        nb.Cells.Where(c => c.Type == CellType.Code && !c.HasTag(NotebookParameters.InjectedTag))
          .Select((c, i) => $"cell {i + 1}: " + string.Join(" | ", c.Outputs.OfType<DisplayOutput>()
              .Where(d => d.Data.Any(kv => kv.Key is HtmlReport.PlotlyMime or Scrapbook.MimeType || kv.Key.StartsWith("image/", StringComparison.Ordinal)))
              .Select(d => string.Join(",", d.Data.Select(kv => kv.Key).Order(StringComparer.Ordinal)))))
          .ToList();

    /// <summary>stderr text other than the compiler warnings the kernel prints about its own references
    /// (CS1701 on Microsoft.AspNetCore.Html.Abstractions when a cell calls HTML()).</summary>
    static IEnumerable<string> StderrOf(NotebookCell cell) =>
        cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stderr")
            .SelectMany(s => s.Text.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("warning CS", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_in_the_real_kernel_through_jupyter_with_our_runners_mime_types(string name)
    {
        var path = Repo.PathOf("notebooks", name);
        var copy = Notebook.Load(path);
        NotebookParameters.Inject(copy, Smoke, name);
        var ours = NotebookRunner.RunFileAsync(path, new RunOptions { Parameters = Smoke, CellTimeout = TimeSpan.FromMinutes(5) });
        var jupyter = ExecuteInJupyter(copy, name, Repo.PathOf("notebooks"), TimeSpan.FromMinutes(5));
        var here = await ours;
        Assert.True(here.Succeeded, here.Error);

        var errors = jupyter.Cells.SelectMany((c, i) => c.Outputs.OfType<ErrorOutput>().Select(e => $"cell {i + 1}: {e.EName}: {e.EValue}")).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var stderr = jupyter.Cells.SelectMany((c, i) => StderrOf(c).Select(l => $"cell {i + 1}: {l}")).ToList();
        Assert.True(stderr.Count == 0, "stderr in the real kernel (progress should be a display):\n" + string.Join("\n", stderr));
        Assert.Equal(MimeShape(here.Notebook), MimeShape(jupyter));
        Assert.Equal(NotebookScraps.ToJson(NotebookScraps.Of(here.Notebook)).Select(kv => kv.Key), NotebookScraps.ToJson(NotebookScraps.Of(jupyter)).Select(kv => kv.Key));
    }

    [Fact]
    public void A_failing_cell_is_named_with_the_kernels_message()
    {
        var nb = NotebookHarness.Make("var fine = 1;", "var p = Path.Combine(\"a\", \"b\");");
        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ExecuteInJupyter(nb, "fails.ipynb", Repo.TempDir("fails"), TimeSpan.FromMinutes(2)));
        Assert.Contains("cell 2 failed in the .NET Interactive kernel", e.Message);
        Assert.Contains("CS0103", e.Message);
    }
}
