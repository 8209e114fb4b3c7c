using NotebookLib.Fits;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Fits;

/// <summary>Bad input gives a <see cref="FitsException"/> that names the file, the HDU and the keyword; never a crash.</summary>
public class FitsErrorTests
{
    static string TwoExtensionFile(string dir)
    {
        var path = Path.Combine(dir, "frame.fits");
        FitsWriter.Write(path,
            new ImageHdu { Header = new FitsHeader().Set("EXPTIME", 30.0).Set("OBJECT", "dark") },
            new ImageHdu(new FitsArray<float>(new float[64 * 64], 64, 64)) { Name = "SCI" },
            new BinTableHdu(new FitsColumn("FLUX", new double[] { 1, 2, 3 })) { Name = "CAT" });
        return path;
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Repo.TempDir("fits-err"), "nothing-here.fits");
        var ex = Assert.Throws<FitsException>(() => FitsFile.Open(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_FITS_is_named_with_CFITSIOs_reason()
    {
        var path = Path.Combine(Repo.TempDir("fits-err"), "notes.fits");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("This is a text file, not a FITS file.\n", 100)));
        var ex = Assert.Throws<FitsException>(() => FitsFile.Open(path));
        Assert.Contains(path, ex.Message);
        Assert.NotEqual(0, ex.Status);
        Assert.Contains("CFITSIO status", ex.Message);
        Assert.Equal(path, ex.FilePath);
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_the_HDU()
    {
        var dir = Repo.TempDir("fits-err");
        var full = TwoExtensionFile(dir);
        var bytes = File.ReadAllBytes(full);
        // Cut inside the SCI data: the headers are there, the pixels are not.
        var cut = Path.Combine(dir, "cut.fits");
        File.WriteAllBytes(cut, bytes[..(2880 * 2 + 5000)]);
        var ex = Record.Exception(() =>
        {
            using var f = FitsFile.Open(cut);
            f["SCI"].ReadImage();
        });
        var fe = Assert.IsType<FitsException>(ex);
        Assert.Contains(cut, fe.Message);
        Assert.Contains("HDU 1", fe.Message);
        Assert.Equal(1, fe.HduIndex);

        // Cut inside a header: opening still works for what is there, or fails naming the file.
        var cutHeader = Path.Combine(dir, "cut-header.fits");
        File.WriteAllBytes(cutHeader, bytes[..1000]);
        var ex2 = Assert.Throws<FitsException>(() => { using var f = FitsFile.Open(cutHeader); });
        Assert.Contains(cutHeader, ex2.Message);
    }

    [Fact]
    public void A_missing_HDU_is_named_with_the_ones_there_are()
    {
        var path = TwoExtensionFile(Repo.TempDir("fits-err"));
        using var f = FitsFile.Open(path);
        var byIndex = Assert.Throws<FitsException>(() => f[5]);
        Assert.Contains(path, byIndex.Message);
        Assert.Contains("HDU 5", byIndex.Message);
        Assert.Contains("3 HDU(s)", byIndex.Message);
        var byName = Assert.Throws<FitsException>(() => f["ERR"]);
        Assert.Contains("'ERR'", byName.Message);
        Assert.Contains("'SCI'", byName.Message);
        Assert.Contains(path, byName.Message);
    }

    [Fact]
    public void A_missing_keyword_names_file_HDU_and_keyword()
    {
        var path = TwoExtensionFile(Repo.TempDir("fits-err"));
        using var f = FitsFile.Open(path);
        var ex = Assert.Throws<FitsException>(() => f["SCI"].Header.GetDouble("GAIN"));
        Assert.Contains(path, ex.Message);
        Assert.Contains("HDU 1 (EXTNAME 'SCI')", ex.Message);
        Assert.Contains("keyword 'GAIN'", ex.Message);
        Assert.Equal("GAIN", ex.Keyword);
        Assert.Equal("SCI", ex.ExtName);
        Assert.Equal(2.5, f["SCI"].Header.GetDouble("GAIN", 2.5));

        var wrongType = Assert.Throws<FitsException>(() => f[0].Header.GetLong("OBJECT"));
        Assert.Contains("'dark' is not an integer", wrongType.Message);
        Assert.Contains("keyword 'OBJECT'", wrongType.Message);
    }

    [Fact]
    public void Asking_an_HDU_for_the_wrong_kind_of_data_says_so()
    {
        var path = TwoExtensionFile(Repo.TempDir("fits-err"));
        using var f = FitsFile.Open(path);
        Assert.Contains("not a table", Assert.Throws<FitsException>(() => f["SCI"].ReadTable()).Message);
        Assert.Contains("not an image", Assert.Throws<FitsException>(() => f["CAT"].ReadImage()).Message);
        Assert.Contains("no image data", Assert.Throws<FitsException>(() => f[0].ReadImage()).Message);
        var section = Assert.Throws<FitsException>(() => f["SCI"].ReadSection(60, 0, 10, 10));
        Assert.Contains("outside the image of shape (64, 64)", section.Message);
        Assert.Contains("no column 'MAG'", Assert.Throws<FitsException>(() => f["CAT"].ReadTable()["MAG"]).Message);
    }

    [Fact]
    public void Writing_what_FITS_cannot_hold_is_refused_by_name()
    {
        var dir = Repo.TempDir("fits-err");
        var path = Path.Combine(dir, "bad.fits");
        var ex = Assert.Throws<FitsException>(() => FitsWriter.Write(path, new ImageHdu { Header = new FitsHeader().Set("SEEING", double.NaN) }));
        Assert.Contains("keyword 'SEEING'", ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.False(File.Exists(path));
        Assert.Throws<ArgumentException>(() => new BinTableHdu(new FitsColumn("A", new int[3]), new FitsColumn("B", new int[4])));
    }
}
