using System.CommandLine;

namespace NotebookLib.Cli;

/// <summary>The command line behind ./nb run: execute notebooks headlessly into reports.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("NotebookLib's runner: execute the astronomy notebooks headlessly");
        root.Add(RunCommand.Create());
        root.Add(ScrapsCommand.Create());
        root.Add(WorkerCommand.Create());
        return root.Parse(args).Invoke();
    }
}
