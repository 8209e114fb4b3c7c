using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NotebookLib.Tests.Fits;

/// <summary>
/// The FITS files that Debian ships in the packages environment.json installs: the FITS basic test
/// suite and frames of eso-midas-testdata, pdl's (m51 among them), python-drizzle-testdata's HST
/// frames, ftools-fv's, and astropy's own test data; with what astropy reads from each, from one
/// Python process (a class fixture).
/// </summary>
public sealed class ConformanceSet
{
    public static readonly string[] Packages = ["eso-midas-testdata", "pdl", "python-drizzle-testdata", "ftools-fv", "python3-astropy"];

    public string[] Files { get; } = ListFiles();
    public JsonObject Astropy { get; }

    public ConformanceSet() => Astropy = AstropyOracle.Dump(Files);

    /// <summary>Every file of those packages that starts as FITS does ("SIMPLE  =", or gzip with .fits.gz).</summary>
    public static string[] ListFiles()
    {
        var files = new List<string>();
        foreach (var package in Packages)
        {
            var psi = new ProcessStartInfo("dpkg", ["-L", package]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var listing = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) continue; // not installed: The_packages_are_installed says so
            foreach (var f in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (File.Exists(f) && (f.EndsWith(".fits.gz", StringComparison.Ordinal) || StartsAsFits(f))) files.Add(f);
        }
        return files.Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    static bool StartsAsFits(string path)
    {
        Span<byte> head = stackalloc byte[9];
        using var s = File.OpenRead(path);
        return s.Read(head) == 9 && head.SequenceEqual("SIMPLE  ="u8);
    }
}
