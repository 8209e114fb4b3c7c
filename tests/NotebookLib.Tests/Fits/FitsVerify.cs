using System.Diagnostics;

namespace NotebookLib.Tests.Fits;

/// <summary>Debian's fitsverify (HEASARC): the standard's checker for files we write.</summary>
public static class FitsVerify
{
    /// <summary>Asserts that fitsverify finds no error and no warning in the file.</summary>
    public static void AssertValid(string path)
    {
        var psi = new ProcessStartInfo("fitsverify") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && output.Contains("Verification found 0 warning(s) and 0 error(s)"),
            $"fitsverify {path} (exit {p.ExitCode}):\n{output}\n{err.Result}");
    }
}
