using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookLib.IO;

namespace NotebookLib.Notebooks;

/// <summary>
/// Runs a notebook in a worker process, as Jupyter and papermill keep the kernel apart from the driver:
/// a stack overflow, an <c>Environment.Exit</c>, a native crash or a cell that will not stop ends the
/// worker, never the runner. The worker (<c>NotebookLib.Runner worker</c>) runs <see cref="NotebookRunner"/>
/// unchanged, reports each cell's start and end on its stdout, and saves the executed notebook after every
/// cell; when it dies, the runner takes that checkpoint, names the cell that was running and what the
/// worker's stderr said, and returns a failed result — the caller writes the <c>.failed</c> report. A cell
/// that times out stops for real: the worker exits (or is killed) with it.
/// </summary>
public static class NotebookWorker
{
    /// <summary>Marks the worker's protocol lines on its stdout; anything else printed there is ignored.</summary>
    internal const string Marker = "\u001enbw ";

    /// <summary>How long a worker may overrun a cell's timeout (writing its result, exiting) before it is killed.</summary>
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    const int StderrTailChars = 16 * 1024;

    public static async Task<RunResult> RunFileAsync(string path, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var full = Path.GetFullPath(path);
        var source = Notebook.Load(full);
        // Counted on the notebook as the worker runs it: an injected-parameters cell is a code cell too.
        var codeCells = NotebookRunner.Prepare(source, options, Path.GetFileName(full)).Cells.Where(c => c.Type == CellType.Code).ToList();
        var work = Directory.CreateTempSubdirectory("notebooklib-worker-");
        var request = new WorkerRequest(full, Path.GetFileName(full), new Dictionary<string, string>(options.Parameters),
            options.CellTimeout.TotalSeconds, options.MaxCellOutputChars,
            Path.Combine(work.FullName, "checkpoint.ipynb"), Path.Combine(work.FullName, "result.ipynb"), Path.Combine(work.FullName, "result.json"));
        var requestPath = Path.Combine(work.FullName, "request.json");
        File.WriteAllText(requestPath, JsonSerializer.Serialize(request));

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = StartInfo(requestPath) };
        var stderr = new StringBuilder();
        var gate = new object();
        int running = -1;                                // the code cell the worker is on
        var deadline = DateTime.MaxValue;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (gate)
            {
                stderr.Append(e.Data).Append('\n');
                if (stderr.Length > 2 * StderrTailChars) stderr.Remove(0, stderr.Length - StderrTailChars);
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line || !line.StartsWith(Marker, StringComparison.Ordinal)) return;
            var f = line[Marker.Length..].Split(' ');
            var i = int.Parse(f[1], CultureInfo.InvariantCulture);
            var cell = codeCells[i];
            if (f[0] == "start")
            {
                lock (gate) { running = i; deadline = DateTime.UtcNow + options.CellTimeout + Grace; }
                options.Progress?.Invoke(new CellProgress(i, codeCells.Count, cell, false, TimeSpan.Zero, null));
            }
            else if (f[0] == "end")
            {
                lock (gate) deadline = DateTime.MaxValue;
                var status = Enum.Parse<SubmissionStatus>(f[2]);
                var elapsed = TimeSpan.FromSeconds(double.Parse(f[3], CultureInfo.InvariantCulture));
                options.Progress?.Invoke(new CellProgress(i, codeCells.Count, cell, true, elapsed, status));
            }
        };

        try
        {
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            string? killed = null;
            while (!process.HasExited)
            {
                try { await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false); }
                catch (TimeoutException) { }
                catch (OperationCanceledException)
                {
                    killed = "the run was cancelled";
                    Kill(process);
                    break;
                }
                DateTime due;
                lock (gate) due = deadline;
                if (DateTime.UtcNow > due && !process.HasExited)
                {
                    killed = $"did not finish within {options.CellTimeout.TotalSeconds:0.###} s, and the worker did not stop by itself; it was killed";
                    Kill(process);
                    break;
                }
            }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);   // drains stdout and stderr

            if (killed is null && File.Exists(request.ResultJson))
                return ReadResult(request, clock.Elapsed);
            string tail;
            lock (gate) tail = stderr.ToString();
            return Died(request, source, running, killed, process.ExitCode, tail, clock.Elapsed);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    static ProcessStartInfo StartInfo(string requestPath)
    {
        var runner = typeof(NotebookWorker).Assembly.Location;
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", runner, "worker", requestPath }) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>The dotnet host that runs this process (or the SDK's, under dotnet test), else dotnet on PATH.</summary>
    static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    static void Kill(Process p)
    {
        try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
    }

    static RunResult ReadResult(WorkerRequest request, TimeSpan elapsed)
    {
        var nb = Notebook.Load(request.ResultNotebook);
        var r = JsonNode.Parse(File.ReadAllText(request.ResultJson))!;
        var failedIndex = (int?)r["failedCell"];
        return new RunResult(nb, (bool)r["succeeded"]!, failedIndex is { } i ? nb.Cells[i] : null, (string?)r["error"],
            TimeSpan.FromSeconds((double?)r["durationSeconds"] ?? elapsed.TotalSeconds));
    }

    /// <summary>The worker ended without a result: the last checkpoint, with the running cell named and why.</summary>
    static RunResult Died(WorkerRequest request, Notebook source, int running, string? killed, int exitCode, string stderr, TimeSpan elapsed)
    {
        var nb = File.Exists(request.Checkpoint) ? Notebook.Load(request.Checkpoint) : source;
        var code = nb.Cells.Where(c => c.Type == CellType.Code).ToList();
        var cell = running >= 0 && running < code.Count ? code[running] : code.FirstOrDefault();
        var cellName = cell is null ? "before the first cell" : $"cell {nb.Cells.IndexOf(cell) + 1}";
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        string what;
        if (killed is not null) what = $"{cellName} {killed}";
        else if (lines.Any(l => l.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)))
            what = $"{cellName}: the stack overflowed (endless recursion?) and took the kernel worker down (exit code {exitCode})";
        else
            what = $"{cellName}: the kernel worker exited with code {exitCode} before the cell finished (Environment.Exit, a native crash or the process being killed)";
        var trace = new List<string> { what };
        if (lines.Count > 0)
        {
            trace.Add("last lines the worker wrote to stderr:");
            trace.AddRange(lines.TakeLast(30));
        }
        var error = new ErrorOutput(killed is not null ? "TimeoutException" : "KernelDied", what, trace);
        if (cell is not null)
        {
            cell.Outputs.Add(error);
            cell.Metadata["papermill"] = new JsonObject { ["status"] = "failed", ["exception"] = true };
        }
        nb.Metadata["papermill"] = new JsonObject
        {
            ["parameters"] = new JsonObject(request.Parameters.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["duration"] = Math.Round(elapsed.TotalSeconds, 3),
            ["exception"] = true,
        };
        return new RunResult(nb, false, cell, what, elapsed);
    }

    /// <summary>What the runner asks of a worker; written as JSON beside the worker's checkpoint.</summary>
    internal sealed record WorkerRequest(string Notebook, string Name, Dictionary<string, string> Parameters, double CellTimeoutSeconds,
        long MaxCellOutputChars, string Checkpoint, string ResultNotebook, string ResultJson);

    /// <summary>The worker's side: runs the notebook in this process and reports to the runner.</summary>
    internal static async Task<int> ServeAsync(string requestPath)
    {
        var request = JsonSerializer.Deserialize<WorkerRequest>(File.ReadAllText(requestPath))
            ?? throw new ArgumentException($"{requestPath}: not a worker request");
        var protocol = Console.Out;   // before the kernel routes Console to its cells
        var protocolGate = new object();
        void Send(string line)
        {
            lock (protocolGate) { protocol.WriteLine(Marker + line); protocol.Flush(); }
        }
        var options = new RunOptions
        {
            Parameters = request.Parameters,
            CellTimeout = TimeSpan.FromSeconds(request.CellTimeoutSeconds),
            MaxCellOutputChars = request.MaxCellOutputChars,
            Progress = p =>
            {
                // The checkpoint first: if this cell kills the process, everything before it is kept.
                if (p.Notebook is { } nb && !p.Finished) nb.Save(request.Checkpoint);
                Send(p.Finished
                    ? string.Create(CultureInfo.InvariantCulture, $"end {p.Index} {p.Status} {p.Elapsed.TotalSeconds:R}")
                    : string.Create(CultureInfo.InvariantCulture, $"start {p.Index}"));
            },
        };
        var result = await NotebookRunner.RunFileAsync(request.Notebook, options).ConfigureAwait(false);
        result.Notebook.Save(request.ResultNotebook);
        AtomicFile.WriteAllText(request.ResultJson, new JsonObject
        {
            ["succeeded"] = result.Succeeded,
            ["failedCell"] = result.FailedCell is { } c ? result.Notebook.Cells.IndexOf(c) : null,
            ["error"] = result.Error,
            ["durationSeconds"] = result.Duration.TotalSeconds,
        }.ToJsonString());
        return 0;
    }
}
