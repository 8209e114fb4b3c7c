using System.Globalization;
using System.Text.Json;
using NotebookLib.Imaging;
using NotebookLib.Plotting;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Plotting;

public class ImageTests
{
    static float[] Noise(int n, int seed, double mean = 100, double sigma = 10)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
            (float)(mean + sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))).ToArray();
    }

    static string Floats(IEnumerable<float> values) =>
        string.Join(",", values.Select(v => float.IsNaN(v) ? "nan" : v.ToString("R", CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("viridis")]
    [InlineData("magma")]
    [InlineData("gray")]
    public void Linear_stretch_matches_matplotlib_normalize_and_colormap(string name)
    {
        const int w = 23, h = 11;
        var data = Noise(w * h, 5);
        data[7] = float.NaN;
        data[30] = float.PositiveInfinity;
        var img = RgbImage.FromImage(new Image(w, h, data), new ImageOptions { ColorMap = ColorMap.ByName(name) });
        var code = """
            import sys, numpy as np, matplotlib
            from matplotlib.colors import Normalize
            v = np.array([float(s) for s in sys.argv[1].split(",")], dtype=np.float64)
            v[~np.isfinite(v)] = np.nan
            m = np.ma.masked_invalid(v)
            rgba = matplotlib.colormaps[sys.argv[2]](Normalize(m.min(), m.max())(m), bytes=True)
            print(rgba.astype(np.uint8).tobytes().hex())
            """;
        var expected = Convert.FromHexString(Repo.RunPython(code, Floats(data), name).Trim());
        if (name != "gray")
        {
            Assert.Equal(expected, img.Pixels);
            return;
        }
        // Our gray is exact (entry i is i); matplotlib's float table truncates some entries to i − 1.
        Assert.Equal(expected.Length, img.Pixels.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - img.Pixels[i]) <= 1, $"byte {i}: {img.Pixels[i]} vs matplotlib {expected[i]}");
    }

    [Fact]
    public void Log_and_asinh_stretches_match_astropy()
    {
        var xs = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
        var code = """
            import sys, json, numpy as np
            from astropy.visualization import LogStretch, AsinhStretch
            x = np.linspace(0, 1, 101)
            print(json.dumps({"log": LogStretch()(x).tolist(), "asinh": AsinhStretch()(x).tolist()}))
            """;
        using var doc = JsonDocument.Parse(Repo.RunPython(code));
        var log = doc.RootElement.GetProperty("log").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var asinh = doc.RootElement.GetProperty("asinh").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal(log[i], DisplayStretch.Apply(Stretch.Log, xs[i]), 12);
            Assert.Equal(asinh[i], DisplayStretch.Apply(Stretch.Asinh, xs[i]), 12);
        }
    }

    public static TheoryData<string, int> ZScaleCases => new()
    {
        { "noise", 400 },          // fewer values than samples
        { "noise", 5000 },         // strided sampling
        { "outliers", 3000 },      // stars and hot pixels rejected by the line fit
        { "nan", 2500 },           // NaNs ignored
        { "steep", 1200 },         // a gradient: the fit keeps it
        { "tiny", 4 },             // too few pixels: min and max
    };

    [Theory]
    [MemberData(nameof(ZScaleCases))]
    public void Zscale_limits_match_astropy_zscale_interval(string kind, int n)
    {
        var data = Noise(n, n + kind.Length);
        var rng = new Random(n);
        if (kind == "outliers") for (var i = 0; i < n / 20; i++) data[rng.Next(n)] = (float)(1000 + 5000 * rng.NextDouble());
        if (kind == "nan") for (var i = 0; i < n / 10; i++) data[rng.Next(n)] = float.NaN;
        if (kind == "steep") for (var i = 0; i < n; i++) data[i] = (float)(i * i * 0.01 + data[i] * 0.1);
        var (lo, hi) = DisplayStretch.ZScale(data);
        var code = """
            import sys, numpy as np
            from astropy.visualization import ZScaleInterval
            v = np.array([float(s) for s in sys.argv[1].split(",")], dtype=np.float32)
            lo, hi = ZScaleInterval().get_limits(v)
            print(repr(float(lo)), repr(float(hi)))
            """;
        var parts = Repo.RunPython(code, Floats(data)).Trim().Split(' ');
        double elo = double.Parse(parts[0], CultureInfo.InvariantCulture), ehi = double.Parse(parts[1], CultureInfo.InvariantCulture);
        // astropy works in float32 where the samples are float32: agree to float precision.
        Assert.True(Math.Abs(lo - elo) <= 1e-5 * Math.Max(1, Math.Abs(elo)), $"zscale min {lo} vs astropy {elo}");
        Assert.True(Math.Abs(hi - ehi) <= 1e-5 * Math.Max(1, Math.Abs(ehi)), $"zscale max {hi} vs astropy {ehi}");
    }

    [Fact]
    public void Nan_pixels_take_the_nan_colour_and_limits_clip()
    {
        var data = new float[] { 0, 1, 2, 3, float.NaN, 5 };
        var img = RgbImage.FromImage(new Image(3, 2, data), new ImageOptions { Min = 1, Max = 3, NanColor = Color.Magenta });
        Assert.Equal(Color.Magenta, img[1, 1]);
        Assert.Equal(ColorMap.Gray[0], img[0, 0]);   // below Min → first colour
        Assert.Equal(ColorMap.Gray[0], img[1, 0]);   // at Min
        Assert.Equal(ColorMap.Gray[128], img[2, 0]); // halfway: floor(0.5 · 256)
        Assert.Equal(ColorMap.Gray[255], img[2, 1]); // above Max → last colour
    }

    [Fact]
    public void Zoom_and_origin_lower_place_pixels()
    {
        var data = new float[] { 0, 1, 2, 3, 4, 5 }; // 3 wide, 2 high
        var img = RgbImage.FromImage(new Image(3, 2, data), new ImageOptions { Zoom = 4, OriginLower = true });
        Assert.Equal((12, 8), (img.Width, img.Height));
        // Row 0 of the array (0, 1, 2) is drawn at the bottom; value 0 is black, 5 white.
        Assert.Equal(Color.Black, img[0, 7]);
        Assert.Equal(Color.Black, img[3, 4]);
        Assert.Equal(Color.White, img[11, 0]);
        Assert.Equal(img[8, 0], img[11, 3]);
    }

    [Fact]
    public void Colour_bar_shows_the_map_from_maximum_at_top_to_minimum_at_bottom()
    {
        var data = Enumerable.Range(0, 40 * 30).Select(i => (float)i).ToArray();
        var plain = RgbImage.FromImage(new Image(40, 30, data), new ImageOptions { ColorMap = ColorMap.Viridis });
        var barred = RgbImage.FromImage(new Image(40, 30, data), new ImageOptions { ColorMap = ColorMap.Viridis, ColorBar = true });
        Assert.True(barred.Width > plain.Width + 12);
        Assert.Equal(plain.Height, barred.Height);
        for (var y = 0; y < plain.Height; y++)
            for (var x = 0; x < plain.Width; x++)
                Assert.Equal(plain[x, y], barred[x, y]);
        var barX = plain.Width + 6 + 5;
        Assert.Equal(ColorMap.Viridis[255], barred[barX, 0]);
        Assert.Equal(ColorMap.Viridis[0], barred[barX, barred.Height - 1]);
        // The labels are drawn in black to the right of the bar.
        var labelPixels = 0;
        for (var y = 0; y < barred.Height; y++)
            for (var x = barX + 12; x < barred.Width; x++)
                if (barred[x, y] == Color.Black) labelPixels++;
        Assert.True(labelPixels > 20, $"only {labelPixels} label pixels");
    }

    [Fact]
    public void Shape_errors_name_both_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Image(4, 3, new float[10]));
        Assert.Contains("10", e.Message);
        Assert.Contains("4×3", e.Message);
        Assert.Throws<ArgumentException>(() => ColorMap.ByName("jet"));
    }

    [Fact]
    public void Text_is_drawn_with_the_bitmap_font()
    {
        var img = new RgbImage(40, 10, Color.White);
        img.DrawText(1, 1, "Hi!", Color.Black);
        // 'H' has its left column fully inked; '!' has a gap in row 5.
        for (var y = 0; y < 7; y++) Assert.Equal(Color.Black, img[1, 1 + y]);
        Assert.Equal(Color.White, img[1 + 12 + 2, 1 + 5]);
        Assert.Equal(Color.Black, img[1 + 12 + 2, 1 + 6]);
        Assert.Equal((17, 7), BitmapFont.Measure("Hi!"));
        Assert.Equal("abcd..", BitmapFont.Fit("abcdefghij", 36));
    }
}
