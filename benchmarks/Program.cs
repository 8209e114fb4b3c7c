using System.CommandLine;
using NotebookLib.Configuration;

namespace NotebookLib.Benchmarks;

/// <summary>The command behind ./nb bench.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // the analysis bench's fresh process for one fit (not a user command)
        if (args.Length == 6 && args[0] == FreshProcessFit.Command)
            return FreshProcessFit.Run(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
        var names = new Argument<string[]>("names") { Description = "benchmarks to run (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var quick = new Option<bool>("--quick") { Description = "smaller sizes, for a quick look" };
        var large = new Option<bool>("--large") { Description = "a million points (analysis: k-means, GMM, PCA, kNN, UMAP on 1,000,000 x 64)" };
        var json = new Option<string?>("--json") { Description = "also write the results to this JSON file" };
        var root = new RootCommand("measure the library against its Python peers, side by side in one run") { names, quick, large, json };
        root.SetAction(r => BenchmarkRunner.Run(r.GetValue(names) ?? [],
            new BenchmarkContext { Settings = EnvironmentSettings.Current, Quick = r.GetValue(quick), Large = r.GetValue(large) }, r.GetValue(json)));
        return root.Parse(args).Invoke();
    }
}
