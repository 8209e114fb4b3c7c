using System.IO.Compression;
using System.Text;

namespace NotebookLib.Fits;

/// <summary>
/// Where each HDU of a file starts and how many data bytes its header claims, from our own pass
/// over the raw header blocks before CFITSIO parses them. It refuses the cards that CFITSIO is known
/// to mishandle (see <see cref="CardCheck"/>), and sizes that overflow; anything else it leaves to
/// CFITSIO, stopping where the structure is too broken to follow (CFITSIO then gives its own error).
/// Plain, gzip and Unix-compressed (.Z) files are scanned; virtual files are not.
/// </summary>
internal sealed class FileLayout
{
    internal sealed record Hdu(long HeaderStart, long DataStart, long DataBytes, IReadOnlyList<FitsCard> Cards, string CardImages)
    {
        /// <summary>Start of the next HDU: the data padded to whole 2880-byte blocks.</summary>
        internal long End => DataStart + (DataBytes + 2879) / 2880 * 2880;
    }

    const int Block = 2880;

    public List<Hdu> Hdus { get; } = [];
    /// <summary>Bytes in the (decompressed) file.</summary>
    public long Length { get; private set; }
    /// <summary>True when the scan reached the end of the file; false when it stopped at something broken.</summary>
    public bool Complete { get; private set; }

    internal static FileLayout? Scan(string path, FitsLocation where)
    {
        var disk = DiskFileOf(path);
        if (disk is null) return null;
        using var raw = File.OpenRead(disk);
        Span<byte> magic = stackalloc byte[2];
        if (raw.Read(magic) < 2) return null;
        raw.Position = 0;
        if (magic[0] == 0x1f && magic[1] == 0x8b)
        {
            using var gz = new GZipStream(raw, CompressionMode.Decompress);
            // A corrupt gzip stream is CFITSIO's to report, in its words; no layout then.
            try { return Walk(gz, where with { File = path }, seekable: false); }
            catch (InvalidDataException) { return null; }
        }
        if (magic[0] == 0x1f && magic[1] == 0x9d)
        {
            try { return Walk(new NotebookLib.IO.UnixCompressStream(raw), where with { File = path }, seekable: false); }
            catch (InvalidDataException) { return null; }
        }
        return magic[0] == (byte)'S' ? Walk(raw, where with { File = path }, seekable: true) : null;
    }

    /// <summary>The layout of a FITS file held in memory (a member of a tar archive).</summary>
    internal static FileLayout? Scan(byte[] bytes, FitsLocation where) =>
        bytes.Length > 0 && bytes[0] == (byte)'S' ? Walk(new MemoryStream(bytes, writable: false), where, seekable: true) : null;

    /// <summary>The disk file behind a name: the part before CFITSIO's "[...]" or "+n" suffix.</summary>
    static string? DiskFileOf(string path)
    {
        if (path.Contains("://")) return null;
        var p = path;
        var bracket = p.IndexOf('[');
        if (bracket > 0) p = p[..bracket];
        if (!File.Exists(p) && System.Text.RegularExpressions.Regex.Match(p, @"^(.*)\+\d+$") is { Success: true } m) p = m.Groups[1].Value;
        return File.Exists(p) ? p : null;
    }

    static FileLayout Walk(Stream s, FitsLocation where, bool seekable)
    {
        var layout = new FileLayout();
        var block = new byte[Block];
        long position = 0;
        for (int index = 0; ; index++)
        {
            var at = where with { Hdu = index };
            var headerStart = position;
            var cards = new List<FitsCard>();
            var images = new List<string>();
            bool end = false;
            while (!end)
            {
                int got = ReadBlock(s, block);
                position += got;
                if (got < Block)
                {
                    layout.Length = position;
                    layout.Complete = got == 0 && images.Count == 0;
                    return layout;
                }
                for (int i = 0; i < Block; i += 80)
                {
                    var image = Encoding.Latin1.GetString(block, i, 80);
                    if (image.StartsWith("END     ", StringComparison.Ordinal) || image.TrimEnd() == "END") { end = true; break; }
                    images.Add(image);
                }
                if (index == 0 && images.Count > 0 && !images[0].StartsWith("SIMPLE", StringComparison.Ordinal)) { layout.Length = position; return layout; }
            }
            cards.AddRange(images.Select(FitsCard.Parse));
            CardCheck.Validate(images, cards, at);
            var dataBytes = DataBytes(cards, index, at);
            if (dataBytes is not long bytes) { layout.Length = Skip(s, long.MaxValue, position, seekable); return layout; }
            var hdu = new Hdu(headerStart, position, bytes, cards, string.Concat(images));
            layout.Hdus.Add(hdu);
            var next = Skip(s, hdu.End - position, position, seekable);
            if (next < hdu.End) { layout.Length = next; return layout; }
            position = next;
        }
    }

    static int ReadBlock(Stream s, byte[] block)
    {
        int n = 0;
        while (n < block.Length)
        {
            int got = s.Read(block, n, block.Length - n);
            if (got <= 0) break;
            n += got;
        }
        return n;
    }

    /// <summary>Skips up to <paramref name="count"/> bytes; returns the new position (less when the file ends).</summary>
    static long Skip(Stream s, long count, long position, bool seekable)
    {
        if (seekable)
        {
            var target = count > s.Length - position ? s.Length : position + count;
            s.Position = target;
            return target;
        }
        var buffer = new byte[1 << 16];
        long skipped = 0;
        while (skipped < count)
        {
            int got = s.Read(buffer, 0, (int)Math.Min(buffer.Length, count - skipped));
            if (got <= 0) break;
            skipped += got;
        }
        return position + skipped;
    }

    /// <summary>|BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn), as the standard defines it;
    /// null when a mandatory keyword is missing or not an integer (CFITSIO reports that itself).</summary>
    internal static long? DataBytes(IReadOnlyList<FitsCard> cards, int index, FitsLocation where)
    {
        long? Int(string k) => cards.FirstOrDefault(c => c.Keyword == k)?.Value as long?;
        if (Int("BITPIX") is not long bitpix || Int("NAXIS") is not long naxis) return null;
        if (bitpix is not (8 or 16 or 32 or 64 or -32 or -64) || naxis < 0 || naxis > 999) return null;
        bool groups = index == 0 && cards.FirstOrDefault(c => c.Keyword == "GROUPS")?.Value is true;
        long pcount = index == 0 && !groups ? 0 : Int("PCOUNT") ?? 0, gcount = index == 0 && !groups ? 1 : Int("GCOUNT") ?? 1;
        if (naxis == 0) return 0;
        try
        {
            long product = 1;
            for (int i = 1; i <= naxis; i++)
            {
                if (Int($"NAXIS{i}") is not long n) return null;
                if (n < 0) throw new FitsException($"NAXIS{i} = {n} is negative", where, $"NAXIS{i}");
                if (groups && i == 1) continue;
                product = checked(product * n);
            }
            if (pcount < 0) throw new FitsException($"PCOUNT = {pcount} is negative", where, "PCOUNT");
            return checked(Math.Abs(bitpix) / 8 * gcount * (pcount + product));
        }
        catch (OverflowException)
        {
            throw new FitsException("the data size that BITPIX, NAXISn, PCOUNT and GCOUNT give does not fit in 64 bits (corrupt header?)", where, "NAXIS");
        }
    }
}
