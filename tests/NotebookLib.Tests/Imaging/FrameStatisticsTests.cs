using NotebookLib.Imaging;
using NotebookLib.Tests.Analysis;

namespace NotebookLib.Tests.Imaging;

public class FrameStatisticsTests
{
    /// <summary>A bias-like frame: level 200, Gaussian noise of 3 ADU, 64 × 96.</summary>
    static Image Bias(int seed, int width = 64, int height = 96)
    {
        var rng = new Random(seed);
        var p = new float[width * height];
        for (var i = 0; i < p.Length; i++)
            p[i] = MathF.Round(200 + 3 * (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())));
        return new Image(width, height, p);
    }

    [Fact]
    public void Zero_and_saturated_fractions_count_lost_rows_and_saturated_pixels()
    {
        var p = (float[])Bias(1).Pixels.Clone();
        Array.Fill(p, 0f, 10 * 64, 5 * 64);          // 5 lost rows of 96
        Array.Fill(p, 65535f, 50 * 64 + 8, 16);       // 16 saturated pixels
        var s = FrameStatistics.Measure(new Image(64, 96, p));
        Assert.Equal(5.0 / 96, s.ZeroFraction, 12);
        Assert.Equal(16.0 / (64 * 96), s.SaturatedFraction, 12);
        var clean = FrameStatistics.Measure(Bias(1));
        Assert.Equal(0, clean.ZeroFraction);
        Assert.Equal(0, clean.SaturatedFraction);
    }

    [Fact]
    public void Log_range_is_the_log_of_numpys_p99_minus_p1()
    {
        var image = Bias(2);
        var o = Oracle.Run("""
            import numpy as np
            a = np.array(inp['p'], dtype=np.float32)
            out = dict(r=float(np.log(np.percentile(a, 99) - np.percentile(a, 1))))
            """, new { p = image.Pixels });
        Assert.Equal(o["r"]!.GetValue<double>(), FrameStatistics.Measure(image).LogRange, 5);
    }

    [Fact]
    public void Stripes_along_the_rows_raise_the_row_steps_and_along_the_columns_the_column_steps()
    {
        var clean = FrameStatistics.Measure(Bias(3));
        Image Striped(bool alongRows)
        {
            var b = Bias(3);
            var p = (float[])b.Pixels.Clone();
            for (var y = 0; y < b.Height; y++)
                for (var x = 0; x < b.Width; x++) p[y * b.Width + x] += 30 * MathF.Sign(MathF.Sin(2 * MathF.PI * (alongRows ? y : x) / 7.3f));
            return new Image(b.Width, b.Height, p);
        }
        var rows = FrameStatistics.Measure(Striped(alongRows: true));
        var columns = FrameStatistics.Measure(Striped(alongRows: false));
        Assert.True(rows.RowSteps > clean.RowSteps + 2, $"row steps {rows.RowSteps} vs clean {clean.RowSteps}");
        Assert.InRange(rows.ColumnSteps - clean.ColumnSteps, -0.3, 0.3);
        Assert.True(columns.ColumnSteps > clean.ColumnSteps + 2, $"column steps {columns.ColumnSteps} vs clean {clean.ColumnSteps}");
        Assert.InRange(columns.RowSteps - clean.RowSteps, -0.3, 0.3);
        // A smooth gradient is not a stripe.
        var g = Bias(3);
        var smooth = FrameStatistics.Measure(g.WithPixels(g.Pixels.Select((v, i) => v + 0.5f * (i / 64) + 0.3f * (i % 64)).ToArray()));
        Assert.InRange(smooth.RowSteps - clean.RowSteps, -0.3, 0.3);
        Assert.InRange(smooth.ColumnSteps - clean.ColumnSteps, -0.3, 0.3);
        Assert.Equal(FrameStatistics.Names.Count, clean.ToArray().Length);
        Assert.Equal(FrameStatistics.Names.Count, FrameStatistics.Floors.Count);
        Assert.Throws<ArgumentException>(() => FrameStatistics.Measure(new Image(1, 5, new float[5])));
    }
}
