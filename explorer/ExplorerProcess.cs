using System.Diagnostics;

namespace NotebookLib.Explorer;

/// <summary>The explorer as a separate process (`dotnet NotebookLib.Explorer.dll …`), for the fault test and
/// the benchmark: started on a free port of 127.0.0.1, its URL read from the first line it prints, and
/// killed with SIGKILL (Process.Kill) when a crash is wanted.</summary>
internal sealed class ExplorerProcess : IDisposable
{
    readonly Process process;
    public string Url { get; }

    ExplorerProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    /// <summary>Starts it and waits (without blocking a pool thread: the load clients need them) for its URL.</summary>
    public static async Task<ExplorerProcess> StartAsync(string database, int demoCount, TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NotebookLib.Explorer.dll");
        if (!File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            throw new FileNotFoundException($"{dll} cannot be started on its own (no runtimeconfig beside it)", dll);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--demo", demoCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--port", "0", "--host", "127.0.0.1", "--db", database })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        string? first = null;
        try { first = await p.StandardOutput.ReadLineAsync().WaitAsync(timeout).ConfigureAwait(false); }
        catch (TimeoutException) { }
        if (first is null || !first.StartsWith("cutouts explorer: ", StringComparison.Ordinal))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            lock (stderr) throw new InvalidOperationException($"the explorer did not start within {timeout.TotalSeconds:F0} s: {first ?? "(no output)"} {stderr}");
        }
        _ = p.StandardOutput.ReadToEndAsync();   // keep the pipe drained
        return new ExplorerProcess(p, first["cutouts explorer: ".Length..].Trim());
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit(5000);
        process.Dispose();
    }
}
