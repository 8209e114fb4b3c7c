using System.Buffers.Binary;
using System.IO.Compression;

namespace NotebookLib.Plotting;

/// <summary>The pixel layouts <see cref="Png"/> writes: 8 bits per channel.</summary>
public enum PngFormat
{
    Gray = 1,
    Rgb = 3,
    Rgba = 4,
}

/// <summary>
/// A PNG encoder (ISO/IEC 15948): 8-bit grayscale, RGB or RGBA, one IDAT chunk compressed with zlib,
/// each row filtered with the filter that leaves the smallest sum of absolute differences (libpng's heuristic).
/// </summary>
public static class Png
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes row-major interleaved pixels (width × height × channels bytes).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, PngFormat format = PngFormat.Rgba,
                                CompressionLevel level = CompressionLevel.Optimal)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"a PNG needs a positive size, not {width}×{height}");
        var channels = (int)format;
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(format), $"unknown PNG format {format}");
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
            throw new ArgumentException($"{width}×{height} {format} pixels need {expected} bytes, but {pixels.Length} were given", nameof(pixels));

        var stride = width * channels;
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, level, leaveOpen: true))
        {
            var filtered = new byte[5][];
            for (var f = 0; f < 5; f++) filtered[f] = new byte[stride + 1];
            var zero = new byte[stride];
            for (var y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * stride, stride);
                var prior = y == 0 ? zero : pixels.Slice((y - 1) * stride, stride);
                var best = 0;
                long bestScore = long.MaxValue;
                for (var f = 0; f < 5; f++)
                {
                    var score = Filter(f, row, prior, channels, filtered[f]);
                    if (score < bestScore) { bestScore = score; best = f; }
                }
                z.Write(filtered[best]);
            }
        }

        using var png = new MemoryStream((int)idat.Length + 64);
        png.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = format switch { PngFormat.Gray => 0, PngFormat.Rgb => 2, _ => 6 };
        ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // deflate, adaptive filtering, no interlace
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", idat.GetBuffer().AsSpan(0, (int)idat.Length));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    // Writes filter type f of one row into output (type byte first); returns the sum of |signed residuals|.
    // One loop per filter type: this is the encoder's inner loop.
    static long Filter(int f, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, byte[] output)
    {
        output[0] = (byte)f;
        var o = output.AsSpan(1, row.Length);
        var n = row.Length;
        switch (f)
        {
            case 0:
                row.CopyTo(o);
                break;
            case 1:
                for (var i = 0; i < bpp; i++) o[i] = row[i];
                for (var i = bpp; i < n; i++) o[i] = (byte)(row[i] - row[i - bpp]);
                break;
            case 2:
                for (var i = 0; i < n; i++) o[i] = (byte)(row[i] - prior[i]);
                break;
            case 3:
                for (var i = 0; i < bpp; i++) o[i] = (byte)(row[i] - (prior[i] >> 1));
                for (var i = bpp; i < n; i++) o[i] = (byte)(row[i] - ((row[i - bpp] + prior[i]) >> 1));
                break;
            default:
                for (var i = 0; i < bpp; i++) o[i] = (byte)(row[i] - prior[i]); // Paeth with a = c = 0 picks b
                for (var i = bpp; i < n; i++) o[i] = (byte)(row[i] - Paeth(row[i - bpp], prior[i], prior[i - bpp]));
                break;
        }
        long sum = 0;
        foreach (var v in o) sum += v < 128 ? v : 256 - v;
        return sum;
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    static void WriteChunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        for (var i = 0; i < 4; i++) header[4 + i] = (byte)type[i];
        s.Write(header);
        s.Write(data);
        var crc = Crc32.Append(Crc32.Append(Crc32.Initial, header[4..]), data);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, Crc32.Finish(crc));
        s.Write(tail);
    }
}

/// <summary>CRC-32 (ISO 3309, polynomial 0xEDB88320 reflected), as PNG chunks and zip files use.</summary>
public static class Crc32
{
    static readonly uint[] Table = BuildTable();

    internal const uint Initial = 0xFFFFFFFFu;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Initial, data));

    internal static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    internal static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

    static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
