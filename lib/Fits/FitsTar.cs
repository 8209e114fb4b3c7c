using System.Formats.Tar;
using System.IO.Compression;

namespace NotebookLib.Fits;

/// <summary>
/// FITS files inside a tar archive (.tar, or gzip-compressed .tar.gz / .tgz), read straight from it
/// without unpacking to disk — Python's <c>tarfile.open(path)</c> then <c>fits.open(tar.extractfile(member))</c>.
/// Each member is opened from memory (<see cref="FitsFile.Open(byte[], string)"/>) and named
/// "archive.tar/member.fits" in errors.
/// </summary>
public static class FitsTar
{
    /// <summary>The FITS members of the archive (names ending .fits, .fit or .fts), in archive order, each
    /// opened in turn: dispose each file when done with it. Other members are skipped.</summary>
    public static IEnumerable<FitsFile> Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"no tar archive at {path}", path);
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new TarReader(stream);
        var name = Path.GetFileName(path);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null || !IsFits(entry.Name))
                continue;
            var bytes = new byte[entry.Length];
            entry.DataStream.ReadExactly(bytes);
            yield return FitsFile.Open(bytes, $"{name}/{entry.Name}");
        }
    }

    /// <summary>Writes the FITS files to a tar archive (gzip-compressed when the name ends .gz or .tgz),
    /// each under its own file name, atomically (a temporary file, then rename).</summary>
    public static void Write(string path, IEnumerable<string> fitsFiles)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
        // A temporary file renamed at the end, so a failed write leaves no half archive (no fsync: a
        // folder of thousands of small archives is rewritten from the generator anyway).
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = File.Create(temporary))
            using (Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file)
            using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
                foreach (var f in fitsFiles) writer.WriteEntry(f, Path.GetFileName(f));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    static bool IsFits(string name) =>
        name.EndsWith(".fits", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".fit", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".fts", StringComparison.OrdinalIgnoreCase);
}
