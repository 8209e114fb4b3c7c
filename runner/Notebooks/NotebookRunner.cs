using System.Diagnostics;
using System.Text.Json.Nodes;
using NotebookLib.Configuration;

namespace NotebookLib.Notebooks;

/// <summary>How to run a notebook.</summary>
public sealed record RunOptions
{
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(EnvironmentSettings.Current.CellTimeoutSeconds);
    /// <summary>Where the scale, seed and device that Parameters leave out come from, for a notebook that
    /// declares them (see NotebookParameters.FromEnvironment).</summary>
    public EnvironmentSettings Settings { get; init; } = EnvironmentSettings.Current;
    /// <summary>Called as each cell starts and ends (for a console progress line).</summary>
    public Action<CellProgress>? Progress { get; init; }
    /// <summary>Printed text kept per cell; the rest is dropped with a note in the cell.</summary>
    public long MaxCellOutputChars { get; init; } = CellOutputCollector.DefaultMaxStreamChars;
    /// <summary>After each cell, hand back what it left behind (<see cref="CellMemory"/>): a lower peak resident set.</summary>
    public bool ReleaseMemoryBetweenCells { get; init; } = true;
}

/// <summary>One step of a run, for progress displays.</summary>
public sealed record CellProgress(int Index, int CodeCells, NotebookCell Cell, bool Finished, TimeSpan Elapsed, SubmissionStatus? Status)
{
    /// <summary>The notebook being executed, with every output so far (the worker checkpoints it).</summary>
    public Notebook? Notebook { get; init; }
}

/// <summary>What a run came to: the executed notebook and, if a cell failed, which and why.</summary>
public sealed record RunResult(Notebook Notebook, bool Succeeded, NotebookCell? FailedCell, string? Error, TimeSpan Duration);

