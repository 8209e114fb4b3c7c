using System.CommandLine;
using NotebookLib.Benchmarks;
using NotebookLib.Configuration;

namespace NotebookLib.Cli;

/// <summary>The command line behind ./nb: run notebooks, run benchmarks.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("NotebookLib: execute the astronomy notebooks headlessly and benchmark the library");
        root.Add(RunCommand.Create());
        root.Add(BenchCommand());
        return root.Parse(args).Invoke();
    }

    static Command BenchCommand()
    {
        var names = new Argument<string[]>("names") { Description = "benchmarks to run (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var quick = new Option<bool>("--quick") { Description = "smaller sizes, for a quick look" };
        var json = new Option<string?>("--json") { Description = "also write the results to this JSON file" };
        var cmd = new Command("bench", "measure the library against its Python peers, side by side in one run") { names, quick, json };
        cmd.SetAction(r => BenchmarkRunner.Run(r.GetValue(names) ?? [],
            new BenchmarkContext { Settings = EnvironmentSettings.Current, Quick = r.GetValue(quick) }, r.GetValue(json)));
        return cmd;
    }
}
