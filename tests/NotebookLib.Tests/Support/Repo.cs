using System.Diagnostics;

namespace NotebookLib.Tests.Support;

/// <summary>Paths of the repository under test, and Debian's Python for oracles.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Debian's Python 3: astropy, scikit-learn, torch and nbformat come from Debian packages.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs a Python snippet with arguments; returns stdout, or throws with stderr on failure.</summary>
    public static string RunPython(string code, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(code);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"python failed (exit {p.ExitCode}):\n{err.Result}");
        return output;
    }

    /// <summary>A fresh folder under the test run's temporary directory.</summary>
    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "notebooklib-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "environment.json")) && Directory.Exists(Path.Combine(dir.FullName, "lib"))) return dir.FullName;
        throw new InvalidOperationException("repository root (environment.json beside lib/) not found above " + AppContext.BaseDirectory);
    }
}
