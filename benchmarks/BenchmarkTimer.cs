using System.Diagnostics;

namespace NotebookLib.Benchmarks;

/// <summary>Timing helpers the benchmarks share, so that every area measures the same way.</summary>
public static class BenchmarkTimer
{
    /// <summary>The fastest of <paramref name="repeats"/> runs, in seconds: on a shared machine the
    /// minimum is the run least disturbed by others.</summary>
    public static double Best(int repeats, Action action)
    {
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), $"repeats must be 1 or more, not {repeats}");
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    public static double Median(IEnumerable<double> values)
    {
        var a = values.Order().ToArray();
        if (a.Length == 0) throw new ArgumentException("the median of no values is undefined");
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }
}
