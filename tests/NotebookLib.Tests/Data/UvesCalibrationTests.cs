using NotebookLib.Data;

namespace NotebookLib.Tests.Data;

public class UvesCalibrationTests
{
    static readonly IReadOnlyList<UvesFrame> Frames = UvesCalibrationGenerator.Generate(new UvesCalibrationOptions { Downscale = 16, Years = 4, FramesPerYear = 10, BadFraction = 0.2 }, 21);

    static float Median(float[] a) { var c = (float[])a.Clone(); Array.Sort(c); return c[c.Length / 2]; }
    static float[] Pixels(UvesFrame f, int ext = 0) => f.Extensions[ext].Image.Pixels;

    [Fact]
    public void Frames_have_the_arms_extensions_and_aspect_ratios_scaled_down()
    {
        Assert.Equal(4 * 2 * 3 * 10, Frames.Count);
        foreach (var f in Frames)
        {
            if (f.Arm == UvesArm.Red)
            {
                Assert.Equal(["REDL", "REDU"], f.Extensions.Select(e => e.Name));
                Assert.All(f.Extensions, e => Assert.Equal((128, 256), (e.Image.Width, e.Image.Height)));
            }
            else
            {
                var binned = f.Header.GetLong("ESO DET BINX") == 2;
                var image = f.Extensions.Single().Image;
                Assert.Equal(binned ? [187, 67] : new[] { 187, 134 }, new[] { image.Height, image.Width });
            }
            Assert.Equal("UVES", f.Header.GetString("INSTRUME"));
            Assert.Equal("CALIB", f.Header.GetString("ESO DPR CATG"));
            Assert.Equal(f.Extensions.Count, f.Header.GetLong("NEXTEND"));
        }
        Assert.Contains(Frames, f => f.Arm == UvesArm.Blue && f.Header.GetLong("ESO DET BINX") == 2);
        Assert.Equal(["BIAS", "FLAT", "LAMP,WAVE"], Frames.Select(f => f.ImageType).Distinct().Order());
        Assert.Equal([2016, 2017, 2018, 2019], Frames.Select(f => f.Year).Distinct().Order());
        Assert.All(Frames, f => Assert.Equal(f.Year, f.DateObs.Year));
    }

    [Fact]
    public void Same_seed_same_frames()
    {
        var o = new UvesCalibrationOptions { Downscale = 32, Years = 1, FramesPerYear = 3, BadFraction = 0.5 };
        var a = UvesCalibrationGenerator.Generate(o, 5);
        var b = UvesCalibrationGenerator.Generate(o, 5);
        Assert.Equal(a.Select(f => f.Defect), b.Select(f => f.Defect));
        Assert.All(Enumerable.Range(0, a.Count), i => Assert.Equal(Pixels(a[i]), Pixels(b[i])));
        Assert.NotEqual(Pixels(a[0]), Pixels(UvesCalibrationGenerator.Generate(o, 6)[0]));
    }

    [Fact]
    public void Bad_frames_come_at_the_asked_rate_and_look_like_their_label()
    {
        var bad = Frames.Where(f => f.IsBad).ToList();
        Assert.InRange(bad.Count / (double)Frames.Count, 0.12, 0.28); // 240 frames at 20 %: ±2 σ ≈ 5 %
        Assert.Equal(Frames.Count(f => f.IsBad), Frames.Count(f => f.Header.GetString("SYNDFCT") != "None"));
        Assert.DoesNotContain(Frames, f => f.Type == UvesFrameType.Bias && f.Defect is UvesDefect.LampOff or UvesDefect.WrongExposure);
        foreach (var f in bad)
        {
            var p = Pixels(f);
            var cols = f.Extensions[0].Image.Width;
            switch (f.Defect)
            {
                case UvesDefect.MissingRows:
                    Assert.Contains(Enumerable.Range(0, p.Length / cols), r => p.AsSpan(r * cols, cols).IndexOfAnyExcept(0f) < 0);
                    break;
                case UvesDefect.Saturation:
                    Assert.True(p.Count(v => v == 65535f) >= 4);
                    break;
                case UvesDefect.WrongExposure:
                    var nominal = f.Arm == UvesArm.Blue ? (f.Type == UvesFrameType.Flat ? 12.0 : 6.0) : (f.Type == UvesFrameType.Flat ? 4.0 : 3.0);
                    Assert.NotEqual(nominal, f.Header.GetDouble("EXPTIME"));
                    break;
                case UvesDefect.LampOff:
                    // A flat or arc with the lamp off is a bias: nothing far above the bias level.
                    Assert.True(p.Max() < Median(p) + 40, $"{f}: max {p.Max()} median {Median(p)}");
                    break;
            }
        }
        foreach (var f in Frames.Where(f => !f.IsBad && f.Type == UvesFrameType.Flat))
            Assert.True(Pixels(f).Max() > Median(Pixels(f)) + 1000, $"{f}: a good flat shows its orders");
    }

