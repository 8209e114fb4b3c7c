using NotebookLib.Display;
using NotebookLib.Notebooks;
using NotebookLib.Plotting;

namespace NotebookLib.Tests.Display;

public class ProgressTests
{
    sealed class RecordingOutput : IKernelOutput
    {
        public readonly List<(string Id, object? Value)> Displays = new();
        public readonly List<(string Id, object? Value)> Updates = new();
        public void WriteStream(string name, string text) { }

        public DisplayedValue Display(object? value, params string[] mimeTypes)
        {
            var d = new DisplayedValue(this, $"d{Displays.Count}", mimeTypes);
            Displays.Add((d.DisplayId, value));
            return d;
        }

        public void Update(DisplayedValue displayed, object? value) => Updates.Add((displayed.DisplayId, value));
    }

    [Fact]
    public void In_a_notebook_progress_is_one_display_updated_in_place()
    {
        var output = new RecordingOutput();
        using (KernelContext.Enter(output))
        {
            using var p = Progress.Start("training", 5);
            for (var e = 1; e <= 5; e++) p.Report(e, $"loss {1.0 / e:F3}");
        }
        var shown = Assert.Single(output.Displays);
        Assert.IsType<ProgressSnapshot>(shown.Value);
        Assert.All(output.Updates, u => Assert.Equal(shown.Id, u.Id));
        var last = Assert.IsType<ProgressSnapshot>(output.Updates[^1].Value);
        Assert.Equal((5, 5, "loss 0.200", true), (last.Completed, last.Total, last.Status, last.Finished));
        Assert.Contains("done", last.ToHtml());
        Assert.Contains("<progress max=\"5\" value=\"5\"", last.ToHtml());
    }

    [Fact]
    public void On_a_console_it_writes_the_final_state_with_elapsed_time()
    {
        var w = new StringWriter();
        using (var p = Progress.ToWriter(w, "fetching", 3))
        {
            foreach (var _ in Enumerable.Range(0, 3)) p.Advance("file.fits");
        }
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Lines are rate-limited (every 5 s to a file): the start, completion and the final line.
        Assert.True(lines.Length <= 4, string.Join("\n", lines));
        Assert.Matches(@"^fetching  \[#{24}\]  3/3  file\.fits  elapsed \d+:\d\d  done$", lines[^1]);
        Assert.EndsWith("done", lines[^1]);
        Assert.StartsWith("fetching  [........................]  0/3", lines[0]);
    }

    [Fact]
    public void Remaining_time_follows_the_average_pace()
    {
        var s = new ProgressSnapshot("x", 1, 4, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), false);
        Assert.Contains("remaining 0:30", s.ToString());
        using var p = Progress.ToWriter(TextWriter.Null, "x", 4);
        Assert.Null(p.Remaining);
        Thread.Sleep(20);
        p.Report(1);
        var snapshot = p.Snapshot();
        Assert.True(snapshot.Elapsed >= TimeSpan.FromMilliseconds(20));
        Assert.Equal(3 * snapshot.Elapsed.Ticks, snapshot.Remaining!.Value.Ticks); // 1 of 4 done: three times as long again
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Report(-1));
    }

    [Fact]
    public void Over_reports_one_step_per_item()
    {
        var output = new RecordingOutput();
        List<int> seen;
        using (KernelContext.Enter(output)) seen = Progress.Over(new[] { 1, 2, 3 }, "items").ToList();
        Assert.Equal([1, 2, 3], seen);
        var last = Assert.IsType<ProgressSnapshot>(output.Updates[^1].Value);
        Assert.Equal((3, 3, true), (last.Completed, last.Total, last.Finished));
    }
}
