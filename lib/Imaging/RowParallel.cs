using NotebookLib.Configuration;

namespace NotebookLib.Imaging;

/// <summary>Parallel loops over blocks of rows with the thread count of environment.json
/// (runtime.threads / NOTEBOOKLIB_THREADS), so that a benchmark names the threads it used.</summary>
internal static class RowParallel
{
    /// <summary>Below this many pixels, threads cost more than they save.</summary>
    const long SerialBelow = 1 << 15;

    [ThreadStatic] static int threadsOverride;

    /// <summary>The thread count for loops started on this thread: environment.json's, or a benchmark's <see cref="Limit"/>.</summary>
    public static int Threads => threadsOverride > 0 ? threadsOverride : EnvironmentSettings.Current.EffectiveThreads;

    /// <summary>Runs this thread's loops on <paramref name="threads"/> threads until disposed (benchmarks
    /// compare with single-threaded peers at one thread too).</summary>
    public static IDisposable Limit(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int previous = threadsOverride;
        threadsOverride = threads;
        return new Restore(previous);
    }

    sealed class Restore(int previous) : IDisposable
    {
        public void Dispose() => threadsOverride = previous;
    }

    /// <summary>Calls <paramref name="body"/>(firstRow, endRow) on contiguous blocks covering [0, rows).</summary>
    public static void For(int rows, long pixelsPerRow, Action<int, int> body)
    {
        int threads = Threads;
        if (threads <= 1 || rows < 2 || rows * pixelsPerRow < SerialBelow)
        {
            body(0, rows);
            return;
        }
        int blocks = Math.Min(rows, threads * 4);
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            int start = (int)((long)rows * b / blocks), end = (int)((long)rows * (b + 1) / blocks);
            if (end > start) body(start, end);
        });
    }
}