    [Fact]
    public void Bias_level_drifts_up_and_flat_throughput_down_over_the_years()
    {
        double MeanOf(UvesFrameType t, int year, Func<float[], double> stat) =>
            Frames.Where(f => f.Type == t && f.Year == year && !f.IsBad && f.Arm == UvesArm.Red).Average(f => stat(Pixels(f)));
        var bias2016 = MeanOf(UvesFrameType.Bias, 2016, p => Median(p));
        var bias2019 = MeanOf(UvesFrameType.Bias, 2019, p => Median(p));
        Assert.InRange(bias2019 - bias2016, 10, 30); // 6 ADU a year
        var flat2016 = MeanOf(UvesFrameType.Flat, 2016, p => p.Sum(v => (double)v));
        var flat2019 = MeanOf(UvesFrameType.Flat, 2019, p => p.Sum(v => (double)v));
        Assert.True(flat2019 < flat2016, $"flat flux {flat2019} in 2019 vs {flat2016} in 2016");
    }

    [Fact]
    public void Older_arcs_look_like_flats_and_older_biases_show_the_old_controllers_noise()
    {
        var o = new UvesCalibrationOptions { Downscale = 16, FirstYear = 2010, Years = 10, FramesPerYear = 3, BadFraction = 0 };
        var frames = UvesCalibrationGenerator.Generate(o, 4);
        double Noise(UvesFrame f) { var p = Pixels(f); var m = p.Average(v => (double)v); return Math.Sqrt(p.Average(v => (v - m) * (v - m))); }
        double Mean(UvesFrameType t, int year, Func<UvesFrame, double> stat) =>
            frames.Where(f => f.Type == t && f.Year == year && f.Arm == UvesArm.Red).Average(stat);
        // The old lamp put its light into a continuum along the orders: a 2010 arc correlates with a flat of its chip far
        // better than a 2019 arc does.
        double FlatLike(IReadOnlyList<UvesFrame> set, UvesFrame arc) => NotebookLib.Analysis.Metrics.Pearson(
            Pixels(arc).Select(v => (double)v).ToArray(),
            Pixels(set.First(f => f.Type == UvesFrameType.Flat && f.Arm == arc.Arm && f.Year == arc.Year)).Select(v => (double)v).ToArray());
        double ArcFlatLike(IReadOnlyList<UvesFrame> set, int year) => set.Where(f => f.Type == UvesFrameType.Arc && f.Year == year && f.Arm == UvesArm.Red).Average(a => FlatLike(set, a));
        Assert.True(ArcFlatLike(frames, 2010) > ArcFlatLike(frames, 2019) + 0.3, $"arc–flat correlation 2010 {ArcFlatLike(frames, 2010)}, 2019 {ArcFlatLike(frames, 2019)}");
        // Read noise about 3 ADU today, about 0.4 ADU more per year back.
        var (old, today) = (Mean(UvesFrameType.Bias, 2010, Noise), Mean(UvesFrameType.Bias, 2019, Noise));
        Assert.InRange(today, 2.5, 4.5);
        Assert.InRange(old - today, 2.5, 5.0);
        // With no drift the two years' arcs look alike.
        var still = UvesCalibrationGenerator.Generate(o with { Drift = 0 }, 4);
        Assert.InRange(ArcFlatLike(still, 2010) - ArcFlatLike(still, 2019), -0.1, 0.1);
    }
}
