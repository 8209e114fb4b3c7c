using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Fits;

/// <summary>What a notebook shows for FITS objects (through the registered formatters).</summary>
public class FitsFormatterTests
{
    [Fact]
    public void The_HDU_list_header_table_and_image_display_as_html()
    {
        using var f = FitsFile.Open(Path.Combine(AstropyOracle.TestData, "o4sp040b0_raw.fits"));
        var list = f.ToDisplayString("text/html");
        Assert.Contains("<td>SCI</td>", list);
        Assert.Contains("<td>(62, 44)</td>", list);
        Assert.Contains("o4sp040b0_raw.fits", f.ToDisplayString("text/plain"));
        var header = f[0].Header.ToDisplayString("text/html");
        Assert.Contains("<code>TARGNAME</code>", header);
        Assert.Contains($"{f[0].Header.Count} cards", header);
        // An HDU read into the one image type shows as an image does (NotebookLib.Imaging's formatter).
        var image = f[1].ReadImage2D();
        Assert.Equal("Image 62×44", image.ToDisplayString("text/plain"));
        Assert.Contains("min / max", image.ToDisplayString("text/html"));

        using var t = FitsFile.Open(Path.Combine(AstropyOracle.TestData, "ascii.fits"));
        var table = t[1].ReadTable().ToDisplayString("text/html");
        Assert.Contains("<th>a [pixels]</th>", table);
        Assert.Contains("<td>10.123</td>", table);
        Assert.Contains("5 rows × 2 columns", table);
    }
}
