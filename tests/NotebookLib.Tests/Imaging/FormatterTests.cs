using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Imaging;

public class FormatterTests
{
    [Fact]
    public void Frames_patches_and_segmentations_show_as_html_tables()
    {
        var frame = Inputs.Scene(64, 48, seed: 11).MaskBadPixels(Enumerable.Range(0, 64 * 48).Select(i => i < 3).ToArray());
        var html = System.Net.WebUtility.HtmlDecode(frame.ToDisplayString("text/html"));
        Assert.Contains("64 × 48", html);
        Assert.Contains("3 (", html);   // masked count
        Assert.Contains("[4, 24, 24]", System.Net.WebUtility.HtmlDecode(frame.Tile(24).ToDisplayString("text/html")));
        var seg = frame.Segment();
        Assert.Contains($"{seg.Labels.Count} (of {seg.AllComponents.Count}", seg.ToDisplayString("text/html"));
        Assert.Contains("<table>", seg.ToDisplayString("text/html"));
        Assert.Equal("Frame 64×48, 3 masked", frame.ToDisplayString("text/plain"));
    }
}
