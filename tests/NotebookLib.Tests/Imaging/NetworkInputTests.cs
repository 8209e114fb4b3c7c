using NotebookLib.Imaging;

namespace NotebookLib.Tests.Imaging;

public class NetworkInputTests
{
    static Image Frame(int width, int height, float level)
    {
        var p = new float[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++) p[y * width + x] = 200 + level * (x == width / 2 ? 1 : 0) + (y % 7);
        return new Image(width, height, p);
    }

    [Theory]
    [InlineData(InputMethod.Resize)]
    [InlineData(InputMethod.CentreCrop)]
    [InlineData(InputMethod.Stretch)]
    [InlineData(InputMethod.ZScale)]
    [InlineData(InputMethod.Binned)]
    public void Every_method_gives_a_square_input_in_0_to_255(InputMethod method)
    {
        foreach (var (w, h) in new[] { (128, 256), (300, 500), (64, 40) })
        {
            var input = Frame(w, h, 5000).ToNetworkInput(method);
            Assert.Equal((224, 224), (input.Width, input.Height));
            Assert.All(input.Pixels, v => Assert.InRange(v, 0f, 255f));
            Assert.True(input.Pixels.Max() > input.Pixels.Min(), $"{method} on {w}×{h} is flat");
        }
    }

    [Fact]
    public void Min_max_methods_forget_the_level_and_the_stretch_keeps_it()
    {
        var faint = Frame(300, 500, 500);
        // The same frame with ten times the signal above its bias looks the same after a min-max...
        var bright = faint.WithPixels(faint.Pixels.Select(v => 200 + 10 * (v - 200)).ToArray());
        var a = faint.ToNetworkInput(InputMethod.Resize).Pixels;
        var b = bright.ToNetworkInput(InputMethod.Resize).Pixels;
        Assert.All(Enumerable.Range(0, a.Length), i => Assert.True(Math.Abs(a[i] - b[i]) < 1e-3, $"pixel {i}: {a[i]} vs {b[i]}"));
        // ...but not after the fixed stretch: 255 asinh(x / 100) / asinh(65535 / 100).
        Assert.True(bright.ToNetworkInput(InputMethod.Stretch).Pixels.Max() > faint.ToNetworkInput(InputMethod.Stretch).Pixels.Max() + 20);
        var one = new Image(1, 1, [1000f]).ToNetworkInput(InputMethod.Stretch, side: 1);
        Assert.Equal(255 * Math.Asinh(10) / Math.Asinh(655.35), one.Pixels[0], 3);
        // The crop keeps the image's own sampling: its central column is the bright one.
        var crop = Frame(300, 500, 5000).ToNetworkInput(InputMethod.CentreCrop);
        Assert.Equal(255f, Enumerable.Range(0, 224).Max(y => crop[300 / 2 - (300 - 224) / 2, y]));
        Assert.True(Enumerable.Range(0, 224).Max(y => crop[20, y]) < 10f);
    }
}
