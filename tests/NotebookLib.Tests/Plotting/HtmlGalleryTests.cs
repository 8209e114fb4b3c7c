using NotebookLib.Imaging;
using NotebookLib.Plotting;

namespace NotebookLib.Tests.Plotting;

public class HtmlGalleryTests
{
    static Image Ramp(int side, float scale) => new(side, side, Enumerable.Range(0, side * side).Select(i => i * scale).ToArray());

    [Fact]
    public void A_grid_puts_its_title_and_captions_in_HTML_text_around_one_image_per_cutout()
    {
        var g = Gallery.Grid([Ramp(8, 1), Ramp(8, 2), Ramp(8, 3)], columns: 2, captions: ["#1 P", "#2", "<3>"], title: "cluster 4 & more");
        var html = g.ToHtml();
        Assert.Equal(3, g.Tiles.Count);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "<img src=\"data:image/png;base64,").Count);
        Assert.Contains("cluster 4 &amp; more</figcaption>", html);
        Assert.Contains(">#1 P</figcaption>", html);
        Assert.Contains("&lt;3&gt;", html);
        Assert.Contains("repeat(2,96px)", html);
        Assert.Throws<ArgumentException>(() => Gallery.Grid([Ramp(8, 1)], captions: ["a", "b"]));
    }

    [Fact]
    public void Originals_over_reconstructions_in_HTML_keep_the_pairs_in_columns()
    {
        var g = Gallery.OriginalOverReconstruction([Ramp(8, 1), Ramp(8, 2), Ramp(8, 3)], [Ramp(8, 0.5f), Ramp(8, 1), Ramp(8, 1.5f)],
            captions: ["a", "b", "c"], columns: 2, title: "originals (top) and reconstructions");
        // Two rows of pairs: originals 1–2 over their reconstructions, then original 3 and a blank over reconstruction 3.
        Assert.Equal(7, g.Tiles.Count);
        Assert.Equal(["", "", "a", "b", "", "", "c"], g.Captions);
        Assert.Contains("originals (top) and reconstructions", g.ToHtml());
    }
}
