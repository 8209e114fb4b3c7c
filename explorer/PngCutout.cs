using System.Buffers.Binary;
using System.IO.Compression;

namespace NotebookLib.Explorer;

/// <summary>
/// Reads a PNG cutout as grey values: 8- or 16-bit grey, grey+alpha, RGB or RGBA, not interlaced (what
/// cutout tools write); colour becomes the mean of R, G and B, alpha is ignored. Anything else is an
/// error naming the file and what it holds.
/// </summary>
public static class PngCutout
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static CutoutImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException($"{path} is not a PNG file");
        int width = 0, height = 0, depth = 0, colour = -1;
        using var idat = new MemoryStream();
        for (var at = 8; at + 8 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            if (length < 0 || at + 12 + length > bytes.Length) throw new InvalidDataException($"{path}: the {type} chunk runs past the end of the file");
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                depth = data[8];
                colour = data[9];
                if (data[12] != 0) throw new InvalidDataException($"{path} is an interlaced PNG; save it without interlacing");
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            at += 12 + length;
        }
        var channels = colour switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            3 => throw new InvalidDataException($"{path} is a palette PNG; the explorer reads grey or RGB(A) PNGs"),
            _ => throw new InvalidDataException($"{path} has no valid IHDR chunk (colour type {colour})"),
        };
        if (depth is not (8 or 16)) throw new InvalidDataException($"{path} has {depth}-bit samples; the explorer reads 8- or 16-bit PNGs");
        if (width <= 0 || height <= 0) throw new InvalidDataException($"{path} is {width}×{height} pixels");
        var bpp = channels * depth / 8;
        var stride = width * bpp;
        var raw = new byte[(long)height * (stride + 1)];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.ReadExactly(raw);
        var prev = new byte[stride];
        var row = new byte[stride];
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            var line = raw.AsSpan(y * (stride + 1), stride + 1);
            Unfilter(line[0], line[1..], prev, row, bpp, path);
            for (var x = 0; x < width; x++)
            {
                float Sample(int c) => depth == 8 ? row[x * bpp + c] : BinaryPrimitives.ReadUInt16BigEndian(row.AsSpan(x * bpp + 2 * c));
                pixels[y * width + x] = channels >= 3 ? (Sample(0) + Sample(1) + Sample(2)) / 3f : Sample(0);
            }
            (prev, row) = (row, prev);
        }
        return new CutoutImage(pixels, width, height);
    }

    static void Unfilter(byte filter, ReadOnlySpan<byte> line, byte[] prev, byte[] row, int bpp, string path)
    {
        for (var i = 0; i < line.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
            row[i] = filter switch
            {
                0 => line[i],
                1 => (byte)(line[i] + a),
                2 => (byte)(line[i] + b),
                3 => (byte)(line[i] + (a + b) / 2),
                4 => (byte)(line[i] + Paeth(a, b, c)),
                _ => throw new InvalidDataException($"{path}: unknown PNG row filter {filter}"),
            };
        }
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
