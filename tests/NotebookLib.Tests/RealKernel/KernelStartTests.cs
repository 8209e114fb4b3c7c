using System.Diagnostics;
using System.Text.Json.Nodes;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.RealKernel;

/// <summary>
/// Kernels that start at the same moment all come up: the .NET kernel's HTTP endpoint used to take the
/// first free port of one fixed range, checked before it was bound, so two starts in the same second
/// took the same port and one died ("address already in use"). With that spec, this test lost one
/// kernel of three in each of two tries.
/// </summary>
public class KernelStartTests
{
    static (int ExitCode, string Out, string Err) RunPython(string script, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(Repo.Python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        RealKernelProcess.ForJupyter(psi, workingDirectory);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(script)} did not finish within 5 minutes");
        }
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void Three_kernels_started_at_once_through_jupyter_all_answer()
    {
        var dir = Repo.TempDir("kernels-at-once");
        var (code, output, err) = RunPython(Repo.PathOf("tests", "NotebookLib.Tests", "RealKernel", "start_kernels_at_once.py"), dir, "3", "180");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        Assert.True(line is not null, $"no reply from start_kernels_at_once.py (exit {code}):\n{err[Math.Max(0, err.Length - 3000)..]}");
        var reply = JsonNode.Parse(line)!;
        Assert.True(code == 0, $"{reply["errors"]!.ToJsonString()}\n{err[Math.Max(0, err.Length - 3000)..]}");
        Assert.Equal([true, true, true], reply["ready"]!.AsArray().Select(r => r!.GetValue<bool>()));
    }

    [Fact]
    public void The_launcher_gives_the_kernel_a_range_from_a_port_the_system_handed_out()
    {
        var dir = Repo.TempDir("kernel-launcher");
        var launcher = Repo.PathOf("runner", "Jupyter", "kernel_launcher.py");
        var (code, output, err) = RunPython(launcher, dir, "/bin/echo", "jupyter", "conn.json");
        Assert.True(code == 0, err);
        var words = output.Trim().Split(' ');
        Assert.Equal(["jupyter", "conn.json", "--http-port-range"], words[..3]);
        var range = words[3].Split('-').Select(int.Parse).ToArray();
        Assert.InRange(range[0], 1024, 65535);
        Assert.Equal(Math.Min(range[0] + 99, 65535), range[1]);

        var (refused, _, message) = RunPython(launcher, dir, "/bin/echo", "--http-port-range", "2048-3000");
        Assert.NotEqual(0, refused);
        Assert.Contains("chooses --http-port-range itself", message);
    }

    [Fact]
    public void The_installed_kernel_spec_starts_through_the_launcher_without_a_fixed_range()
    {
        var spec = Path.Combine(Path.GetDirectoryName(RealKernelProcess.ToolExecutable)!, "jupyter", "kernels", ".net-csharp", "kernel.json");
        var argv = JsonNode.Parse(File.ReadAllText(spec))!["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        Assert.Equal(Repo.PathOf("runner", "Jupyter", "kernel_launcher.py"), argv[1]);
        Assert.Equal(RealKernelProcess.ToolExecutable, argv[2]);
        Assert.DoesNotContain("--http-port-range", argv);
        Assert.Contains("--http-local-only", argv);
    }
}
