namespace NotebookLib.Fits;

public sealed partial class FitsHdu
{
    /// <summary>
    /// Refuses, before anything is allocated, data that the file cannot hold or memory cannot:
    /// <paramref name="fileBytes"/> bytes from the start of this HDU's data must be in the file (a
    /// corrupt NAXISn in an 8 KB file must not allocate gigabytes), and <paramref name="elements"/>
    /// of <paramref name="elementSize"/> bytes must fit in one .NET array and in the memory there is.
    /// </summary>
    internal void RequireAllocation(long elements, int elementSize, long fileBytes, string what, string keyword = "NAXIS")
    {
        if (elements > Array.MaxLength)
            throw Location.Error($"{what} has {elements} elements, more than one array can hold ({Array.MaxLength})", keyword);
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (elements > 0 && (double)elements * elementSize > memory)
            throw Location.Error($"{what} needs {(double)elements * elementSize / (1L << 30):F1} GiB, more than the {(double)memory / (1L << 30):F1} GiB of memory available", keyword);
        if (!IsCompressed) RequireBytes(fileBytes, what, keyword);
    }

    /// <summary>Refuses when the file ends before <paramref name="bytes"/> bytes of this HDU's data.</summary>
    internal unsafe void RequireBytes(long bytes, string what, string keyword = "NAXIS")
    {
        if (bytes <= 0) return;
        lock (file.Sync)
        {
            var h = file.MoveTo(Index, Location);
            int status = 0;
            Cfitsio.ffghadll(h, out _, out var dataStart, out _, ref status);
            Location.Check(status, "cannot locate the data");
            if (file.Layout is { } layout)
            {
                if (dataStart + bytes > layout.Length)
                    throw Location.Error($"the header gives {what} {bytes} bytes, but the file ends {layout.Length - dataStart} bytes after the data start (truncated file or corrupt header)", keyword);
                return;
            }
            // No scan of our own (a virtual file, a stream too broken to follow): ask CFITSIO for the last byte.
            byte last;
            Cfitsio.ffgextn(h, bytes - 1, 1, &last, ref status);
            if (status != 0)
                throw new FitsException($"the header gives {what} {bytes} bytes, but the file ends before that (truncated file or corrupt header)", Location, keyword, status, Cfitsio.Describe(status));
        }
    }

    /// <summary>Bytes of stored data for <paramref name="elements"/> pixels from the start.</summary>
    long StoredBytes(long elements) => elements * (Math.Abs(Bitpix) / 8);
}
