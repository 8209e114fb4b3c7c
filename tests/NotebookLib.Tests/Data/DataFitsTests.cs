using System.Text.Json;
using NotebookLib.Data;
using NotebookLib.Fits;
using NotebookLib.Tests.Fits;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Data;

public class DataFitsTests
{
    [Fact]
    public void Nisp_dark_is_written_as_a_raw_product_that_astropy_and_fitsverify_accept()
    {
        var dir = Repo.TempDir("nisp-fits");
        var frame = NispSlewDarkGenerator.Generate(new NispSlewDarkOptions { Size = 64, Grism = NispGrism.RGS180, Tilt = 4 }, 3);
        var path = Path.Combine(dir, "EUC_NISP_DET11.fits");
        frame.WriteFits(path);
        FitsVerify.AssertValid(path);
        using (var f = FitsFile.Open(path))
        {
            Assert.Equal(["PRIMARY", "DET11.SCI", "DET11.DQ", "TRUTH.PERSIST", "TRUTH.PMASK", "TRUTH.CRMASK", "TRUTH.HOT", "TRUTH.DEAD"], f.Select(h => h.Name));
            Assert.Equal("RGS180", f[0].Header.GetString("GWA_POS"));
            Assert.Equal(4, f[0].Header.GetLong("GWA_TILT"));
            Assert.Equal(frame.Data.Pixels, f["DET11.SCI"].ReadImage().Data);
            Assert.Equal(frame.DataQuality, f["DET11.DQ"].ReadImage<int>().Data);
            Assert.Equal(frame.PersistenceMask.Pixels, f["TRUTH.PMASK"].ReadImage<byte>().Data.Select(b => b == 1));
        }
        var py = Repo.RunPython("""
            import sys, json
            from astropy.io import fits
            with fits.open(sys.argv[1], checksum=True) as h:
                print(json.dumps([h[0].header["TELESCOP"], h[0].header["READMODE"], float(h["DET11.SCI"].data.astype("f8").sum()), list(h["DET11.DQ"].data.shape)]))
            """, path);
        var r = JsonSerializer.Deserialize<JsonElement[]>(py)!;
        Assert.Equal("EUCLID", r[0].GetString());
        Assert.Equal("MACC(15,16,11)", r[1].GetString());
        Assert.Equal(frame.Data.Pixels.Sum(v => (double)v), r[2].GetDouble(), 1e-6);
        Assert.Equal([64, 64], r[3].EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Uves_frame_is_a_16_bit_multi_extension_file_with_hierarch_eso_keywords()
    {
        var dir = Repo.TempDir("uves-fits");
        var frame = UvesCalibrationGenerator.Generate(new UvesCalibrationOptions { Downscale = 32, Years = 1, FramesPerYear = 1 }, 2)
            .First(f => f.Arm == UvesArm.Red && f.Type == UvesFrameType.Flat);
        var path = Path.Combine(dir, "UVES.fits.gz");
        frame.WriteFits(path);
        var py = Repo.RunPython("""
            import sys, json
            from astropy.io import fits
            with fits.open(sys.argv[1]) as h:
                print(json.dumps([h[0].header["HIERARCH ESO DPR TYPE"], h[0].header["HIERARCH ESO INS PATH"], [x.name for x in h[1:]],
                                  h[1].header["BITPIX"], h[1].header["BZERO"], float(h["REDU"].data.astype("f8").sum())]))
            """, path);
        var r = JsonSerializer.Deserialize<JsonElement[]>(py)!;
        Assert.Equal("FLAT", r[0].GetString());
        Assert.Equal("RED", r[1].GetString());
        Assert.Equal(["REDL", "REDU"], r[2].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(16, r[3].GetInt32());
        Assert.Equal(32768, r[4].GetInt32());
        Assert.Equal(frame.Extensions[1].Image.Pixels.Sum(v => (double)v), r[5].GetDouble(), 1e-6);
    }

    [Fact]
    public void Hsc_visit_candidates_and_galaxy_sets_round_trip()
    {
        var dir = Repo.TempDir("sets-fits");
        var field = HscTransientGenerator.Generate(new HscTransientOptions { Width = 96, Height = 80, Visits = 2, Galaxies = 60, Stars = 20, HostFraction = 0.5 }, 1);
        var visitPath = Path.Combine(dir, "visit.fits");
        field.Visits[1].WriteFits(visitPath);
        FitsVerify.AssertValid(visitPath);
        var candPath = Path.Combine(dir, "candidates.fits");
        field.WriteCandidatesFits(candPath);
        FitsVerify.AssertValid(candPath);
        using (var f = FitsFile.Open(visitPath))
        {
            Assert.Equal([80, 96], f["DIFF"].Shape);
            Assert.Equal(field.Visits[1].Difference.Pixels, f["DIFF"].ReadImage().Data);
            Assert.Equal("Hyper Suprime-Cam", f[0].Header.GetString("INSTRUME"));
        }
        using (var f = FitsFile.Open(candPath))
        {
            var t = f["CANDIDATES"].ReadTable();
            Assert.Equal(field.Candidates.Count, t.RowCount);
            Assert.Equal(field.Candidates.SelectMany(c => c.Cutout.Pixels), t["CUTOUT"].Values<float>());
            Assert.Equal(field.Candidates.Select(c => c.Kind.ToString()), t["KIND"].Values<string>().Select(s => s.TrimEnd()));
        }
        var cfis = CfisGalaxyGenerator.Generate(new CfisGalaxyOptions { Count = 5, Size = 32 }, 1);
        var cfisPath = Path.Combine(dir, "cfis.fits");
        cfis.WriteFits(cfisPath);
        FitsVerify.AssertValid(cfisPath);
        var cut = GalaxyCutoutGenerator.Generate(new GalaxyCutoutOptions { Count = 4, Size = 32 }, 1);
        var cutPath = Path.Combine(dir, "cutouts.fits");
        cut.WriteFits(cutPath);
        using (var f = FitsFile.Open(cutPath))
        {
            Assert.Equal([4, 3, 32, 32], f[0].Shape);
            Assert.Equal(cut.Images, f[0].ReadImage().Data);
            Assert.Equal(cut.Anomalies.Select(a => a.ToString()), f["LABELS"].ReadTable()["ANOMALY"].Values<string>().Select(s => s.TrimEnd()));
        }
    }
}
