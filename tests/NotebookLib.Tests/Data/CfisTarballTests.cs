using NotebookLib.Data;
using NotebookLib.Fits;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Data;

/// <summary>Notebook 04's data path: galaxies of several camera views, one tar archive of FITS files each,
/// read straight from the archives (checked against Python's tarfile + astropy).</summary>
public class CfisTarballTests
{
    [Fact]
    public void Views_of_a_galaxy_share_its_profile_and_differ_in_what_the_survey_adds()
    {
        var set = CfisGalaxyGenerator.Generate(new CfisGalaxyOptions { Count = 40, Size = 32, Views = 4 }, 5);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i / 4), set.Galaxies);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i % 4), set.Views);
        for (var g = 0; g < 10; g++)
        {
            var views = Enumerable.Range(4 * g, 4).ToArray();
            Assert.Single(views.Select(i => set.Magnitudes[i]).Distinct());
            Assert.Single(views.Select(i => set.SersicIndices[i]).Distinct());
            Assert.NotEqual(set.Image(views[0]).Pixels, set.Image(views[1]).Pixels);
        }
        Assert.True(set.Magnitudes.Distinct().Count() == 10);
        // One view per image keeps the generator's stream as it was: the first image equals a one-view set's.
        var single = CfisGalaxyGenerator.Generate(new CfisGalaxyOptions { Count = 3, Size = 32 }, 5);
        Assert.Equal(single.Images, CfisGalaxyGenerator.Generate(new CfisGalaxyOptions { Count = 3, Size = 32, Views = 1 }, 5).Images);
    }

    [Fact]
    public void Tarballs_round_trip_images_and_truth_and_python_reads_them()
    {
        var set = CfisGalaxyGenerator.Generate(new CfisGalaxyOptions { Count = 12, Size = 24, Views = 4, ZeroFluxRate = 0.5, EdgeGapRate = 0.3 }, 9);
        var dir = Repo.TempDir("cfis-tar");
        var paths = set.WriteTarballs(dir);
        Assert.Equal(3, paths.Count);
        var back = CfisTarballs.Read(dir);
        Assert.Equal(set.Images, back.Images);
        Assert.Equal(set.Artifacts, back.Artifacts);
        Assert.Equal(set.Magnitudes, back.Magnitudes);
        Assert.Equal(set.Galaxies, back.Galaxies);
        Assert.Equal(set.Views, back.Views);
        Assert.Equal("CFHT", back.Header.GetString("TELESCOP"));
        Assert.Equal(set.ZeroFluxFractions(), back.ZeroFluxFractions());
        Assert.Contains("galaxy_00000_view0.fits", CfisTarballs.Describe(dir));

        // Python's tarfile and astropy read the same members and pixels, without unpacking.
        var sums = Repo.RunPython("""
            import sys, tarfile, io
            from astropy.io import fits
            t = tarfile.open(sys.argv[1])
            out = []
            for m in t.getmembers():
                h = fits.open(io.BytesIO(t.extractfile(m).read()))
                out.append(f"{m.name} {h[0].header['ARTIFACT']} {float(h[0].data.astype('float64').sum()):.6e}")
            print("\n".join(out))
            """, paths[1]).Trim().Split('\n');
        Assert.Equal(4, sums.Length);
        for (var v = 0; v < 4; v++)
        {
            var i = 4 + v;
            var parts = sums[v].Split(' ');
            Assert.Equal($"galaxy_00001_view{v}.fits", parts[0]);
            Assert.Equal((int)set.Artifacts[i], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            var expected = set.Image(i).Pixels.Sum(p => (double)p);
            Assert.Equal(expected, double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), Math.Abs(expected) * 1e-5 + 1e-3);
        }
    }

    [Fact]
    public void Fits_members_of_gzipped_tarballs_open_from_memory_and_bad_bytes_are_named()
    {
        var dir = Repo.TempDir("fits-tar");
        var a = Path.Combine(dir, "a.fits");
        FitsWriter.Write(a, new ImageHdu(new FitsArray<float>([1f, 2f, 3f, 4f, 5f, 6f], 2, 3)) { Header = new FitsHeader().Set("OBJECT", "demo") });
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not FITS");
        var tgz = Path.Combine(dir, "both.tar.gz");
        FitsTar.Write(tgz, [a, Path.Combine(dir, "notes.txt")]);
        var files = FitsTar.Open(tgz).ToList();
        var f = Assert.Single(files);   // the text member is skipped
        using (f)
        {
            Assert.Equal("both.tar.gz/a.fits", f.Path);
            Assert.Equal("demo", f[0].Header.GetString("OBJECT"));
            Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], f[0].ReadPlane(0).Data);
        }
        var e = Assert.Throws<FitsException>(() => FitsFile.Open(new byte[100], "broken.fits"));
        Assert.Contains("broken.fits", e.Message);
    }
}
