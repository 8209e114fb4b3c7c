using System.Numerics;
using System.Text.Json.Nodes;
using NotebookLib.Fits;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Fits;

/// <summary>What the writer produces: valid FITS (fitsverify), read back the same by astropy and by us.</summary>
public class FitsWriterTests
{
    static float[] Ramp(int n, float scale = 0.37f) => Enumerable.Range(0, n).Select(i => (i - n / 3) * scale).ToArray();

    static FitsHeader PrimaryCards() => new FitsHeader()
        .Set("OBJECT", "NGC 1316", "target")
        .Set("EXPTIME", 87.25, "seconds")
        .Set("NCOMBINE", 12)
        .Set("DITHER", true)
        .Set("GAIN", 1.0 / 3.0)
        .Set("PHASE", new Complex(1.5, -2.25))
        .Set("LONGSTR", string.Concat(Enumerable.Repeat("a long value that continues ", 6)).TrimEnd())
        .Set("QUOTE", "it's")
        .Set("ESO DET CHIP NAME", "EEV44")
        .AddHistory("written by NotebookLib tests")
        .AddComment("a comment card");

    /// <summary>A multi-extension file like the data engineer's synthetic frames.</summary>
    static WritableHdu[] MultiExtension()
    {
        var sci = Ramp(6 * 5);
        sci[7] = float.NaN;
        var scaled = Ramp(4 * 3, 1.7f);
        scaled[2] = float.NaN;
        return
        [
            new ImageHdu { Header = PrimaryCards() },
            new ImageHdu(new FitsArray<float>(sci, 5, 6)) { Name = "SCI" },
            new ImageHdu(new FitsArray<short>(Enumerable.Range(0, 20).Select(i => (short)(i * 1000 - 9000)).ToArray(), 4, 5)) { Name = "DQ" },
            new ImageHdu(new FitsArray<ushort>([0, 1, 32767, 32768, 65535, 12345], 2, 3)) { Name = "RAW" },
            new ImageHdu(new FitsArray<float>(scaled, 3, 4)) { Name = "SCALED", Bitpix = 16, BScale = 0.01, BZero = 100 },
            new ImageHdu(new FitsArray<double>(Enumerable.Range(0, 24).Select(i => Math.Sqrt(i) * 1e10).ToArray(), 2, 3, 4)) { Name = "CUBE" },
            new ImageHdu(new FitsArray<int>([int.MinValue, -1, 0, 1, int.MaxValue, 7], 6)) { Name = "INT32", Header = new FitsHeader().Set("BUNIT", "count") },
            new BinTableHdu(
                new FitsColumn("ID", new long[] { 1, 2, long.MaxValue }),
                new FitsColumn("FLUX", new float[] { 1.5f, float.NaN, -3.25f }, unit: "ADU"),
                new FitsColumn("MAG", new double[] { 21.125, 22.5, 1e-300 }),
                new FitsColumn("FLAG", new bool[] { true, false, true }),
                new FitsColumn("NAME", new[] { "star", "galaxy", "" }),
                new FitsColumn("U16", new ushort[] { 0, 40000, 65535 }),
                new FitsColumn("I16", new short[] { -5, 0, 5 }),
                new FitsColumn("B", new byte[] { 0, 128, 255 }),
                new FitsColumn("VEC", new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, cellShape: [2, 2]),
                new FitsColumn("Z", new Complex[] { new(1, 2), new(-3, 0.5), Complex.Zero }),
                new FitsColumn("VAR", new double[][] { [1.0], [], [2.0, 3.0, 4.0] })) { Name = "CATALOG" },
        ];
    }

    [Fact]
    public void A_multi_extension_file_passes_fitsverify_and_astropy_reads_what_was_written()
    {
        var path = Path.Combine(Repo.TempDir("fits-write"), "mef.fits");
        FitsWriter.Write(path, MultiExtension());
        FitsVerify.AssertValid(path);

        var dump = AstropyOracle.Dump(path)[path]!;
        Assert.Null(dump["error"]);
        var hdus = dump["hdus"]!.AsArray();
        Assert.Equal(["PRIMARY", "SCI", "DQ", "RAW", "SCALED", "CUBE", "INT32", "CATALOG"], hdus.Select(h => (string)h!["name"]!).ToArray());

        var header = PrimaryCards();
        foreach (var card in header.Where(c => !c.IsCommentary))
            AstropyOracle.AssertValue(Find(hdus[0]!, card.Keyword)[1]!, card.Value, $"primary {card.Keyword}");
        Assert.Equal("written by NotebookLib tests", (string)Find(hdus[0]!, "HISTORY")[1]![1]!);
        Assert.Equal("a comment card", (string)Find(hdus[0]!, "COMMENT")[1]![1]!);
        Assert.Equal("seconds", (string)Find(hdus[0]!, "EXPTIME")[2]!);

        var written = MultiExtension();
        for (int i = 1; i <= 6; i++)
        {
            var image = (ImageHdu)written[i];
            var expected = ToDoubles(image.Data!.Values);
            var astropy = hdus[i]!["values"]!.AsArray().Select(AstropyOracle.Real).ToArray();
            Assert.Equal(image.Data.Shape, hdus[i]!["shape"]!.AsArray().Select(s => (int)s!).ToArray());
            // Scaled 16-bit storage keeps BSCALE/2 of precision; the others are exact.
            var tol = image.BScale is double s ? s / 2 + 1e-9 : 0;
            for (int k = 0; k < expected.Length; k++)
                Assert.True(AstropyOracle.Close(expected[k], astropy[k], 0, tol), $"{image.Name} pixel {k}: wrote {expected[k]:R}, astropy reads {astropy[k]:R}");
        }
        Assert.Equal("count", (string)Find(hdus[6]!, "BUNIT")[1]![1]!);

        var table = hdus[7]!["columns"]!.AsArray();
        var source = ((BinTableHdu)written[7]).Columns;
        Assert.Equal(source.Select(c => c.Name), table.Select(c => (string)c!["name"]!));
        for (int c = 0; c < source.Count; c++)
            for (int r = 0; r < 3; r++)
                AstropyOracle.AssertCell(table[c]!["cells"]![r], source[c][r], 0, $"column {source[c].Name} row {r}");
    }

