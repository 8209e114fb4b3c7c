namespace NotebookLib.IO;

/// <summary>
/// Writes that never leave a half-written file under the final name: the content goes to a
/// temporary file in the same folder, which is then renamed over the target (atomic on POSIX).
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path beside <paramref name="path"/>,
    /// then renames it to <paramref name="path"/>. On any exception the temporary file is removed
    /// and an earlier file at <paramref name="path"/> is left as it was.</summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Writes through a stream to a temporary file, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write) =>
        Write(path, (string tmp) =>
        {
            using var s = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(s);
            s.Flush(flushToDisk: true);
        });

    public static void WriteAllText(string path, string text) =>
        Write(path, (Stream s) => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, (Stream s) => s.Write(copy));
    }
}
