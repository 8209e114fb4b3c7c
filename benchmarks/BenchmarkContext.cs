using System.Diagnostics;
using NotebookLib.Configuration;

namespace NotebookLib.Benchmarks;

/// <summary>What a benchmark needs to know about the run: thread count (named on both sides of
/// every comparison), seed, size, and how to run its Python peer.</summary>
public sealed class BenchmarkContext
{
    public required EnvironmentSettings Settings { get; init; }
    /// <summary>Smaller sizes, for a quick look (`./nb bench --quick`).</summary>
    public bool Quick { get; init; }
    /// <summary>A million points where a benchmark has such a case (`./nb bench analysis --large`).</summary>
    public bool Large { get; init; }
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "notebooklib-bench");
    public Action<string> Log { get; init; } = Console.Error.WriteLine;

    public int Threads => Settings.EffectiveThreads;

    /// <summary>Debian's Python, where astropy, scikit-learn and torch are installed.</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Runs a Python peer script from benchmarks/peers/ and returns its standard output
    /// (peers print one JSON object). A failing peer is an error naming the script and its stderr.</summary>
    public string RunPython(string script, params string[] args) => RunPython(script, Threads, args);

    /// <summary>As <see cref="RunPython(string, string[])"/>, the peer told to use <paramref name="threads"/> threads.</summary>
    public string RunPython(string script, int threads, params string[] args)
    {
        var root = Settings.Root ?? throw new InvalidOperationException("environment.json was not found: run benchmarks from the repository");
        var path = Path.Combine(root, "benchmarks", "peers", script);
        if (!File.Exists(path)) throw new FileNotFoundException($"Python peer {path} is missing", path);
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(path);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var count = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var v in new[] { "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS" }) psi.Environment[v] = count;
        psi.Environment["NOTEBOOKLIB_THREADS"] = count;
        // the same OpenMP wait policy as our libtorch runs under (see Torch.Native)
        psi.Environment["OMP_WAIT_POLICY"] = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? NotebookLib.Torch.Native.DefaultOmpWaitPolicy;
        return Run(psi, $"Python peer {script}");
    }

    /// <summary>Runs a child process with redirected output and returns its standard output; a failing one is an
    /// error naming <paramref name="what"/>, its exit code and its stderr.</summary>
    internal static string Run(ProcessStartInfo psi, string what)
    {
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed (exit {p.ExitCode}): {stderr.Result}");
        return stdout;
    }
}