/// <summary>
/// Executes a notebook's C# cells in order on one <see cref="CSharpKernel"/>, papermill style:
/// parameters injected after the "parameters" cell, outputs and execution counts written back, timing
/// in each cell's metadata.papermill, and execution stopping at the first failing cell with every
/// earlier output kept.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Raised as each notebook starts executing, so that per-document state elsewhere (e.g. the
    /// figure display that carries plotly.js once per document) starts afresh for it.</summary>
    public static event Action<Notebook>? NotebookStarting;

    /// <summary>The notebook as it executes: a copy of <paramref name="source"/> (which stays as it was) with the
    /// parameters injected after its parameters cell and every output cleared.</summary>
    public static Notebook Prepare(Notebook source, RunOptions options, string name) => Prepare(source, options, name, out _);

    static Notebook Prepare(Notebook source, RunOptions options, string name, out Dictionary<string, string> fromEnvironment)
    {
        var nb = Notebook.Parse(source.ToJsonString(), name);
        fromEnvironment = NotebookParameters.FromEnvironment(nb, options.Parameters, options.Settings, name);
        NotebookParameters.Inject(nb, options.Parameters, name, fromEnvironment);
        foreach (var c in nb.Cells.Where(c => c.Type == CellType.Code))
        {
            c.Outputs.Clear();
            c.ExecutionCount = null;
            c.Metadata.Remove("papermill");
        }
        return nb;
    }

    public static async Task<RunResult> RunAsync(Notebook source, string notebookDirectory, RunOptions? options = null, string name = "notebook", CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var nb = Prepare(source, options, name, out var fromEnvironment);

        NotebookStarting?.Invoke(nb);
        KernelContext.StartDocument();
        var kernel = new CSharpKernel(notebookDirectory);
        var codeCells = nb.Cells.Where(c => c.Type == CellType.Code).ToList();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        NotebookCell? failed = null;
        string? error = null;
        var count = 0;
        for (var i = 0; i < codeCells.Count; i++)
        {
            var cell = codeCells[i];
            var cellNumber = nb.Cells.IndexOf(cell) + 1;
            var cellName = $"cell {cellNumber}";
            if (cell.KernelName is not ("csharp" or "C#"))
            {
                failed = cell;
                error = $"{cellName}: uses the '{cell.KernelName}' kernel; this runner executes C# cells only";
                new CellOutputCollector(cell).Error(new ErrorOutput("UnsupportedKernel", error, [error]));
                break;
            }
            options.Progress?.Invoke(new CellProgress(i, codeCells.Count, cell, false, TimeSpan.Zero, null) { Notebook = nb });
            var collector = new CellOutputCollector(cell, options.MaxCellOutputChars);
            var t0 = DateTimeOffset.UtcNow;
            var mark = CellMemory.Mark();
            var sw = Stopwatch.StartNew();
            var result = await kernel.SubmitAsync(cell.Source, collector, cellName, options.CellTimeout, cancellationToken).ConfigureAwait(false);
            sw.Stop();
            var skipped = result.Succeeded && CellDirectives.Parse(cell.Source).IsMarkdown;
            if (!skipped) cell.ExecutionCount = ++count;
            if (result is { Succeeded: true, HasReturnValue: true })
            {
                try { collector.Result(result.ReturnValue, count); }
                catch (Exception e) { result = new SubmissionResult(SubmissionStatus.Failed, Exception: e); }
            }
            // not after a timed-out cell: its thread may still be running (the runner stops below)
            if (options.ReleaseMemoryBetweenCells && result.Status != SubmissionStatus.TimedOut) CellMemory.Release(mark);
            cell.Metadata["papermill"] = new JsonObject
            {
                ["start_time"] = t0.ToString("O"),
                ["end_time"] = t0.Add(sw.Elapsed).ToString("O"),
                ["duration"] = Math.Round(sw.Elapsed.TotalSeconds, 4),
                ["status"] = result.Succeeded ? "completed" : "failed",
                ["exception"] = !result.Succeeded,
            };
            options.Progress?.Invoke(new CellProgress(i, codeCells.Count, cell, true, sw.Elapsed, result.Status) { Notebook = nb });
            if (!result.Succeeded)
            {
                var err = Describe(result, cellName);
                collector.Error(err);
                failed = cell;
                error = err.EValue;
                break;
            }
        }
        clock.Stop();
        nb.Metadata["papermill"] = new JsonObject
        {
            ["parameters"] = new JsonObject(options.Parameters.Concat(fromEnvironment).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["start_time"] = started.ToString("O"),
            ["end_time"] = started.Add(clock.Elapsed).ToString("O"),
            ["duration"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["exception"] = failed is not null,
            ["environment_variables"] = new JsonObject(),
            ["version"] = "notebooklib " + typeof(NotebookRunner).Assembly.GetName().Version,
        };
        return new RunResult(nb, failed is null, failed, error, clock.Elapsed);
    }

    /// <summary>Runs a notebook file; relative #r paths resolve against its folder.</summary>
    public static Task<RunResult> RunFileAsync(string path, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(Notebook.Load(path), Path.GetDirectoryName(Path.GetFullPath(path))!, options, Path.GetFileName(path), cancellationToken);

    static ErrorOutput Describe(SubmissionResult r, string cellName)
    {
        switch (r.Status)
        {
            case SubmissionStatus.CompilationFailed:
            {
                var lines = r.Diagnostics!.Select(d => $"{cellName}, {d}").ToList();
                return new ErrorOutput(r.Exception is null ? "CompilationError" : r.Exception.GetType().Name, string.Join("\n", lines), lines);
            }
            case SubmissionStatus.TimedOut:
                return new ErrorOutput("TimeoutException", r.Exception!.Message, [r.Exception.Message]);
            default:
            {
                var e = r.Exception!;
                var inner = e is System.Reflection.TargetInvocationException { InnerException: { } ie } ? ie : e;
                var where = r.ErrorLine is { } line ? $"{cellName}, line {line}" : cellName;
                var value = $"{where}: {inner.Message}";
                var trace = new List<string> { $"{inner.GetType().FullName} at {where}: {inner.Message}" };
                trace.AddRange((inner.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => s.TrimEnd()));
                return new ErrorOutput(inner.GetType().Name, value, trace);
            }
        }
    }
}
