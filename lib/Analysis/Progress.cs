using NotebookLib.Notebooks;

namespace NotebookLib.Analysis;

/// <summary>A one-line progress report for long fits: an updating display inside a notebook cell,
/// occasional lines on stderr otherwise. Deliberately tiny: lib/Plotting owns the general progress display.</summary>
internal sealed class FitProgress
{
    readonly string what; readonly int total; readonly DisplayedValue? shown;
    readonly bool enabled; DateTime last = DateTime.MinValue; readonly DateTime start = DateTime.UtcNow;

    public FitProgress(string what, int total, bool enabled)
    {
        this.what = what; this.total = total; this.enabled = enabled;
        if (enabled && KernelContext.Current is { } k) shown = k.Display($"{what}: 0/{total}", "text/plain");
    }

    public void Report(int done, string? detail = null)
    {
        if (!enabled) return;
        var now = DateTime.UtcNow;
        if (done < total && (now - last).TotalSeconds < 0.5) return;
        last = now;
        var line = $"{what}: {done}/{total} ({(now - start).TotalSeconds:F1} s){(detail is null ? "" : ", " + detail)}";
        if (shown is not null) shown.Update(line);
        else if (done == total || (now - start).TotalSeconds > 2) Console.Error.WriteLine(line);
    }
}
