using NotebookLib.Plotting;

namespace NotebookLib.Tests.Plotting;

public class MontageTests
{
    static RgbImage Filled(int w, int h, Color c)
    {
        var img = new RgbImage(w, h);
        img.FillRectangle(0, 0, w, h, c);
        return img;
    }

    [Fact]
    public void Row_places_each_image_after_the_previous_one_and_the_gap_under_its_caption()
    {
        var red = Filled(5, 4, Color.Red);
        var blue = Filled(3, 6, Color.Blue);
        var m = Montage.Row([red, blue], ["a", "b"], gap: 2, captionScale: 1);
        Assert.Equal(5 + 2 + 3, m.Width);
        Assert.Equal(14 + 6, m.Height);
        Assert.Equal(Color.Red, m[0, 14]);
        Assert.Equal(Color.Red, m[4, 17]);
        Assert.Equal(Color.White, m[5, 15]);        // the gap
        Assert.Equal(Color.White, m[2, 19]);        // below the shorter image
        Assert.Equal(Color.Blue, m[7, 14]);
        Assert.Equal(Color.Blue, m[9, 19]);
        Assert.Contains(Enumerable.Range(0, 10).SelectMany(x => Enumerable.Range(0, 14).Select(y => m[x, y])), c => c == Color.Black);
        Assert.Equal(22 + 6, Montage.Row([red, blue], ["a", "b"]).Height);   // captions at twice the font size by default
        var plain = Montage.Row([red, blue]);
        Assert.Equal((16, 6), (plain.Width, plain.Height));
    }

    [Fact]
    public void Row_names_what_is_wrong()
    {
        var e = Assert.Throws<ArgumentException>(() => Montage.Row([new RgbImage(2, 2)], ["a", "b"]));
        Assert.Contains("2 captions for 1 images", e.Message);
        Assert.Throws<ArgumentException>(() => Montage.Row([]));
    }
}
