using NotebookLib.Fits;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Fits;

/// <summary>
/// Plain disk files are read by our own parallel byte-swapping path; everything else by CFITSIO.
/// The two must agree bit for bit: "file.fits[0]" forces CFITSIO on the same bytes.
/// </summary>
public class FitsDirectReadTests
{
    public static TheoryData<string, int, double?, double?, bool> Cases() => new()
    {
        { "u8", 8, null, null, false },
        { "i16", 16, null, null, false },
        { "i16 bzero", 16, 1.0, 32768.0, false },
        { "i16 scaled blank", 16, 0.013, -250.5, true },
        { "i32 blank", 32, null, null, true },
        { "i64", 64, null, null, false },
        { "f32", -32, null, null, true },
        { "f32 scaled", -32, 2.0, 1.0, false },
        { "f64", -64, null, null, true },
    };

    [Theory, MemberData(nameof(Cases))]
    public void The_direct_path_equals_CFITSIO(string name, int bitpix, double? bscale, double? bzero, bool withNaN)
    {
        var path = Path.Combine(Repo.TempDir("fits-direct"), name.Replace(' ', '-') + ".fits");
        int w = 700, h = 900; // more than one parallel chunk
        var rng = new Random(1);
        var values = new double[w * h];
        double lo = bitpix switch { 8 => 0, 16 => -30000, _ => -1e6 }, hi = bitpix switch { 8 => 255, 16 => 30000, _ => 1e6 };
        if (bscale is double s) { lo = lo * s + bzero!.Value; hi = hi * s + bzero.Value; }
        for (int i = 0; i < values.Length; i++) values[i] = bitpix > 0 && bscale is null ? Math.Round(lo + (hi - lo) * rng.NextDouble()) : lo + (hi - lo) * rng.NextDouble();
        if (withNaN) for (int i = 0; i < values.Length; i += 97) values[i] = double.NaN;
        FitsWriter.Write(path, new ImageHdu(new FitsArray<double>(values, h, w)) { Bitpix = bitpix, BScale = bscale, BZero = bzero });

        using var direct = FitsFile.Open(path);
        using var viaCfitsio = FitsFile.Open(path + "[0]");
        Assert.NotNull(direct.DiskPath);
        Assert.Null(viaCfitsio.DiskPath);
        Assert.Equal(viaCfitsio[0].ReadImage().Data, direct[0].ReadImage().Data);
        Assert.Equal(viaCfitsio[0].ReadImageDouble().Data, direct[0].ReadImageDouble().Data);
        Assert.Equal(viaCfitsio[0].ReadImage2D().Pixels, direct[0].ReadImage2D().Pixels);
        if (bitpix == 16 && bzero == 32768.0)
            Assert.Equal(viaCfitsio[0].ReadImage<ushort>().Data, direct[0].ReadImage<ushort>().Data);
        if (bscale is null)
            Assert.Equal(viaCfitsio[0].ReadRawImage().Values, direct[0].ReadRawImage().Values);
    }

    /// <summary>Images of 4 MB and more are converted with streaming stores (16-bit with BZERO → uint16 and float32).</summary>
    [Fact]
    public void A_large_unsigned_16_bit_image_reads_the_same_both_ways()
    {
        var path = Path.Combine(Repo.TempDir("fits-direct"), "large-u16.fits");
        int w = 2100, h = 1100;
        var rng = new Random(3);
        var counts = new ushort[w * h];
        for (int i = 0; i < counts.Length; i++) counts[i] = (ushort)rng.Next(0, 65536);
        FitsWriter.Write(path, new ImageHdu(new FitsArray<ushort>(counts, h, w)));
        using var direct = FitsFile.Open(path);
        using var viaCfitsio = FitsFile.Open(path + "[0]");
        var u16 = direct[0].ReadImage<ushort>().Data;
        Assert.True(u16.Length * sizeof(ushort) >= 4 << 20, "the case must be large enough for streaming stores");
        Assert.Equal(counts, u16);
        Assert.Equal(viaCfitsio[0].ReadImage().Data, direct[0].ReadImage().Data);
        Assert.Equal(counts.Select(c => (float)c), direct[0].ReadImage().Data);
    }

