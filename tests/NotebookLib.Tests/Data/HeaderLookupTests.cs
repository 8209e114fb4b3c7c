using NotebookLib.Data;

namespace NotebookLib.Tests.Data;

public class HeaderLookupTests
{
    [Fact]
    public void Numeric_keywords_read_as_numbers_and_others_as_missing()
    {
        var dark = NispSlewDarkGenerator.Generate(new NispSlewDarkOptions { Size = 64, Groups = 7, FramesPerGroup = 3 }, seed: 1);
        Assert.Equal(7.0, dark.Header.TryGetDouble("NGROUP"));
        Assert.Equal(3.0, dark.Header.TryGetDouble("NFRAME"));
        Assert.Equal(2.0, dark.Header.TryGetDouble("GAIN"));
        Assert.Null(dark.Header.TryGetDouble("GWA_POS"));    // "RGS000": not a number
        Assert.Null(dark.Header.TryGetDouble("NOSUCHKW"));
        List<HeaderKeyword> h = [new("A", "2.5"), new("B", true)];
        Assert.Equal(2.5, h.TryGetDouble("A"));
        Assert.Null(h.TryGetDouble("B"));
    }
}
