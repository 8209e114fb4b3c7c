using System.CommandLine;
using NotebookLib.Configuration;
using NotebookLib.Notebooks;

namespace NotebookLib.Cli;

/// <summary>
/// `run notebooks... [--param k=v] [--out dir] [--timeout s]`: executes each notebook headlessly and
/// writes the executed notebook and its HTML report into the output folder, and updates the folder's
/// index.html (status, run time, scraps and their changes). A notebook whose cell
/// fails — or whose kernel worker dies: a stack overflow, Environment.Exit, a cell past its timeout — is
/// written as NAME.failed.ipynb / .html beside the last good NAME.ipynb / .html, which are kept, and the
/// next notebook runs; the exit code is then 1. Bad input (not a notebook, unknown parameter) exits 2. A notebook that
/// declares scale, seed or device gets them from environment.json runtime.* / NOTEBOOKLIB_* unless --param gives them.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var notebooks = new Argument<string[]>("notebooks") { Description = ".ipynb files to execute", Arity = ArgumentArity.OneOrMore };
        var param = new Option<string[]>("--param", "-p") { Description = "a parameter for the cell tagged 'parameters' (name=value); repeatable", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out", "-o") { Description = "folder for executed notebooks and HTML reports", DefaultValueFactory = _ => "reports" };
        var timeout = new Option<double?>("--timeout") { Description = "per-cell timeout in seconds (default: environment.json runtime.cellTimeoutSeconds)" };
        var maxOutput = new Option<double>("--max-output-mb") { Description = "printed text kept per cell, in millions of characters; the rest is dropped with a note", DefaultValueFactory = _ => CellOutputCollector.DefaultMaxStreamChars / (double)(1 << 20) };
        var inProcess = new Option<bool>("--in-process") { Description = "run the kernel inside this process (faster start; a crashing cell then ends the run)" };
        var cmd = new Command("run", "execute notebooks and write executed .ipynb files and HTML reports") { notebooks, param, output, timeout, maxOutput, inProcess };
        cmd.SetAction((r, ct) => RunAsync(r.GetValue(notebooks)!, r.GetValue(param) ?? [], r.GetValue(output)!, r.GetValue(timeout), r.GetValue(maxOutput), r.GetValue(inProcess), ct));
        return cmd;
    }

    static async Task<int> RunAsync(string[] paths, string[] pairs, string outDir, double? timeoutSeconds, double maxOutputMb, bool inProcess, CancellationToken ct)
    {
        var err = Console.Error;
        Dictionary<string, string> parameters;
        try { parameters = NotebookParameters.ParsePairs(pairs); }
        catch (ArgumentException e) { err.WriteLine($"error: {e.Message}"); return 2; }
        if (timeoutSeconds is <= 0) { err.WriteLine("error: --timeout must be positive"); return 2; }
        if (maxOutputMb <= 0) { err.WriteLine("error: --max-output-mb must be positive"); return 2; }
        var timeout = TimeSpan.FromSeconds(timeoutSeconds ?? EnvironmentSettings.Current.CellTimeoutSeconds);

        var exit = 0;
        var ran = new List<ReportIndex.Entry>();
        foreach (var path in paths)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            Notebook notebook;
            try
            {
                notebook = Notebook.Load(path);
                // Check the parameters (and the environment's scale, seed and device) before anything runs, so a typo costs nothing.
                var copy = Notebook.Parse(notebook.ToJsonString(), path);
                NotebookParameters.Inject(copy, parameters, path, NotebookParameters.FromEnvironment(copy, parameters, EnvironmentSettings.Current, path));
            }
            catch (Exception e) when (e is NotebookFormatException or ArgumentException)
            {
                err.WriteLine($"error: {e.Message}");
                exit = Math.Max(exit, 2);
                continue;
            }

            err.WriteLine($"▶ {path}");
            var options = new RunOptions
            {
                Parameters = parameters,
                CellTimeout = timeout,
                MaxCellOutputChars = (long)(maxOutputMb * (1 << 20)),
                Progress = p => ReportProgress(err, name, p),
            };
            // In a worker process by default, so that a cell that crashes or will not stop ends only its notebook.
            var result = inProcess
                ? await NotebookRunner.RunAsync(notebook, Path.GetDirectoryName(Path.GetFullPath(path))!, options, Path.GetFileName(path), ct)
                : await NotebookWorker.RunFileAsync(path, options, ct);

            var stem = Path.Combine(outDir, result.Succeeded ? name : name + ".failed");
            result.Notebook.Save(stem + ".ipynb");
            HtmlReport.Write(result.Notebook, stem + ".html", name);
            ran.Add(new ReportIndex.Entry(name, Path.GetFileName(stem) + ".html", result));
            if (result.Succeeded)
            {
                foreach (var stale in new[] { ".failed.ipynb", ".failed.html" }) File.Delete(Path.Combine(outDir, name + stale));
                err.WriteLine($"✔ {name}: {result.Duration.TotalSeconds:0.0} s → {stem}.ipynb, {stem}.html");
            }
            else
            {
                err.WriteLine($"✘ {name}: {result.Error}");
                err.WriteLine($"  executed notebook and report with the error: {stem}.ipynb, {stem}.html");
                exit = Math.Max(exit, 1);
            }
        }
        if (ran.Count > 0)
        {
            ReportIndex.Update(outDir, ran);
            err.WriteLine($"index of every report, with scraps and their changes: {Path.Combine(outDir, ReportIndex.HtmlName)}");
        }
        return exit;
    }

    static void ReportProgress(TextWriter err, string name, CellProgress p)
    {
        if (!p.Finished) return;
        var status = p.Status == SubmissionStatus.Succeeded ? "ok" : p.Status.ToString()!.ToLowerInvariant();
        err.WriteLine($"  [{name}] cell {p.Index + 1}/{p.CodeCells} {status} ({p.Elapsed.TotalSeconds:0.00} s)");
    }
}
