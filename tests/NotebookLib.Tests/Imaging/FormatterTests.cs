using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Imaging;

public class FormatterTests
{
    [Fact]
    public void Images_masks_patches_and_segmentations_show_as_html_tables()
    {
        var bad = new Mask(64, 48, Enumerable.Range(0, 64 * 48).Select(i => i < 3).ToArray());
        var frame = Inputs.Scene(64, 48, seed: 11).MaskBadPixels(bad);
        var html = System.Net.WebUtility.HtmlDecode(frame.ToDisplayString("text/html"));
        Assert.Contains("64 × 48", html);
        Assert.Contains("3 (", html);   // masked count
        Assert.Contains("[4, 24, 24]", System.Net.WebUtility.HtmlDecode(frame.Tile(24).ToDisplayString("text/html")));
        var seg = frame.Segment();
        Assert.Contains($"{seg.Labels.Count} (of {seg.AllComponents.Count}", seg.ToDisplayString("text/html"));
        Assert.Contains("<table>", seg.ToDisplayString("text/html"));
        Assert.Equal("Image 64×48, 3 masked", frame.ToDisplayString("text/plain"));
        Assert.Contains("3 (", System.Net.WebUtility.HtmlDecode(bad.ToDisplayString("text/html")));
        Assert.Equal("Mask 64×48, 3 set", bad.ToDisplayString("text/plain"));
        var two = System.Net.WebUtility.HtmlDecode(new[] { frame, frame }.Tile(24, border: 2).ToDisplayString("text/html"));
        Assert.Contains("in each of 2 images", two);
        Assert.Contains("2-px border left out", two);
    }
}
