using System.Net;
using NotebookLib.Explorer;
using NotebookLib.Fits;
using NotebookLib.Plotting;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Explorer;

/// <summary>Cutouts from disk: a folder of FITS and PNG files, a FITS cube; their pixels come back as written.</summary>
public class CutoutSourceTests
{
    static float[] Ramp(int n, float scale) => Enumerable.Range(0, n).Select(i => i * scale).ToArray();

    [Fact]
    public void PNG_cutouts_decode_to_the_grey_values_our_encoder_wrote()
    {
        var dir = Repo.TempDir("png");
        var rng = new Random(2);
        var gray = new byte[13 * 7];
        rng.NextBytes(gray);
        var rgb = new byte[13 * 7 * 3];
        rng.NextBytes(rgb);
        File.WriteAllBytes(Path.Combine(dir, "g.png"), Png.Encode(gray, 13, 7, PngFormat.Gray));   // rows filtered as the encoder chooses
        File.WriteAllBytes(Path.Combine(dir, "c.png"), Png.Encode(rgb, 13, 7, PngFormat.Rgb));
        var g = PngCutout.Read(Path.Combine(dir, "g.png"));
        Assert.Equal((13, 7), (g.Width, g.Height));
        Assert.Equal(gray.Select(b => (float)b), g.Pixels);
        var c = PngCutout.Read(Path.Combine(dir, "c.png"));
        Assert.Equal(Enumerable.Range(0, 13 * 7).Select(i => (rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2]) / 3f), c.Pixels);
        File.WriteAllText(Path.Combine(dir, "bad.png"), "not a png");
        var e = Assert.Throws<InvalidDataException>(() => PngCutout.Read(Path.Combine(dir, "bad.png")));
        Assert.Contains("bad.png is not a PNG file", e.Message);
    }

    [Fact]
    public void A_folder_of_FITS_and_PNG_files_and_a_FITS_cube_give_their_pixels_by_name()
    {
        var dir = Repo.TempDir("cutouts");
        FitsWriter.Write(Path.Combine(dir, "b.fits"), new ImageHdu(new FitsArray<float>(Ramp(6 * 4, 0.5f), 4, 6)));
        FitsWriter.Write(Path.Combine(dir, "a.fits"), new ImageHdu(), new ImageHdu(new FitsArray<float>(Ramp(9, -1f), 3, 3)) { Name = "SCI" });
        File.WriteAllBytes(Path.Combine(dir, "c.png"), Png.Encode(new byte[] { 0, 50, 100, 150 }, 2, 2, PngFormat.Gray));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "ignored");
        var folder = CutoutSource.Open(dir);
        Assert.Equal(3, folder.Count);
        Assert.Equal(["a.fits", "b.fits", "c.png"], Enumerable.Range(0, 3).Select(folder.NameOf));
        Assert.Equal(Ramp(9, -1f), folder.Read(0).Pixels);   // the first HDU with pixels
        Assert.Equal((6, 4), (folder.Read(1).Width, folder.Read(1).Height));
        Assert.Equal(Ramp(24, 0.5f), folder.Read(1).Pixels);
        Assert.Equal([0f, 50f, 100f, 150f], folder.Read(2).Pixels);

        var cube = Path.Combine(dir, "cube.fits");
        FitsWriter.Write(cube, new ImageHdu(new FitsArray<float>(Ramp(5 * 3 * 2, 1f), 5, 3, 2)));
        var planes = CutoutSource.Open(cube);
        Assert.Equal(5, planes.Count);
        Assert.Equal("cube.fits[4]", planes.NameOf(4));
        Assert.Equal((2, 3), (planes.Read(4).Width, planes.Read(4).Height));
        Assert.Equal(Ramp(30, 1f).Skip(24), planes.Read(4).Pixels);
        Assert.Throws<FileNotFoundException>(() => CutoutSource.Open(Path.Combine(dir, "missing")));
        Assert.Contains("no FITS", Assert.Throws<ArgumentException>(() => CutoutSource.Open(Repo.TempDir("empty"))).Message);
    }

    [Fact]
    public async Task An_unreadable_file_in_a_folder_leaves_its_tile_drawn_and_its_focus_view_names_it()
    {
        var dir = Repo.TempDir("cutouts");
        File.WriteAllBytes(Path.Combine(dir, "a.png"), Png.Encode(new byte[] { 0, 50, 100, 150 }, 2, 2, PngFormat.Gray));
        File.WriteAllText(Path.Combine(dir, "b.png"), "truncated download");
        var server = new ExplorerServer(CutoutSource.Open(dir), null, new ExplorerOptions { Database = Path.Combine(dir, "labels.sqlite") });
        await using var _ = server;
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/tile?ids=0,1&cols=2&size=16")).StatusCode);
        using var broken = await http.GetAsync("api/images/1");
        Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
        Assert.Contains("b.png is not a PNG file", await broken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/images/0")).StatusCode);
    }
}
