using NotebookLib.Plotting;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Plotting;

public class PngTests
{
    const string Decode = """
        import sys
        from PIL import Image
        im = Image.open(sys.argv[1])
        im.load()
        print(im.format, im.mode, im.size[0], im.size[1])
        print(im.tobytes().hex())
        """;

    internal static (string Mode, int Width, int Height, byte[] Pixels) DecodeWithPil(string path)
    {
        var lines = Repo.RunPython(Decode, path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var head = lines[0].Split(' ');
        Assert.Equal("PNG", head[0]);
        return (head[1], int.Parse(head[2]), int.Parse(head[3]), Convert.FromHexString(lines[1].Trim()));
    }

    // Smooth gradients, noise, flat runs and edges, so that every row filter gets chosen somewhere.
    static byte[] TestPixels(int width, int height, int channels, int seed)
    {
        var rng = new Random(seed);
        var p = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                for (var c = 0; c < channels; c++)
                {
                    var i = (y * width + x) * channels + c;
                    p[i] = (y % 4) switch
                    {
                        0 => (byte)(x * 7 + c * 50),
                        1 => (byte)rng.Next(256),
                        2 => (byte)(x < width / 2 ? 0 : 255),
                        _ => (byte)((x + y) * 3 + c),
                    };
                }
        return p;
    }

    [Theory]
    [InlineData(PngFormat.Rgba, "RGBA", 37, 23)]
    [InlineData(PngFormat.Rgb, "RGB", 64, 17)]
    [InlineData(PngFormat.Gray, "L", 1, 9)]
    [InlineData(PngFormat.Gray, "L", 301, 5)]
    public void Pil_decodes_exactly_the_pixels_written(PngFormat format, string mode, int width, int height)
    {
        var pixels = TestPixels(width, height, (int)format, width * 31 + height);
        var path = Path.Combine(Repo.TempDir("png"), "t.png");
        File.WriteAllBytes(path, Png.Encode(pixels, width, height, format));
        var (m, w, h, decoded) = DecodeWithPil(path);
        Assert.Equal((mode, width, height), (m, w, h));
        Assert.Equal(pixels, decoded);
    }

    [Fact]
    public void Rgb_image_saves_a_png_that_pil_reads_back()
    {
        var img = new RgbImage(20, 10, Color.White);
        img.DrawRectangle(2, 2, 10, 6, Color.Red, 2);
        img[19, 9] = new Color(1, 2, 3, 4);
        var path = Path.Combine(Repo.TempDir("png"), "sub", "img.png");
        img.Save(path);
        var (mode, w, h, decoded) = DecodeWithPil(path);
        Assert.Equal(("RGBA", 20, 10), (mode, w, h));
        Assert.Equal(img.Pixels, decoded);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        // The CRC-32 check value of "123456789" (ISO 3309 / ITU-T V.42).
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Wrong_pixel_count_names_the_size_and_the_length()
    {
        var e = Assert.Throws<ArgumentException>(() => Png.Encode(new byte[10], 2, 2, PngFormat.Rgb));
        Assert.Contains("2×2", e.Message);
        Assert.Contains("12", e.Message);
        Assert.Contains("10", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Png.Encode([], 0, 3));
    }
}