    [Fact]
    public void What_is_written_reads_back_the_same_here()
    {
        var path = Path.Combine(Repo.TempDir("fits-write"), "mef.fits");
        var written = MultiExtension();
        FitsWriter.Write(path, written);
        using var f = FitsFile.Open(path);
        Assert.Equal(8, f.Count);
        Assert.Equal(FitsHduType.Primary, f[0].Type);
        Assert.False(f[0].HasData);
        var h = f[0].Header;
        Assert.Equal("NGC 1316", h.GetString("OBJECT"));
        Assert.Equal("target", h.Comment("OBJECT"));
        Assert.Equal(87.25, h.GetDouble("EXPTIME"));
        Assert.Equal(12L, h.GetLong("NCOMBINE"));
        Assert.True(h.GetBool("DITHER"));
        Assert.Equal(1.0 / 3.0, h.GetDouble("GAIN"));
        Assert.Equal(new Complex(1.5, -2.25), h.GetComplex("PHASE"));
        Assert.Equal(PrimaryCards().GetString("LONGSTR"), h.GetString("LONGSTR"));
        Assert.Equal("it's", h.GetString("QUOTE"));
        Assert.Equal("EEV44", h.GetString("ESO DET CHIP NAME"));
        Assert.Equal(["written by NotebookLib tests"], h.History);
        Assert.Equal(["a comment card"], h.Comments);

        var sci = f["SCI"].ReadImage2D();
        var src = ((ImageHdu)written[1]).Data!.Values as float[];
        Assert.Equal((6, 5), (sci.Width, sci.Height));
        Assert.Equal(src, sci.Pixels);
        Assert.Equal(-32, f["SCI"].Bitpix);
        Assert.Equal(((FitsArray<short>)((ImageHdu)written[2]).Data!).Data, (short[])f["DQ"].ReadRawImage().Values);
        Assert.Equal([0, 1, 32767, 32768, 65535, 12345], f["RAW"].ReadImage<ushort>().Data);
        Assert.Equal(16, f["RAW"].Bitpix);
        Assert.Equal(32768.0, f["RAW"].Header.GetDouble("BZERO"));
        var scaled = f["SCALED"].ReadImage();
        Assert.Equal([3, 4], scaled.Shape);
        Assert.True(float.IsNaN(scaled.Data[2]));
        Assert.Equal(short.MinValue, f["SCALED"].Header.GetLong("BLANK"));
        var expected = ((FitsArray<float>)((ImageHdu)written[4]).Data!).Data;
        for (int i = 0; i < expected.Length; i++)
            if (!float.IsNaN(expected[i])) Assert.InRange(scaled.Data[i] - expected[i], -0.0051, 0.0051);
        Assert.Equal(((FitsArray<double>)((ImageHdu)written[5]).Data!).Data, f["CUBE"].ReadImageDouble().Data);
        Assert.Equal([int.MinValue, -1, 0, 1, int.MaxValue, 7], f["INT32"].ReadImage<int>().Data);

        var t = f["CATALOG"].ReadTable();
        Assert.Equal(3, t.RowCount);
        Assert.Equal(new long[] { 1, 2, long.MaxValue }, t["ID"].Values<long>());
        Assert.Equal("ADU", t["FLUX"].Unit);
        Assert.True(float.IsNaN(t["FLUX"].Values<float>()[1]));
        Assert.Equal(new[] { "star", "galaxy", "" }, t["NAME"].Values<string>());
        Assert.Equal(new ushort[] { 0, 40000, 65535 }, t["U16"].Values<ushort>());
        Assert.Equal([2, 2], t["VEC"].CellShape);
        Assert.Equal(new float[] { 5, 6, 7, 8 }, (float[])t["VEC"][1]!);
        Assert.Equal(new Complex(-3, 0.5), t["Z"].Values<Complex>()[1]);
        Assert.Equal([[1.0], [], [2.0, 3.0, 4.0]], t["VAR"].VariableValues<double>());
    }

