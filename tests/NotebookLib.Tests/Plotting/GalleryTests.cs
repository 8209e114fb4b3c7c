using NotebookLib.Imaging;
using NotebookLib.Plotting;

namespace NotebookLib.Tests.Plotting;

public class GalleryTests
{
    static Image Ramp(int w, int h, float offset) => new(w, h, Enumerable.Range(0, w * h).Select(i => i + offset).ToArray());

    [Fact]
    public void Grid_places_each_cutout_in_its_cell_with_its_caption_as_text()
    {
        const int w = 8, h = 8;
        var cutouts = Enumerable.Range(0, 20).Select(i => Ramp(w, h, i)).ToList();
        var captions = cutouts.Select((_, i) => $"#{i}").ToList();
        var g = Gallery.Grid(cutouts, columns: 10, captions: captions, cellSize: 32);
        Assert.Equal(20, g.Tiles.Count);
        // Cutout 13 is the 14th tile, drawn as RgbImage.FromImage draws it alone, captioned under it in HTML.
        var expected = RgbImage.FromImage(cutouts[13]);
        Assert.Equal(Enumerable.Range(0, w * h).Select(k => expected[k % w, k / w]), Enumerable.Range(0, w * h).Select(k => g.Tiles[13][k % w, k / w]));
        Assert.Equal("#13", g.Captions[13]);
        var html = g.ToHtml();
        Assert.Contains("repeat(10,32px)", html);
        Assert.Contains(">#13</figcaption>", html);
    }

    [Fact]
    public void Reconstructions_sit_under_their_originals_with_the_originals_limits()
    {
        const int w = 4, h = 4;
        var originals = Enumerable.Range(0, 3).Select(i => Ramp(w, h, 0)).ToList();
        // A reconstruction at half the brightness must look darker, not be re-stretched to full range.
        var recon = originals.Select(o => new Image(w, h, o.Pixels.Select(v => v / 2).ToArray())).ToList();
        var g = Gallery.OriginalOverReconstruction(originals, recon, ["a", "b", "c"], columns: 2, cellSize: 16);
        // Two blocks of two rows (3 pairs, 2 per row): originals 0–1, reconstructions 0–1, original 2 and a blank, reconstruction 2 and a blank.
        Assert.Equal(7, g.Tiles.Count);
        Assert.Equal(["", "", "a", "b", "", "", "c"], g.Captions);
        Assert.Equal(Color.White, g.Tiles[0][3, 3]);         // bottom-right pixel of original 0: value 15, white
        Assert.Equal(ColorMap.Gray[128], g.Tiles[2][3, 3]);  // same pixel of its reconstruction: 7.5 → mid gray
    }

    [Fact]
    public void Cluster_and_top_galleries_pick_the_right_cutouts()
    {
        const int w = 4, h = 4;
        // Cutout i is flat at value i, so a tile's colour says which cutout it shows once limits are fixed.
        var cutouts = Enumerable.Range(0, 60).Select(i => Image.Filled(w, h, i)).ToList();
        var fixedLimits = new ImageOptions { Min = 0, Max = 59 };
        int Shown(HtmlGallery g, int cell) =>
            Enumerable.Range(0, 60).Single(i => RgbImage.FromImage(cutouts[i], fixedLimits)[0, 0] == g.Tiles[cell][0, 0]);

        var labels = Enumerable.Range(0, 60).Select(i => i % 3).ToArray();
        var g1 = Gallery.OfCluster(cutouts, labels, cluster: 2, count: 6, columns: 3, options: fixedLimits, cellSize: 16);
        var shown = Enumerable.Range(0, 6).Select(c => Shown(g1, c)).ToList();
        Assert.All(shown, i => Assert.Equal(2, i % 3));
        Assert.Equal(shown.Order(), shown);              // in index order
        Assert.Equal(6, shown.Distinct().Count());
        Assert.Equal(shown.Select(i => $"#{i}"), g1.Captions);
        Assert.Equal(shown, Enumerable.Range(0, 6).Select(c => Shown(Gallery.OfCluster(cutouts, labels, 2, 6, 3, options: fixedLimits, cellSize: 16), c)));

        var scores = Enumerable.Range(0, 60).Select(i => (double)((i * 37) % 60)).ToArray();
        var g2 = Gallery.Top(cutouts, scores, count: 4, columns: 4, options: fixedLimits, cellSize: 16);
        var top = Enumerable.Range(0, 60).OrderByDescending(i => scores[i]).Take(4).ToList();
        Assert.Equal(top, Enumerable.Range(0, 4).Select(c => Shown(g2, c)));
        Assert.Equal("1: 59", g2.Captions[0]);
        Assert.Throws<ArgumentException>(() => Gallery.OfCluster(cutouts, labels, cluster: 7));
    }

    [Fact]
    public void Gallery_input_errors_say_what_does_not_match()
    {
        var e = Assert.Throws<ArgumentException>(() => Gallery.Grid([]));
        Assert.Contains("cutouts is empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gallery.Grid([Image.Filled(4, 4, 0)], captions: ["a", "b"]));
        Assert.Contains("2 captions for 1 cutouts", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gallery.OriginalOverReconstruction([Image.Filled(4, 4, 0)], []));
        Assert.Contains("reconstructions", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gallery.OriginalOverReconstruction([Image.Filled(4, 4, 0)], [Image.Filled(4, 3, 0)]));
        Assert.Contains("reconstruction 0 is 4×3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gallery.Grid([Image.Filled(4, 4, 0)], columns: 0));
    }

    [Fact]
    public void Outlined_patches_have_red_edges_and_untouched_insides()
    {
        const int w = 40, h = 30;
        var pixels = Enumerable.Repeat(0.5f, w * h).ToArray();
        pixels[0] = 0; pixels[1] = 1;
        var frame = new Image(w, h, pixels);
        var img = Overlays.Outline(frame, [(10, 5, 12, 8)], thickness: 2);
        Assert.Equal(Color.Red, img[10, 5]);
        Assert.Equal(Color.Red, img[21, 12]);
        Assert.Equal(Color.Red, img[11, 9]);
        Assert.Equal(ColorMap.Gray[128], img[13, 8]);   // inside the box
        Assert.Equal(ColorMap.Gray[128], img[9, 5]);    // just outside
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Overlays.Outline(frame, [(35, 0, 10, 10)]));
        Assert.Contains("40×30", e.Message);
    }

    [Fact]
    public void Mask_and_saliency_blend_only_where_they_apply()
    {
        const int w = 6, h = 5;
        var pixels = Enumerable.Repeat(0f, w * h).ToArray();
        pixels[^1] = 1;
        var frame = new Image(w, h, pixels);
        var bits = new bool[w * h];
        bits[7] = true;
        var m = Overlays.Mask(frame, new Mask(w, h, bits), Color.Red, alpha: 0.5);
        Assert.Equal(new Color(128, 0, 0), m[1, 1]);   // black blended halfway to red
        Assert.Equal(Color.Black, m[2, 1]);

        var saliency = new float[w * h];
        saliency[8] = 2; // the one important pixel
        var s = Overlays.Saliency(frame, new Image(w, h, saliency), alpha: 1.0);
        Assert.Equal(ColorMap.Magma[255] with { A = 255 }, s[2, 1]);
        Assert.Equal(Color.Black, s[3, 1]);            // zero saliency leaves the image as it is
        Assert.Throws<ArgumentException>(() => Overlays.Mask(frame, new Mask(w, h + 1)));
    }
}
