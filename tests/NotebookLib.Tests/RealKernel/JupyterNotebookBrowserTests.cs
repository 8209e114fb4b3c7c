using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.RealKernel;

/// <summary>
/// What `./nb jupyter` starts, used as a workshop would: Jupyter Notebook on 127.0.0.1 with the real
/// .NET kernel; headless Chromium opens notebook 00, runs all cells and sees the plot drawn, with every
/// request staying on this machine. The port asked for is taken, so the server must choose another and say so.
/// </summary>
public class JupyterNotebookBrowserTests
{
    /// <summary>A folder shaped like the repository (notebooks/ beside build/, node_modules/, environment.json),
    /// so that the notebook's own relative #r resolves, while the notebook itself is a copy that the
    /// browser session may change.</summary>
    static string WorkshopFolder()
    {
        var root = Repo.TempDir("workshop");
        foreach (var shared in new[] { "build", "node_modules", "environment.json", "data-manifests", ".cache" })
            if (Path.Exists(Repo.PathOf(shared)))
            {
                if (Directory.Exists(Repo.PathOf(shared))) Directory.CreateSymbolicLink(Path.Combine(root, shared), Repo.PathOf(shared));
                else File.CreateSymbolicLink(Path.Combine(root, shared), Repo.PathOf(shared));
            }
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        File.Copy(Repo.PathOf("notebooks", "00-tour.ipynb"), Path.Combine(root, "notebooks", "00-tour.ipynb"));
        return root;
    }

    [Fact]
    public async Task Notebook_00_runs_in_jupyter_notebook_in_chromium_and_draws_its_plot_offline()
    {
        var root = WorkshopFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;

        var psi = new ProcessStartInfo(Repo.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Repo.PathOf("runner", "Jupyter", "start_notebook.py"), Path.Combine(root, "notebooks"), "--port", takenPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        RealKernelProcess.ForJupyter(psi, root);
        using var server = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        server.BeginErrorReadLine();
        try
        {
            string? line;
            try { line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3)); }
            catch (TimeoutException) { line = null; }
            lock (stderr) Assert.True(line is not null, "no URL from ./nb jupyter's starter:\n" + stderr);
            var url = line!.Split(' ').Last();
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/tree\?token=[0-9a-f]{48}$", url);
            var port = new Uri(url).Port;
            Assert.NotEqual(takenPort, port);
            lock (stderr) Assert.Contains($"port {takenPort} is taken; using port {port} instead", stderr.ToString());

            var notebookUrl = url.Replace("/tree?", "/notebooks/00-tour.ipynb?", StringComparison.Ordinal);
            var r = RunBrowserCheck(notebookUrl, Repo.PathOf("build", "test-artifacts", "jupyter", "00-tour.png"));
            Assert.Empty(r.GetProperty("errors").EnumerateArray());
            Assert.Empty(r.GetProperty("externalRequests").EnumerateArray());
            Assert.Equal(r.GetProperty("codeCells").GetInt32(), r.GetProperty("executed").GetInt32());
            // The kernel's own compiler warning about its Html.Abstractions reference (any cell calling HTML()) is not an error of ours.
            var errorOutputs = r.GetProperty("errorOutputs").EnumerateArray().Select(e => e.GetString()!.Trim()).Where(e => !e.StartsWith("warning CS", StringComparison.Ordinal)).ToList();
            Assert.True(errorOutputs.Count == 0, string.Join("\n", errorOutputs));
            var plot = Assert.Single(r.GetProperty("plots").EnumerateArray());
            Assert.True(plot.GetProperty("svgs").GetInt32() >= 1, $"the plot was not drawn: {plot}");
            Assert.Equal(3, plot.GetProperty("traces").GetInt32());   // three blackbody curves
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    static JsonElement RunBrowserCheck(string url, string screenshot)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        psi.ArgumentList.Add(Repo.PathOf("tests", "NotebookLib.Tests", "RealKernel", "jupyter-browser-check.cjs"));
        psi.ArgumentList.Add(url);
        psi.ArgumentList.Add(screenshot);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish the notebook in 10 minutes: {err.Result}");
        }
        Assert.True(p.ExitCode == 0, $"browser check failed (exit {p.ExitCode}): {err.Result}");
        return JsonDocument.Parse(output.Result).RootElement.Clone();
    }
}