    [Fact]
    public void A_gzip_file_is_written_compressed_and_reads_back()
    {
        var path = Path.Combine(Repo.TempDir("fits-write"), "frame.fits.gz");
        var pixels = Ramp(64 * 32);
        FitsWriter.Write(path, new ImageHdu(new Image(64, 32, pixels).ToFitsArray()));
        using (var s = File.OpenRead(path)) Assert.Equal(0x1f, s.ReadByte());
        using var f = FitsFile.Open(path);
        Assert.Equal(pixels, f[0].ReadImage2D().Pixels);
        var dump = AstropyOracle.Dump(path)[path]!;
        Assert.Equal(pixels.Select(p => (double)p), dump["hdus"]![0]!["values"]!.AsArray().Select(AstropyOracle.Real));
    }

    [Fact]
    public void A_failed_write_leaves_the_earlier_file_as_it_was()
    {
        var dir = Repo.TempDir("fits-atomic");
        var path = Path.Combine(dir, "frame.fits");
        FitsWriter.Write(path, new ImageHdu(new FitsArray<float>(Ramp(16), 4, 4)));
        var before = File.ReadAllBytes(path);
        var tooBig = new float[] { 1, 2, 1e9f, 4 };
        var ex = Assert.Throws<FitsException>(() => FitsWriter.Write(path,
            new ImageHdu(new FitsArray<float>(Ramp(16), 4, 4)), new ImageHdu(new FitsArray<float>(tooBig, 2, 2)) { Name = "BAD", Bitpix = 16 }));
        Assert.Contains("frame.fits", ex.Message);
        Assert.Contains("HDU 1", ex.Message);
        Assert.Contains("BAD", ex.Message);
        Assert.Contains("does not fit BITPIX 16", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["frame.fits"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_header_read_from_a_file_can_be_written_back_with_new_data()
    {
        var dir = Repo.TempDir("fits-copy");
        var src = Path.Combine(AstropyOracle.TestData, "o4sp040b0_raw.fits");
        var dst = Path.Combine(dir, "copy.fits");
        using (var f = FitsFile.Open(src))
        {
            var sci = f["SCI"].ReadImage();
            FitsWriter.Write(dst, new ImageHdu { Header = f[0].Header }, new ImageHdu(sci) { Name = "SCI", Header = f["SCI"].Header });
        }
        FitsVerify.AssertValid(dst);
        using var a = FitsFile.Open(src);
        using var b = FitsFile.Open(dst);
        Assert.Equal(a["SCI"].ReadImage().Data, b["SCI"].ReadImage().Data);
        Assert.Equal(a[0].Header.GetString("TARGNAME"), b[0].Header.GetString("TARGNAME"));
        Assert.Equal(a["SCI"].Header.GetDouble("CRVAL1"), b["SCI"].Header.GetDouble("CRVAL1"));
    }

    [Fact]
    public void Checksums_are_written_on_request_and_verify()
    {
        var path = Path.Combine(Repo.TempDir("fits-write"), "sums.fits");
        FitsWriter.Write(path, MultiExtension(), checksum: true);
        FitsVerify.AssertValid(path);
        using var f = FitsFile.Open(path);
        Assert.All(f, h => Assert.Equal(16, h.Header.GetString("CHECKSUM").Length));
        var verdict = Repo.RunPython("""
            import sys, warnings
            from astropy.io import fits
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                with fits.open(sys.argv[1], checksum=True) as h:
                    print(all(x._checksum_valid and x._datasum_valid for x in h))
            """, path);
        Assert.Equal("True", verdict.Trim());
    }

    [Fact]
    public void An_undefined_value_round_trips()
    {
        var path = Path.Combine(Repo.TempDir("fits-write"), "undef.fits");
        FitsWriter.Write(path, new ImageHdu { Header = new FitsHeader().Set("UNDEF", null, "no value yet") });
        using var f = FitsFile.Open(path);
        Assert.True(f[0].Header.Contains("UNDEF"));
        Assert.Null(f[0].Header["UNDEF"]);
        Assert.Equal("no value yet", f[0].Header.Comment("UNDEF"));
        AstropyOracle.AssertValue(Find(AstropyOracle.Dump(path)[path]!["hdus"]![0]!, "UNDEF")[1]!, null, "UNDEF");
    }

    static JsonNode Find(JsonNode hdu, string keyword) =>
        hdu["cards"]!.AsArray().First(c => (string)c![0]! == keyword)!;

    static double[] ToDoubles(Array a) => a.Cast<object>().Select(v => Convert.ToDouble(v)).ToArray();
}
