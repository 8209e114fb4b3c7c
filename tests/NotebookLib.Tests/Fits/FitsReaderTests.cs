using NotebookLib.Fits;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Fits;

/// <summary>Sections, CFITSIO's extended file names, compressed input and the HDU list, against full reads and astropy.</summary>
public class FitsReaderTests
{
    static string Frame(string dir, int w = 40, int h = 30)
    {
        var path = Path.Combine(dir, "frame.fits");
        var pixels = Enumerable.Range(0, w * h).Select(i => (float)(i % w) + 1000f * (i / w)).ToArray();
        FitsWriter.Write(path,
            new ImageHdu(),
            new ImageHdu(new Image(w, h, pixels).ToFitsArray()) { Name = "SCI" },
            new ImageHdu(new FitsArray<ushort>(pixels.Select(p => (ushort)(p / 2)).ToArray(), h, w)) { Name = "SCI", Header = new FitsHeader().Set("EXTVER", 2) });
        return path;
    }

    [Fact]
    public void A_section_is_the_same_pixels_as_the_full_image()
    {
        var path = Frame(Repo.TempDir("fits-read"));
        using var f = FitsFile.Open(path);
        var full = f["SCI"].ReadImage2D();
        var s = f["SCI"].ReadSection(5, 7, 12, 9);
        Assert.Equal((12, 9), (s.Width, s.Height));
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 12; x++)
                Assert.Equal(full[5 + x, 7 + y], s[x, y]);
        // Scaled unsigned data through a section, as ushort and as float.
        var u = f["SCI", 2].ReadSection<ushort>([7, 5], [9, 12]);
        var uf = f["SCI", 2].ReadSection<float>([7, 5], [9, 12]);
        var fullU = f["SCI", 2].ReadImage<ushort>();
        Assert.Equal(fullU[7 + 8, 5 + 11], u[8, 11]);
        Assert.Equal(u.Data.Select(v => (float)v), uf.Data);
    }

    /// <summary>Unix compress (LZW, .Z: how ESO ships UVES raw frames), made with Debian's ncompress.</summary>
    [Fact]
    public void A_unix_compressed_file_reads_as_the_uncompressed_one()
    {
        var dir = Repo.TempDir("fits-z");
        var path = Frame(dir, 300, 200);
        var compressed = path + ".Z";
        var psi = new System.Diagnostics.ProcessStartInfo("compress", ["-c", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("compress (Debian ncompress) did not start"))
        using (var o = File.Create(compressed))
        {
            p.StandardOutput.BaseStream.CopyTo(o);
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"compress failed: {p.StandardError.ReadToEnd()}");
        }
        var bytes = File.ReadAllBytes(compressed);
        Assert.Equal(new byte[] { 0x1f, 0x9d }, bytes[..2]);   // compress(1)'s magic number, not gzip's

        using var plain = FitsFile.Open(path);
        using var z = FitsFile.Open(compressed);
        Assert.Equal(plain.Count, z.Count);
        for (int i = 0; i < plain.Count; i++)
        {
            Assert.Equal(plain[i].Header.Select(c => (c.Keyword, c.Value)), z[i].Header.Select(c => (c.Keyword, c.Value)));
            Assert.Equal(plain[i].Shape, z[i].Shape);
            if (plain[i].HasData) Assert.Equal(plain[i].ReadImage().Data, z[i].ReadImage().Data);
        }
        Assert.Equal(plain["SCI", 2].ReadImage<ushort>().Data, z["SCI", 2].ReadImage<ushort>().Data);
    }

    [Fact]
    public void A_section_of_a_tile_compressed_image_matches_astropy()
    {
        var path = Path.Combine(AstropyOracle.TestData, "comp.fits");
        using var f = FitsFile.Open(path);
        var hdu = f[1];
        Assert.True(hdu.IsCompressed);
        Assert.Equal([300, 440], hdu.Shape);
        var section = hdu.ReadSection<float>([100, 200], [20, 30]);
        var expected = Repo.RunPython("""
            import sys, json, warnings; warnings.simplefilter("ignore")
            from astropy.io import fits
            with fits.open(sys.argv[1]) as h:
                print(json.dumps(h[1].data[100:120, 200:230].astype(float).ravel().tolist()))
            """, path);
        var values = System.Text.Json.JsonSerializer.Deserialize<double[]>(expected)!;
        Assert.Equal(values, section.Data.Select(v => (double)v));
    }

    [Fact]
    public void The_extended_file_name_selects_an_HDU_and_cuts_an_image()
    {
        var path = Frame(Repo.TempDir("fits-read"));
        using (var f = FitsFile.Open(path + "[SCI,2]"))
            Assert.Equal(2, f.Selected.Index);
        using (var f = FitsFile.Open(path + "+1"))
            Assert.Equal("SCI", f.Selected.Name);
        using (var f = FitsFile.Open(path + "[SCI][3:5,2:3]"))
        {
            // CFITSIO's image section (1-based, inclusive): x 3..5, y 2..3 of the first SCI.
            var cut = f.Selected.ReadImage2D();
            Assert.Equal((3, 2), (cut.Width, cut.Height));
            Assert.Equal(2f + 1000f, cut[0, 0]);
            Assert.Equal(4f + 2000f, cut[2, 1]);
        }
    }

    [Fact]
    public void GetData_takes_the_first_HDU_with_pixels_as_astropy_does()
    {
        var path = Frame(Repo.TempDir("fits-read"));
        var data = FitsFile.GetData(path);
        Assert.Equal([30, 40], data.Shape);
        Assert.Equal(1000f * 2 + 3, data[2, 3]);
        Assert.Equal(20000f / 2, Image.Read(path, 2)[0, 20]); // HDU 2 holds pixel / 2 as uint16
        Assert.Equal(data.Data, Image.Read(path).Pixels);
        Assert.Equal("SCI", FitsFile.GetHeader(path, 1).GetString("EXTNAME"));
        // The header outlives the closed file, and still names it in errors.
        Assert.Contains(path, Assert.Throws<FitsException>(() => FitsFile.GetHeader(path, 1).GetString("FILTER")).Message);
    }

    [Fact]
    public void The_HDU_list_gives_names_types_shapes_and_BITPIX()
    {
        var path = Path.Combine(AstropyOracle.TestData, "o4sp040b0_raw.fits");
        using var f = FitsFile.Open(path);
        Assert.Equal(7, f.Count);
        Assert.Equal(["PRIMARY", "SCI", "ERR", "DQ", "SCI", "ERR", "DQ"], f.Select(h => h.Name));
        Assert.Equal(FitsHduType.Primary, f[0].Type);
        Assert.Equal(FitsHduType.Image, f[1].Type);
        Assert.Equal([44, 62], f[1].Shape); // astropy: (44, 62)
        Assert.Equal(16, f[1].Bitpix);
        Assert.Same(f[4], f["SCI", 2]);
        Assert.Contains("SCI", f.Info());
        using var t = FitsFile.Open(Path.Combine(AstropyOracle.TestData, "ascii.fits"));
        Assert.Equal(FitsHduType.AsciiTable, t[1].Type);
        Assert.Equal([5], t[1].Shape);
    }
}