    [Fact]
    public void A_plane_of_a_cube_reads_the_same_both_ways()
    {
        var path = Path.Combine(Repo.TempDir("fits-direct"), "cube.fits");
        var values = Enumerable.Range(0, 3 * 50 * 40).Select(i => (short)(i % 30000 - 15000)).ToArray();
        FitsWriter.Write(path, new ImageHdu(new FitsArray<short>(values, 3, 50, 40)) { Header = new FitsHeader().Set("BUNIT", "ADU") });
        using var direct = FitsFile.Open(path);
        using var viaCfitsio = FitsFile.Open(path + "[0]");
        for (int plane = 0; plane < 3; plane++)
        {
            var a = direct[0].ReadImage2D(plane);
            Assert.Equal(viaCfitsio[0].ReadImage2D(plane).Pixels, a.Pixels);
            Assert.Equal(values[plane * 2000 + 41], a[1, 1]);
        }
    }

    /// <summary>Files where the two paths once disagreed: each must now give one answer (the same
    /// values, or a FitsException from both).</summary>
    public static TheoryData<string> Corruptions() => new() { "ieee specials", "blank non-ascii", "blank no value indicator", "blank keyword byte", "padding cut", "data cut" };

    [Theory, MemberData(nameof(Corruptions))]
    public void A_corrupt_or_unusual_file_gives_one_answer_on_both_paths(string what)
    {
        var path = Path.Combine(Repo.TempDir("fits-direct"), what.Replace(' ', '-') + ".fits");
        if (what == "ieee specials")
        {
            var v = Enumerable.Range(0, 3000).Select(i => i * 0.5f - 700f).ToArray();
            float[] specials = [1e-40f, -1e-42f, 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.Epsilon];
            for (int i = 0; i < specials.Length; i++) v[i * 101] = specials[i];
            FitsWriter.Write(path, new ImageHdu(new FitsArray<float>(v, 60, 50)));
        }
        else
        {
            // 16-bit integers with NaNs: the writer stores them as BLANK.
            var v = Enumerable.Range(0, 3000).Select(i => i % 97 == 0 ? double.NaN : i % 2000 - 1000).ToArray();
            FitsWriter.Write(path, new ImageHdu(new FitsArray<double>(v, 60, 50)) { Bitpix = 16 });
            var b = File.ReadAllBytes(path);
            int card = Enumerable.Range(0, 36).Select(k => k * 80).First(p => System.Text.Encoding.ASCII.GetString(b, p, 8) == "BLANK   ");
            switch (what)
            {
                case "blank non-ascii": b[card + 28] = 0xE9; break;
                case "blank no value indicator": b[card + 8] = (byte)'?'; break;
                case "blank keyword byte": b[card + 4] = (byte)'?'; break;
                case "padding cut": b = b[..^100]; break;
                case "data cut": b = b[..^2000]; break;
            }
            File.WriteAllBytes(path, b);
        }
        FitsException? opened = null;
        try { using var f = FitsFile.Open(path); Assert.Null(NotebookLib.FitsFuzz.FitsInspector.CompareWithCfitsio(path, f[0])); }
        catch (FitsException e) { opened = e; }
        if (what == "ieee specials")
        {
            Assert.Null(opened);
            // CFITSIO's reading, which the direct path now follows: infinities → NaN, denormals and -0 → +0.
            using var f = FitsFile.Open(path);
            var x = f[0].ReadImage().Data;
            Assert.Equal(0f, x[0]);
            Assert.False(float.IsNegative(x[303]));
            Assert.True(float.IsNaN(x[404]) && float.IsNaN(x[505]));
            Assert.Equal(1e-40f, ((float[])f[0].ReadRawImage().Values)[0]);
        }
    }
}
