using NotebookLib.Notebooks;

namespace NotebookLib.Models;

/// <summary>
/// One live line of progress: inside a notebook cell a display that is updated in place, outside
/// one a line on the console per report. Used by the trainer (epochs) and the search (trials).
/// </summary>
internal sealed class ProgressReporter(bool enabled)
{
    DisplayedValue? shown;

    public void Report(string line)
    {
        if (!enabled) return;
        var kernel = KernelContext.Current;
        if (kernel is null) { Console.WriteLine(line); return; }
        if (shown is null) shown = kernel.Display(line, "text/plain");
        else shown.Update(line);
    }
}
