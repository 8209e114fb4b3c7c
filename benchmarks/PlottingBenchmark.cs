using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using NotebookLib.Imaging;
using NotebookLib.Plotting;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench plotting`: PNG encoding (time and size) against PIL, rendering a float32 frame with an
/// asinh stretch and viridis against matplotlib + astropy, zscale limits against astropy, and the JSON
/// of a 200,000-point scatter against json.dumps. Both sides single-threaded, on the same inputs.
/// </summary>
public sealed class PlottingBenchmark : IBenchmark
{
    public string Name => "plotting";
    public string Description => "PNG encoding, image rendering, zscale and figure JSON vs PIL / matplotlib / astropy / json";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        int width = context.Quick ? 512 : 2048, height = width, repeats = context.Quick ? 2 : 3;
        var points = context.Quick ? 20_000 : 200_000;
        var work = Path.Combine(context.WorkDirectory, "plotting");
        Directory.CreateDirectory(work);

        // A sky-like frame: noise over a smooth background, a few bright sources, some NaNs.
        var rng = new Random(context.Settings.Seed);
        var frame = new float[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                frame[y * width + x] = (float)(100 + 0.01 * x + 5 * Gauss(rng));
        for (var s = 0; s < 200; s++)
        {
            int cx = rng.Next(width), cy = rng.Next(height);
            for (var dy = -6; dy <= 6; dy++)
                for (var dx = -6; dx <= 6; dx++)
                    if ((uint)(cx + dx) < width && (uint)(cy + dy) < height)
                        frame[(cy + dy) * width + cx + dx] += (float)(2000 * Math.Exp(-(dx * dx + dy * dy) / 4.0));
        }
        for (var k = 0; k < 100; k++) frame[rng.Next(frame.Length)] = float.NaN;
        var options = new ImageOptions { Stretch = Stretch.Asinh, ColorMap = ColorMap.Viridis };
        var image = new Image(width, height, frame);
        var rendered = RgbImage.FromImage(image, options);
        var xy = Enumerable.Range(0, 2 * points).Select(_ => Gauss(rng)).ToArray();

        File.WriteAllBytes(Path.Combine(work, "pixels.rgba"), rendered.Pixels);
        File.WriteAllBytes(Path.Combine(work, "frame.f32"), MemoryMarshal.AsBytes(frame.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(work, "points.f64"), MemoryMarshal.AsBytes(xy.AsSpan()).ToArray());

        var pngBytes = 0;
        var pngMs = 1000 * BenchmarkTimer.Best(repeats, () => pngBytes = rendered.ToPng().Length);
        var renderMs = 1000 * BenchmarkTimer.Best(repeats, () => RgbImage.FromImage(image, options));
        (double, double) limits = default;
        var zscaleMs = 1000 * BenchmarkTimer.Best(repeats, () => limits = DisplayStretch.ZScale(frame));
        var fig = new Figure(new Scatter { X = xy[..points], Y = xy[points..], Mode = "markers", WebGl = true, Marker = new Marker { Size = 3 } })
            .WithTitle("embedding");
        var jsonMs = 1000 * BenchmarkTimer.Best(repeats, () => fig.ToJson());

        using var peer = JsonDocument.Parse(context.RunPython("plotting_peer.py", work,
            width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture)));
        var p = peer.RootElement;
        var peerLimits = p.GetProperty("zscale");
        context.Log($"  zscale limits: ours ({limits.Item1:G6}, {limits.Item2:G6}), astropy ({peerLimits[0].GetDouble():G6}, {peerLimits[1].GetDouble():G6})");
        var size = $"{width}x{height}";
        yield return new(Name, $"png encode {size} RGBA", "time (1 thread)", "ms", pngMs, p.GetProperty("png_ms").GetDouble(), "PIL", false);
        yield return new(Name, $"png encode {size} RGBA", "file size", "bytes", pngBytes, p.GetProperty("png_bytes").GetDouble(), "PIL", false);
        yield return new(Name, $"render {size} asinh viridis", "time (1 thread)", "ms", renderMs, p.GetProperty("render_ms").GetDouble(), "matplotlib+astropy", false);
        yield return new(Name, $"zscale {size}", "time (1 thread)", "ms", zscaleMs, p.GetProperty("zscale_ms").GetDouble(), "astropy", false);
        yield return new(Name, $"figure json {points} points", "time (1 thread)", "ms", jsonMs, p.GetProperty("json_ms").GetDouble(), "json.dumps", false);
    }

    static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

}
