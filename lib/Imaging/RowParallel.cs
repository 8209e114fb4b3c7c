using NotebookLib.Configuration;

namespace NotebookLib.Imaging;

/// <summary>Parallel loops over blocks of rows with the thread count of environment.json
/// (runtime.threads / NOTEBOOKLIB_THREADS), so that a benchmark names the threads it used.</summary>
internal static class RowParallel
{
    /// <summary>Below this many pixels, threads cost more than they save.</summary>
    const long SerialBelow = 1 << 15;

    public static int Threads => EnvironmentSettings.Current.EffectiveThreads;

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
