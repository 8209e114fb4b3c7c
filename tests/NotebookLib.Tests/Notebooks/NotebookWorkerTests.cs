using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>`run` drives the kernel in a worker process: a cell that kills or hangs its process costs
/// that notebook only, and the runner writes the .failed report naming the cell.</summary>
public class NotebookWorkerTests
{
    static int Run(params string[] args) => NotebookLib.Cli.Program.Main(["run", .. args]);

    static ErrorOutput ErrorOf(string failedNotebook) =>
        Notebook.Load(failedNotebook).Cells.SelectMany(c => c.Outputs).OfType<ErrorOutput>().Single();

    [Fact]
    public void A_stack_overflow_ends_its_notebook_only_and_the_report_names_the_cell()
    {
        var dir = Repo.TempDir("worker");
        var bad = Path.Combine(dir, "01-recursion.ipynb");
        Notebook.Create(NotebookCell.Code("Console.WriteLine(\"before\");"),
                        NotebookCell.Code("int Down(int n) => Down(n + 1) + 1;\nDown(0)"),
                        NotebookCell.Code("Console.WriteLine(\"never\");")).Save(bad);
        var good = Path.Combine(dir, "02-after.ipynb");
        Notebook.Create(NotebookCell.Code("Console.WriteLine(6 * 7);")).Save(good);
        var outDir = Path.Combine(dir, "out");

        Assert.Equal(1, Run(bad, good, "--out", outDir));

        var failed = Notebook.Load(Path.Combine(outDir, "01-recursion.failed.ipynb"));
        Assert.Equal("before\n", ((StreamOutput)failed.Cells[0].Outputs.Single()).Text);
        var error = (ErrorOutput)failed.Cells[1].Outputs.Single();
        Assert.StartsWith("cell 2: the stack overflowed", error.EValue);
        Assert.Contains(error.Traceback, l => l.Contains("Down"));   // the worker's own account of the recursion
        Assert.Empty(failed.Cells[2].Outputs);
        Assert.Equal("valid", NbformatOracle.Validate(Path.Combine(outDir, "01-recursion.failed.ipynb")));
        Assert.Contains("stack overflowed", File.ReadAllText(Path.Combine(outDir, "01-recursion.failed.html")));
        // The runner lived on and ran the next notebook.
        var after = Notebook.Load(Path.Combine(outDir, "02-after.ipynb"));
        Assert.Equal("42\n", ((StreamOutput)after.Cells[0].Outputs.Single()).Text);
    }

    [Fact]
    public async Task Progress_counts_the_injected_parameters_cell_among_the_code_cells()
    {
        // Was "cell 3/2": the parent counted the file's code cells, the worker ran one more (the injected parameters).
        var dir = Repo.TempDir("worker");
        var nb = Path.Combine(dir, "params.ipynb");
        Notebook.Create(NotebookCell.Code("var n = 1;", "parameters"), NotebookCell.Code("Console.WriteLine(n);")).Save(nb);
        var seen = new List<CellProgress>();

        var result = await NotebookWorker.RunFileAsync(nb, new RunOptions
        {
            Parameters = new Dictionary<string, string> { ["n"] = "5" },
            Progress = p => { lock (seen) seen.Add(p); },
        });

        Assert.True(result.Succeeded, result.Error);
        var ended = seen.Where(p => p.Finished).ToList();
        Assert.Equal([0, 1, 2], ended.Select(p => p.Index));
        Assert.All(seen, p => Assert.Equal(3, p.CodeCells));
        Assert.True(ended[1].Cell.HasTag("injected-parameters"), string.Join(", ", ended[1].Cell.Tags));
        Assert.Equal("Console.WriteLine(n);", ended[2].Cell.Source);
    }

    [Fact]
    public void Environment_exit_in_a_cell_is_reported_with_its_exit_code()
    {
        var dir = Repo.TempDir("worker");
        var nb = Path.Combine(dir, "exit.ipynb");
        Notebook.Create(NotebookCell.Code("var x = 1;"), NotebookCell.Code("Environment.Exit(3);")).Save(nb);

        Assert.Equal(1, Run(nb, "--out", Path.Combine(dir, "out")));

        var error = ErrorOf(Path.Combine(dir, "out", "exit.failed.ipynb"));
        Assert.Equal("KernelDied", error.EName);
        Assert.StartsWith("cell 2: the kernel worker exited with code 3", error.EValue);
    }

    [Fact]
    public void A_timed_out_cell_really_stops()
    {
        var dir = Repo.TempDir("worker");
        var ticks = Path.Combine(dir, "ticks.txt");
        var nb = Path.Combine(dir, "runaway.ipynb");
        Notebook.Create(NotebookCell.Code($"while (true) {{ System.IO.File.AppendAllText(@\"{ticks}\", \"x\"); System.Threading.Thread.Sleep(20); }}")).Save(nb);

        Assert.Equal(1, Run(nb, "--out", Path.Combine(dir, "out"), "--timeout", "2"));

        Assert.Contains("cell 1 did not finish within 2 s", ErrorOf(Path.Combine(dir, "out", "runaway.failed.ipynb")).EValue);
        var before = new FileInfo(ticks).Length;
        Thread.Sleep(500);
        Assert.Equal(before, new FileInfo(ticks).Length);   // nothing writes any more: the cell's code is gone
    }

    [Fact]
    public void Printed_output_is_bounded_with_a_note_in_the_cell()
    {
        var dir = Repo.TempDir("worker");
        var nb = Path.Combine(dir, "chatty.ipynb");
        Notebook.Create(NotebookCell.Code("for (var i = 0; i < 12; i++) Console.Write(new string('x', 100_000));")).Save(nb);

        Assert.Equal(0, Run(nb, "--out", Path.Combine(dir, "out"), "--max-output-mb", "0.5"));

        var text = string.Concat(Notebook.Load(Path.Combine(dir, "out", "chatty.ipynb")).Cells[0].Outputs.OfType<StreamOutput>().Select(s => s.Text));
        Assert.Equal(1 << 19, text.Count(c => c == 'x'));
        Assert.EndsWith("[output truncated after 0.5 M characters: the rest of this cell's printed output was dropped]\n", text);
    }

    [Fact]
    public void The_collector_keeps_the_first_characters_and_drops_the_rest()
    {
        var cell = NotebookCell.Code("");
        var collector = new CellOutputCollector(cell, maxStreamChars: 10);
        collector.WriteStream("stdout", "0123456");
        collector.WriteStream("stdout", "789abc");
        collector.WriteStream("stderr", "more");

        var s = (StreamOutput)cell.Outputs.Single();
        Assert.StartsWith("0123456789\n[output truncated after 10 characters", s.Text);
    }
}
