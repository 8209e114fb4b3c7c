using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace NotebookLib.Display;

/// <summary>
/// Progress of a long loop (training epochs, UMAP epochs, files fetched). In a notebook it is one
/// display updated in place; on a console a bar redrawn on one line (or a line every few seconds when
/// the output is a file). Safe to report from several threads.
/// <code>
/// using var progress = Progress.Start("training", epochs);
/// for (var e = 0; e &lt; epochs; e++) { …; progress.Report(e + 1, $"loss {loss:F4}"); }
/// </code>
/// </summary>
public sealed class Progress : IDisposable
{
    readonly object gate = new();
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly DisplayedValue? display;
    readonly TextWriter? console;
    readonly bool interactive;
    readonly TimeSpan minInterval;
    TimeSpan lastShown; // when the display was last redrawn (the notebook display is drawn at start)
    bool finished;

    Progress(string description, int total, IKernelOutput? kernel, TextWriter? console, bool interactive)
    {
        if (total < 0) throw new ArgumentOutOfRangeException(nameof(total), $"total must be 0 (unknown) or positive, not {total}");
        Description = description;
        Total = total;
        this.console = console;
        this.interactive = interactive;
        minInterval = kernel is not null ? TimeSpan.FromMilliseconds(250) : interactive ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(5);
        display = kernel?.Display(Snapshot());
        if (display is null) Show(force: true);
    }

    /// <summary>Starts showing progress of <paramref name="total"/> steps (0 when unknown): in the current
    /// notebook cell when there is one, otherwise on standard error.</summary>
    public static Progress Start(string description, int total) =>
        KernelContext.Current is { } kernel
            ? new Progress(description, total, kernel, null, false)
            : new Progress(description, total, null, Console.Error, !Console.IsErrorRedirected);

    /// <summary>Progress written to <paramref name="writer"/> (a log file, a test).</summary>
    public static Progress ToWriter(TextWriter writer, string description, int total, bool redrawLine = false) =>
        new(description, total, null, writer, redrawLine);

    /// <summary>The items of <paramref name="items"/>, reporting one step per item.</summary>
    public static IEnumerable<T> Over<T>(IReadOnlyCollection<T> items, string description)
    {
        using var p = Start(description, items.Count);
        var done = 0;
        foreach (var item in items)
        {
            yield return item;
            p.Report(++done);
        }
    }

    public string Description { get; }
    public int Total { get; }
    public int Completed { get; private set; }
    /// <summary>What the last report said ("loss 0.0123").</summary>
    public string? Status { get; private set; }
    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Time left at the average pace so far; null before the first step or when the total is unknown.</summary>
    public TimeSpan? Remaining => RemainingAfter(Elapsed);

    TimeSpan? RemainingAfter(TimeSpan elapsed) =>
        Completed <= 0 || Total <= 0 ? null : TimeSpan.FromTicks((long)(elapsed.Ticks * (double)Math.Max(0, Total - Completed) / Completed));

    /// <summary>Sets the number of completed steps and an optional status (epoch loss, file name).</summary>
    public void Report(int completed, string? status = null)
    {
        if (completed < 0) throw new ArgumentOutOfRangeException(nameof(completed), $"completed steps cannot be negative ({completed})");
        lock (gate)
        {
            Completed = Total > 0 ? Math.Min(completed, Total) : completed;
            if (status is not null) Status = status;
            Show(force: Total > 0 && Completed == Total);
        }
    }

    /// <summary>One more step done.</summary>
    public void Advance(string? status = null)
    {
        lock (gate) Report(Completed + 1, status);
    }

    /// <summary>The state shown now.</summary>
    public ProgressSnapshot Snapshot()
    {
        var elapsed = Elapsed;
        return new(Description, Completed, Total, Status, elapsed, RemainingAfter(elapsed), finished);
    }

    void Show(bool force)
    {
        var now = clock.Elapsed;
        if (!force && now - lastShown < minInterval) return;
        lastShown = now;
        var s = Snapshot();
        if (display is not null) { display.Update(s); return; }
        if (console is null) return;
        if (interactive) console.Write("\r" + s.ToString().PadRight(100) + (s.Finished ? "\n" : ""));
        else console.WriteLine(s.ToString());
        console.Flush();
    }

    /// <summary>Shows the final state (elapsed time, last status).</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (finished) return;
            finished = true;
            Show(force: true);
        }
    }
}

/// <summary>What a progress display shows at one moment.</summary>
public sealed record ProgressSnapshot(string Description, int Completed, int Total, string? Status,
    TimeSpan Elapsed, TimeSpan? Remaining, bool Finished)
{
    public double Fraction => Total > 0 ? (double)Completed / Total : double.NaN;

    internal static string Time(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    public override string ToString()
    {
        const int width = 24;
        var bar = Total > 0 ? new string('#', (int)Math.Round(width * Fraction)).PadRight(width, '.') : "";
        var count = Total > 0 ? $"{Completed}/{Total}" : Completed.ToString(CultureInfo.InvariantCulture);
        var left = Finished ? "done" : Remaining is { } r ? "remaining " + Time(r) : "";
        var parts = new[] { Description, Total > 0 ? $"[{bar}]" : "", count, Status ?? "", "elapsed " + Time(Elapsed), left };
        return string.Join("  ", parts.Where(p => p.Length > 0));
    }

    public string ToHtml()
    {
        var pct = Total > 0 ? (100 * Fraction).ToString("F0", CultureInfo.InvariantCulture) : "";
        var bar = Total > 0 ? $"<progress max=\"{Total}\" value=\"{Completed}\" style=\"width:240px;vertical-align:middle\"></progress> " : "";
        var count = Total > 0 ? $"{Completed}/{Total} ({pct}%)" : Completed.ToString(CultureInfo.InvariantCulture);
        var left = Finished ? "done" : Remaining is { } r ? "remaining " + Time(r) : "";
        return $"<div class=\"notebooklib-progress\" style=\"font-family:monospace\"><b>{WebUtility.HtmlEncode(Description)}</b> {bar}{count}"
             + (Status is null ? "" : $" · {WebUtility.HtmlEncode(Status)}")
             + $" · elapsed {Time(Elapsed)}" + (left.Length > 0 ? $" · {left}" : "") + "</div>";
    }
}
