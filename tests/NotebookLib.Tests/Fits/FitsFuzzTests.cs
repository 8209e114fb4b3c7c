using System.Text;
using NotebookLib.FitsFuzz;
using NotebookLib.Tests.Support;
using Xunit.Abstractions;

namespace NotebookLib.Tests.Fits;

/// <summary>Seeds written by astropy (a class fixture: one Python run).</summary>
public sealed class FuzzSeeds
{
    public string Directory { get; } = Repo.TempDir("fits-fuzz-seeds");
    public IReadOnlyList<string> Files { get; }
    public FuzzSeeds() => Files = FuzzRunner.MakeSeeds(Directory);
    public string Seed(string name) => Files.Single(f => Path.GetFileName(f) == name);
}

/// <summary>
/// Corrupted files never take the process down: each is read in a child process (a native crash
/// kills only the child, and the report names the mutation), and reading ends in the data or in a
/// <see cref="NotebookLib.Fits.FitsException"/>, never another exception, and the direct image path
/// agrees with CFITSIO. The longer campaign: tests/fits-fuzz.
/// </summary>
public class FitsFuzzTests(FuzzSeeds seeds, ITestOutputHelper output) : IClassFixture<FuzzSeeds>
{
    [Fact]
    public void Seeded_corruptions_end_in_data_or_a_FitsException_and_never_crash()
    {
        // Bounded: at most 240 files and 75 s; the same seed gives the same files.
        var report = FuzzRunner.Fuzz(seeds.Files, seed: 21, maxCases: 240, budget: TimeSpan.FromSeconds(75),
            Repo.TempDir("fits-fuzz"), perChild: 8, parallel: 2);
        output.WriteLine($"fuzz (seed 21): {report}");
        Assert.True(report.Failures.Count == 0, $"{report}\n" + string.Join("\n", report.Failures));
        Assert.True(report.Files >= 40, $"only {report.Files} files in the time allowed: {report}");
        Assert.True(report.Read > 0 && report.CleanErrors > 0, $"a corpus that only reads or only fails tests little: {report}");
    }

    static FuzzCase Case(int n, string path, string what) => new(n, path, what);

    static string Edit(string seed, string name, Func<byte[], byte[]> change)
    {
        var path = Path.Combine(Repo.TempDir("fits-fuzz-edit"), name);
        File.WriteAllBytes(path, change(File.ReadAllBytes(seed)));
        return path;
    }

    static int CardAt(byte[] b, string keyword, int from = 0)
    {
        var key = Encoding.ASCII.GetBytes(keyword == "END" ? "END     " : keyword.PadRight(8) + "=");
        for (int p = from; p + 80 <= b.Length; p += 80)
            if (b.AsSpan(p, key.Length).SequenceEqual(key)) return p;
        throw new InvalidOperationException($"no {keyword} card");
    }

