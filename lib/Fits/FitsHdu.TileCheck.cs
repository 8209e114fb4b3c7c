using System.IO.Compression;

namespace NotebookLib.Fits;

public sealed partial class FitsHdu
{
    bool tilesChecked;

    /// <summary>
    /// Before CFITSIO decompresses a GZIP tile-compressed image: every tile must inflate, here, to
    /// no more than its pixels can take. CFITSIO 4.2 does not stop on a corrupt deflate stream: it
    /// keeps growing its buffer and the read never ends (seen on fuzzed files, and in a plain C
    /// program, in uncompress2mem_from_mem). Runs once per HDU, and costs one extra decompression.
    /// </summary>
    unsafe void CheckGzipTiles(nint h)
    {
        if (tilesChecked || !IsCompressed) return;
        var type = file.Layout is { } layout && Index < layout.Hdus.Count
            ? layout.Hdus[Index].Cards.FirstOrDefault(c => c.Keyword == "ZCMPTYPE")?.Value as string : null;
        type ??= Header.GetString("ZCMPTYPE", "");
        if (type.Trim() is not ("GZIP_1" or "GZIP_2"))
        {
            tilesChecked = true;
            return;
        }
        int status = 0;
        int column;
        Cfitsio.ffgcno(h, 0, "COMPRESSED_DATA", out column, ref status);
        if (status != 0) { Cfitsio.Describe(status); tilesChecked = true; return; }
        Cfitsio.ffgnrwll(h, out var tiles, ref status);
        Location.Check(status, "cannot count the tiles of the compressed image", "NAXIS2");
        var cards = file.Layout?.Hdus.ElementAtOrDefault(Index)?.Cards;
        long Card(string key, long fallback) => cards?.FirstOrDefault(c => c.Keyword == key)?.Value as long? ?? fallback;
        long naxis1 = Card("NAXIS1", 0), naxis2 = Card("NAXIS2", tiles), theap = Card("THEAP", naxis1 * naxis2);
        // The tile grid, in FITS axis order: ZTILEn pixels a tile, fewer at the far edges.
        int naxis = Shape.Length;
        var size = Enumerable.Range(0, naxis).Select(i => (long)Shape[naxis - 1 - i]).ToArray();
        var tile = Enumerable.Range(1, naxis).Select(i => Math.Max(1, Card($"ZTILE{i}", i == 1 ? size[0] : 1))).ToArray();
        var grid = Enumerable.Range(0, naxis).Select(i => (size[i] + tile[i] - 1) / tile[i]).ToArray();
        for (long t = 1; t <= tiles; t++)
        {
            long pixels = 1, rest = t - 1;
            for (int i = 0; i < naxis; i++)
            {
                long k = grid[i] == 0 ? 0 : rest % grid[i];
                rest = grid[i] == 0 ? 0 : rest / grid[i];
                pixels *= Math.Min(tile[i], size[i] - k * tile[i]);
            }
            Cfitsio.ffgdesll(h, column, t, out var length, out var address, ref status);
            Location.Check(status, $"cannot read the descriptor of tile {t}", "COMPRESSED_DATA");
            if (length == 0) continue; // an uncompressed or null tile, elsewhere
            RequireBytes(theap + address + length, $"tile {t} of the compressed image", "COMPRESSED_DATA");
            var bytes = new byte[length];
            fixed (byte* p = bytes) Cfitsio.ffgextn(h, theap + address, length, p, ref status);
            Location.Check(status, $"cannot read tile {t} of the compressed image", "COMPRESSED_DATA");
            // A whole tile of 1-, 2-, 4- or 8-byte values; a stream that ends short (cut, or corrupt)
            // is one that CFITSIO keeps reallocating for.
            var inflated = Inflated(bytes, pixels * 8);
            if (inflated is not long n || !(n == pixels || n == 2 * pixels || n == 4 * pixels || n == 8 * pixels))
                throw Location.Error($"tile {t} of the GZIP-compressed image is corrupt: its deflate stream {(inflated is long m ? $"inflates to {m} bytes, not {pixels} pixels" : "does not inflate")}; CFITSIO would not stop reading it", "ZCMPTYPE");
        }
        tilesChecked = true;
    }

    /// <summary>How many bytes the stream inflates to (null when it is corrupt or inflates to more than the limit).</summary>
    static long? Inflated(byte[] compressed, long limit)
    {
        try
        {
            using var source = new MemoryStream(compressed);
            using Stream inflate = compressed.Length > 2 && compressed[0] == 0x1f && compressed[1] == 0x8b
                ? new GZipStream(source, CompressionMode.Decompress) : new ZLibStream(source, CompressionMode.Decompress);
            var buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = inflate.Read(buffer, 0, buffer.Length)) > 0)
                if ((total += n) > limit) return null;
            return total;
        }
        catch (InvalidDataException) { return null; }
    }
}
