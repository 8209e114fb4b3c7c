using System.Diagnostics;

namespace NotebookLib.FitsFuzz;

/// <summary>
/// `check FILE...`: the child; reads each file and prints one RESULT line per file.
/// `run [--seed N] [--cases N] [--seconds S] [--per-child K] [--parallel P] [--work DIR]`: the long
/// campaign (tests/fits-fuzz runs it), printing the counts and every failure with its mutation.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "check") return Check(args[1..]);
        if (args.Length > 0 && args[0] == "run") return Run(args[1..]);
        Console.Error.WriteLine("usage: NotebookLib.FitsFuzz check FILE... | run [--seed N] [--cases N] [--seconds S] [--per-child K] [--parallel P] [--work DIR]");
        return 2;
    }

    static int Check(string[] files)
    {
        for (int i = 0; i < files.Length; i++)
        {
            var r = FitsInspector.Inspect(files[i]);
            // Run finalizers now: a handle closed twice must crash inside the case that caused it.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Console.Out.Write($"RESULT\t{i}\t{r.Outcome}\t{r.Hdus}\t{r.Detail.ReplaceLineEndings(" ").Replace('\t', ' ')}\n");
            Console.Out.Flush();
        }
        return 0;
    }

    static int Run(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        int seed = int.Parse(Arg("--seed", "1")), cases = int.Parse(Arg("--cases", "2400"));
        var work = Arg("--work", Path.Combine(Path.GetTempPath(), $"fits-fuzz-{seed}"));
        var budget = TimeSpan.FromSeconds(double.Parse(Arg("--seconds", "3600"), System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        var seeds = FuzzRunner.MakeSeeds(Path.Combine(work, "seeds"));
        var clock = Stopwatch.StartNew();
        var report = FuzzRunner.Fuzz(seeds, seed, cases, budget, Path.Combine(work, "cases"),
            int.Parse(Arg("--per-child", "8")), int.Parse(Arg("--parallel", "2")), Console.Error.WriteLine);
        foreach (var f in report.Failures) Console.WriteLine(f);
        Console.WriteLine($"seed {seed}, {seeds.Count} seed files: {report}");
        return report.Failures.Count == 0 ? 0 : 1;
    }
}