    [Fact]
    public void A_huge_NAXIS2_is_a_FitsException_and_the_next_file_still_reads_in_the_same_process()
    {
        // Was: OverflowException in the HDU constructor, the handle closed twice, a segfault on the next open.
        var bad = Edit(seeds.Seed("bintable.fits"), "huge-rows.fits", b =>
        {
            var p = CardAt(b, "NAXIS2", 2880);
            Encoding.ASCII.GetBytes("          3000000000").CopyTo(b, p + 10);
            return b;
        });
        var report = FuzzRunner.Check([Case(0, bad, "NAXIS2 = 3000000000"), Case(1, seeds.Seed("f64-mef.fits"), "unchanged"), Case(2, seeds.Seed("u8.fits"), "unchanged")],
            TimeSpan.FromMinutes(2), perChild: 3, parallel: 1);
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures));
        Assert.Equal((1, 2), (report.CleanErrors, report.Read));
        var ex = Assert.Throws<NotebookLib.Fits.FitsException>(() => NotebookLib.Fits.FitsFile.Open(bad));
        Assert.Equal("NAXIS2", ex.Keyword);
        Assert.Equal(1, ex.HduIndex);
        Assert.Contains(bad, ex.Message);
    }

    [Fact]
    public void A_malformed_tile_compression_card_is_refused_before_CFITSIO_aborts_on_it()
    {
        // `ZVAL2 = (  2 / bytes per pixel (1, 2, 4, or 8)` aborts CFITSIO 4.2 with "buffer overflow detected".
        var bad = Edit(seeds.Seed("rice.fits"), "zval2.fits", b =>
        {
            var p = CardAt(b, "ZVAL2");
            b[p + 10] = (byte)'(';
            return b;
        });
        var report = FuzzRunner.Check([Case(0, bad, "ZVAL2 = (")], TimeSpan.FromMinutes(1), perChild: 1, parallel: 1);
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures));
        Assert.Equal(1, report.CleanErrors);
        var ex = Assert.Throws<NotebookLib.Fits.FitsException>(() => NotebookLib.Fits.FitsFile.Open(bad));
        Assert.Equal("ZVAL2", ex.Keyword);
        Assert.Contains("not a number", ex.Message);
    }

    [Fact]
    public void The_same_card_inside_a_unix_compressed_file_is_refused_too()
    {
        // ESO ships .fits.Z: CFITSIO decompresses them itself, so our own scan has to read LZW to see the card first.
        var bad = Edit(seeds.Seed("rice.fits"), "zval2-for-z.fits", b =>
        {
            var p = CardAt(b, "ZVAL2");
            b[p + 10] = (byte)'(';
            return b;
        });
        var z = bad + ".Z";
        File.WriteAllBytes(z, NotebookLib.Tests.IO.UnixCompressStreamTests.Compress(File.ReadAllBytes(bad)));
        var report = FuzzRunner.Check([Case(0, z, "ZVAL2 = ( in a .Z file")], TimeSpan.FromMinutes(1), perChild: 1, parallel: 1);
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures));
        Assert.Equal(1, report.CleanErrors);
        var ex = Assert.Throws<NotebookLib.Fits.FitsException>(() => NotebookLib.Fits.FitsFile.Open(z));
        Assert.Equal("ZVAL2", ex.Keyword);
        // and the good file, compressed the same way, reads as the plain one does
        var good = seeds.Seed("rice.fits");
        var goodZ = Path.Combine(Repo.TempDir("fits-fuzz-edit"), "rice.fits.Z");
        File.WriteAllBytes(goodZ, NotebookLib.Tests.IO.UnixCompressStreamTests.Compress(File.ReadAllBytes(good)));
        using var plain = NotebookLib.Fits.FitsFile.Open(good);
        using var compressed = NotebookLib.Fits.FitsFile.Open(goodZ);
        Assert.Equal(plain.Count, compressed.Count);
        Assert.NotNull(compressed.Layout);
        Assert.Equal(plain.Layout!.Hdus.Select(h => h.DataBytes), compressed.Layout!.Hdus.Select(h => h.DataBytes));
    }

    [Fact]
    public void A_variable_length_descriptor_beyond_the_heap_is_refused_before_anything_is_allocated()
    {
        // Was: OutOfMemoryException from an 8.6 KB file.
        var bad = Edit(seeds.Seed("bintable.fits"), "vla.fits", b =>
        {
            var end = CardAt(b, "END", 2880);
            var data = (end / 2880 + 1) * 2880;
            // Row 0: ID (J, 4 bytes), FLUX (E, 4), NAME (10A, 10), then SPEC's descriptor: count, offset.
            b[data + 18] = 0x40; b[data + 19] = 0; b[data + 20] = 0; b[data + 21] = 0;
            return b;
        });
        using var f = NotebookLib.Fits.FitsFile.Open(bad);
        var ex = Assert.Throws<NotebookLib.Fits.FitsException>(() => f["CAT"].ReadTable());
        Assert.Contains("heap", ex.Message);
        Assert.Equal("TFORM4", ex.Keyword);
    }

    [Fact]
    public void An_extension_of_unknown_type_is_a_raw_HDU_and_the_rest_of_the_file_reads()
    {
        var path = Edit(seeds.Seed("f64-mef.fits"), "unknown-extension.fits", b =>
        {
            var p = CardAt(b, "XTENSION", 2880);
            Encoding.ASCII.GetBytes("'FOOBAR  '").CopyTo(b, p + 10);
            return b;
        });
        var astropy = AstropyOracle.Dump(path)[path]!["hdus"]!.AsArray();
        Assert.Equal("NonstandardExtHDU", (string)astropy[1]!["kind"]!);
        using var f = NotebookLib.Fits.FitsFile.Open(path);
        Assert.Equal(3, f.Count);
        Assert.Equal(NotebookLib.Fits.FitsHduType.Nonstandard, f[1].Type);
        var bytes = (byte[])f[1].ReadRawImage().Values;
        Assert.Equal(20 * 25 * 8, bytes.Length);
        Assert.Equal((string)astropy[1]!["bytes"]!, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        var ex = Assert.Throws<NotebookLib.Fits.FitsException>(() => f[1].ReadImage());
        Assert.Contains("FOOBAR", ex.Message);
        Assert.Equal([20, 25], f["DQ"].ReadImage().Shape);
    }
}
