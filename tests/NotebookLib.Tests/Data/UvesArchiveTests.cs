using NotebookLib.Data;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Data;

public class UvesArchiveTests
{
    [Fact]
    public void Frames_written_as_unix_compressed_files_read_back_through_cfitsio_extension_by_extension()
    {
        var frames = UvesCalibrationGenerator.Generate(new UvesCalibrationOptions { Downscale = 32, Years = 1, FramesPerYear = 2, BadFraction = 0.5 }, 3);
        var dir = Repo.TempDir("uves-archive");
        var files = UvesArchive.Write(frames, dir);
        Assert.Equal(frames.Count, files.Count);
        Assert.All(files, f => Assert.Matches(@"UVES\.\d{4}-\d\d-\d\dT\d\d_\d\d_\d\d\.\d{3}\.fits\.Z$", f));
        Assert.All(files, f => Assert.Equal(new byte[] { 0x1f, 0x9d }, File.ReadAllBytes(f)[..2]));   // compress(1), not gzip

        var exts = UvesArchive.Read(files);
        Assert.Equal(frames.Sum(f => f.Extensions.Count), exts.Count);
        var k = 0;
        foreach (var f in frames)
            for (var e = 0; e < f.Extensions.Count; e++, k++)
            {
                var x = exts[k];
                Assert.Equal(e + 1, x.Hdu);
                Assert.Equal(f.Extensions[e].Name, x.ExtName);
                Assert.Equal(f.Extensions[e].Image.Pixels, x.Image.Pixels);   // 16-bit integers, exact
                Assert.Equal(f.Defect.ToString(), x.Defect);
                Assert.Equal(f.Year, x.Year);
                Assert.Equal(f.IsBad, x.IsBad);
                var code = $"U{(f.Arm == UvesArm.Blue ? 'B' : 'R')}{f.Type switch { UvesFrameType.Bias => 'B', UvesFrameType.Flat => 'F', _ => 'W' }}{e + 1}";
                Assert.Equal(code, x.Code);
            }
        var table = UvesArchive.Table(exts);
        Assert.Equal(exts.Count, table.Rows.Count);
        Assert.Equal(["file", "hdu", "extname", "arm", "dpr_type", "type", "year", "shape", "defect"], table.Columns.Select(c => c.Name));
        Assert.Equal("LAMP,WAVE", exts.First(e => e.Kind == "WAVE").DprType);
    }

    [Fact]
    public void The_eso_midas_test_frames_read_with_their_descriptions()
    {
        var frames = EsoMidasTestData.Frames();
        Assert.Contains(frames, f => f.Name == "nttexample.mt" && f.Image.Width == 1124 && f.Image.Height == 1024);
        Assert.Contains(frames, f => f.Name == "badfitskeys.mt" && f.Description.Contains("sky flat"));
        Assert.Contains(frames, f => f.Name == "dss_test1.fits");
        Assert.All(frames, f => Assert.True(f.Image.Width > 1 && f.Image.Height > 1, f.ToString()));
    }
}
