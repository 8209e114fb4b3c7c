using NotebookLib.Data;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Data;

public class GeneratorHeaderTests
{
    [Fact]
    public void Generators_give_fits_headers_that_the_adu_scaling_reads()
    {
        var dark = NispSlewDarkGenerator.Generate(new NispSlewDarkOptions { Size = 64, Groups = 7, FramesPerGroup = 3 }, seed: 1);
        Assert.Equal(7L, dark.Header.GetLong("NGROUP"));
        Assert.Equal(3.0, dark.Header.GetDouble("NFRAME"));   // an integer card reads as a double too
        Assert.Equal(2.0, dark.Header.GetDouble("GAIN"));
        Assert.Equal("RGS000", dark.Header.GetString("GWA_POS"));
        Assert.Throws<FitsException>(() => dark.Header.GetDouble("GWA_POS"));   // not a number
        Assert.False(dark.Header.Contains("NOSUCHKW"));
        var perFrame = dark.Data.DivideByKeywords(dark.Header, "NGROUP", "NFRAME");
        Assert.Equal(dark.Data.Pixels[100] / 21, perFrame.Pixels[100], 4);
        var missing = Assert.Throws<KeyNotFoundException>(() => dark.Data.ToAduPerFramePerPixel(dark.Header));   // no NFRAMES card
        Assert.Contains("'NFRAMES'", missing.Message);
    }
}
