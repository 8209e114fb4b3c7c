using System.Diagnostics;
using NotebookLib.IO;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.IO;

/// <summary>The .Z reader against Debian's compress(1) (ncompress): what compress writes, we read back byte for byte.</summary>
public class UnixCompressStreamTests
{
    /// <summary>compress(1) of <paramref name="data"/> with <paramref name="bits"/>-bit codes at most.</summary>
    internal static byte[] Compress(byte[] data, int bits = 16)
    {
        var dir = Repo.TempDir("unix-compress");
        var plain = Path.Combine(dir, "data");
        File.WriteAllBytes(plain, data);
        var psi = new ProcessStartInfo("compress", ["-c", "-f", $"-b{bits}", plain]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        using var output = new MemoryStream();
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(output);
        p.WaitForExit();
        Assert.True(p.ExitCode is 0 or 2, $"compress failed: {err.Result}");   // 2: "no gain", the output is still written
        return output.ToArray();
    }

    static byte[] Decode(byte[] z, int chunk)
    {
        using var s = new UnixCompressStream(new MemoryStream(z));
        using var o = new MemoryStream();
        var buf = new byte[chunk];
        int n;
        while ((n = s.Read(buf, 0, buf.Length)) > 0) o.Write(buf, 0, n);
        return o.ToArray();
    }

    public static TheoryData<string, int> Inputs => new()
    {
        { "empty", 16 }, { "one byte", 16 }, { "text", 16 }, { "text", 10 }, { "kwkwk", 16 },   // -b9: not even compress -d reads its own output back
        // large enough to fill the 16-bit table and, where the data turn random, to make compress CLEAR it
        { "image then noise", 16 }, { "image then noise", 12 },
    };

    static byte[] Make(string kind) => kind switch
    {
        "empty" => [],
        "one byte" => [42],
        "text" => System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 4000).Select(i => $"SIMPLE  = T / card {i % 97} of a header\n"))),
        "kwkwk" => Enumerable.Repeat((byte)'a', 100_000).ToArray(),
        _ => ImageThenNoise(),
    };

    static byte[] ImageThenNoise()
    {
        var rng = new Random(3);
        var b = new byte[3_000_000];
        for (int i = 0; i < 1_500_000; i++) b[i] = (byte)(100 + 20 * Math.Sin(i / 300.0) + rng.Next(4));
        rng.NextBytes(b.AsSpan(1_500_000, 700_000));
        for (int i = 2_200_000; i < b.Length; i++) b[i] = (byte)(i / 1000 % 7);
        return b;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void What_compress_writes_reads_back_byte_for_byte(string kind, int bits)
    {
        var data = Make(kind);
        var z = Compress(data, bits);
        Assert.Equal(data, Decode(z, 4096));
        Assert.Equal(data, Decode(z, 7));     // reads that end inside a decoded string
    }

    [Fact]
    public void A_stream_that_is_not_compress_output_is_refused_by_name()
    {
        var e = Assert.Throws<InvalidDataException>(() => new UnixCompressStream(new MemoryStream([0x1f, 0x8b, 8, 0])));
        Assert.Contains("1f 9d", e.Message);
        e = Assert.Throws<InvalidDataException>(() => new UnixCompressStream(new MemoryStream([0x1f, 0x9d, 0x90 | 20])));
        Assert.Contains("20-bit codes", e.Message);
    }

    [Fact]
    public void A_code_beyond_the_table_is_corruption_not_a_crash()
    {
        var z = Compress(Make("text"));
        // the second code (bits 9..17 after the header) set to 511: the table then holds 257 entries
        z[3 + 1] |= 0xFE; z[3 + 2] |= 0x03;
        var e = Assert.Throws<InvalidDataException>(() => Decode(z, 4096));
        Assert.Contains("beyond the table", e.Message);
    }
}
