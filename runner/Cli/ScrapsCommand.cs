using System.CommandLine;
using System.Text.Json;
using NotebookLib.Notebooks;

namespace NotebookLib.Cli;

/// <summary>`scraps notebook.ipynb`: prints the values the executed notebook glued, as one JSON object
/// (name → value), for scripts and CI. Exit 2 when the file is not a notebook.</summary>
internal static class ScrapsCommand
{
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "an executed notebook, e.g. reports/01-persistence-detection.ipynb" };
        var cmd = new Command("scraps", "print the values an executed notebook glued, as JSON") { notebook };
        cmd.SetAction(r => Print(r.GetValue(notebook)!, Console.Out, Console.Error));
        return cmd;
    }

    internal static int Print(string path, TextWriter output, TextWriter error)
    {
        Notebook nb;
        try { nb = Notebook.Load(path); }
        catch (Exception e) when (e is NotebookFormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
        output.WriteLine(NotebookScraps.ToJson(NotebookScraps.Of(nb)).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
