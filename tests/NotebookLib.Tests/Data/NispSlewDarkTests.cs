using NotebookLib.Data;
using NotebookLib.Fits;

namespace NotebookLib.Tests.Data;

public class NispSlewDarkTests
{
    static readonly NispSlewDarkOptions Small = new() { Size = 256 };

    [Fact]
    public void Same_seed_gives_the_same_frame_and_another_seed_a_different_one()
    {
        var a = NispSlewDarkGenerator.Generate(Small, 7);
        var b = NispSlewDarkGenerator.Generate(Small, 7);
        var c = NispSlewDarkGenerator.Generate(Small, 8);
        Assert.Equal(a.Data.Pixels, b.Data.Pixels);
        Assert.Equal(a.DataQuality, b.DataQuality);
        Assert.Equal(a.Features, b.Features);
        Assert.NotEqual(a.Data.Pixels, c.Data.Pixels);
    }

    [Fact]
    public void The_rng_is_xoshiro256starstar_seeded_by_splitmix64()
    {
        // Reference outputs from an independent Python transcription of the published C code
        // (Blackman & Vigna): the generator gives the same numbers on every platform and .NET version.
        var x = Rng.FromState(1, 2, 3, 4);
        Assert.Equal([11520UL, 0UL, 1509978240UL, 1215971899390074240UL], new[] { x.NextUInt64(), x.NextUInt64(), x.NextUInt64(), x.NextUInt64() });
        var r = new Rng(42UL);
        Assert.Equal([1546998764402558742UL, 6990951692964543102UL, 12544586762248559009UL], new[] { r.NextUInt64(), r.NextUInt64(), r.NextUInt64() });
    }

    [Fact]
    public void Header_carries_the_raw_product_keywords()
    {
        var f = NispSlewDarkGenerator.Generate(Small with { Grism = NispGrism.RGS180, Tilt = -4, Detector = 11 }, 1);
        Assert.Equal("EUCLID", f.Header["TELESCOP"]);
        Assert.Equal("NISP", f.Header["INSTRUME"]);
        Assert.Equal("DpdNispRawFrame", f.Header["PRODTYPE"]);
        Assert.Equal("CALBLOCK-F-006", f.Header["CALBLOCK"]);
        Assert.Equal("CLOSED", f.Header["FWA_POS"]);
        Assert.Equal("RGS180", f.Header["GWA_POS"]);
        Assert.Equal(-4L, f.Header["GWA_TILT"]);
        Assert.Equal("DET11", f.Header["DET_ID"]);
        Assert.Equal("MACC(15,16,11)", f.Header["READMODE"]);
        Assert.All(f.Header, k => Assert.InRange(k.Keyword.Length, 1, 8));
        var ext = f.Extensions();
        Assert.Equal(["DET11.SCI", "DET11.DQ", "TRUTH.PERSIST", "TRUTH.PMASK", "TRUTH.CRMASK", "TRUTH.HOT", "TRUTH.DEAD"], ext.Select(e => e.Name));
        Assert.All(ext, e => Assert.Equal(256 * 256, e.Data!.Length));
        var missing = Assert.Throws<FitsException>(() => f.Header["NOPE"]);
        Assert.Contains("NOPE", missing.Message);
    }

    [Fact]
    public void Reference_border_holds_only_offset_and_read_noise_and_is_flagged()
    {
        var f = NispSlewDarkGenerator.Generate(Small with { ReadNoise = 6 }, 3);
        int n = f.Size;
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
            {
                var border = y < 4 || y >= n - 4 || x < 4 || x >= n - 4;
                Assert.Equal(border, f.ReferencePixelMask.Pixels[y * n + x]);
                Assert.Equal(border, (f.DataQuality[y * n + x] & NispDq.Reference) != 0);
                if (border) Assert.False(f.PersistenceMask.Pixels[y * n + x] || f.CosmicRayMask.Pixels[y * n + x] || f.HotPixelMask.Pixels[y * n + x]);
            }
        // Read noise from differences of horizontally adjacent reference pixels in the same output channel.
        var diffs = new List<double>();
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < n - 1; x++)
                if (x / (n / 32) == (x + 1) / (n / 32)) diffs.Add(f[y, x + 1] - f[y, x]);
        var sd = Math.Sqrt(diffs.Sum(d => d * d) / diffs.Count / 2);
        Assert.InRange(sd, 5.4, 6.6);
    }

    [Fact]
    public void Defect_rates_follow_the_options_and_the_dq_array_agrees_with_the_truth()
    {
        var o = new NispSlewDarkOptions { Size = 512, HotPixelFraction = 2e-3, DeadPixelFraction = 1e-3, CosmicRayRate = 2e-4 };
        var f = NispSlewDarkGenerator.Generate(o, 11);
        var active = 504.0 * 504;
        // Poisson counts: expected 508 hot, 254 dead; 5 σ bounds.
        Assert.InRange(f.HotPixelMask.Count, 508 - 5 * 23, 508 + 5 * 23);
        Assert.InRange(f.DeadPixelMask.Count, 254 - 5 * 16, 254 + 5 * 16);
        Assert.InRange(f.CosmicRayMask.Count / active, 2e-4, 2e-3);
        for (var i = 0; i < f.Data.Count; i++)
        {
            Assert.Equal(f.HotPixelMask.Pixels[i], (f.DataQuality[i] & NispDq.Hot) != 0);
            Assert.Equal(f.DeadPixelMask.Pixels[i], (f.DataQuality[i] & NispDq.Dead) != 0);
            if (f.DeadPixelMask.Pixels[i]) Assert.Equal(0f, f.Data.Pixels[i]);
            if ((f.DataQuality[i] & NispDq.Saturated) != 0) Assert.Equal((float)o.Saturation, f.Data.Pixels[i]);
            Assert.True(f.Data.Pixels[i] <= o.Saturation);
        }
        // Hot pixels stand far above the dark level.
        var hotMedian = f.Data.Pixels.Where((_, i) => f.HotPixelMask.Pixels[i]).Order().ElementAt(f.HotPixelMask.Count / 2);
        Assert.True(hotMedian > 1000, $"median hot pixel {hotMedian} ADU");
    }

    [Theory]
    [InlineData(NispGrism.RGS000, 0, 90)]
    [InlineData(NispGrism.RGS000, 4, 94)]
    [InlineData(NispGrism.RGS180, -4, 266)]
    public void Spectra_persist_along_the_dispersion_direction_of_grism_and_tilt(NispGrism grism, int tilt, double expectedDegrees)
    {
        var f = NispSlewDarkGenerator.Generate(new NispSlewDarkOptions { Size = 512, Grism = grism, Tilt = tilt }, 5);
        var spectra = f.Features.Where(p => p.Kind == PersistenceKind.Spectrum).ToList();
        Assert.NotEmpty(spectra);
        foreach (var s in spectra)
        {
            var angle = Math.Atan2(s.Y1 - s.Y0, s.X1 - s.X0) * 180 / Math.PI;
            Assert.Equal(expectedDegrees, (angle + 360) % 360, 6);
        }
        // The image says the same: the persistence signal's second moments, over the mask, are
        // elongated along the dispersion (for a lone spectrum away from the others).
        var lone = spectra.OrderByDescending(s => s.Amplitude).First();
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, w = 0;
        int n = f.Size;
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
            {
                // Pixels within 3 σ of this spectrum's axis only.
                double ax = lone.X1 - lone.X0, ay = lone.Y1 - lone.Y0, px = x - lone.X0, py = y - lone.Y0;
                var t = Math.Clamp((px * ax + py * ay) / (ax * ax + ay * ay), 0, 1);
                if (Math.Pow(px - t * ax, 2) + Math.Pow(py - t * ay, 2) > 9 * lone.Width * lone.Width || t <= 0 || t >= 1) continue;
                var v = f.PersistenceSignal.Pixels[y * n + x];
                sx += v * x; sy += v * y; sxx += v * x * x; syy += v * y * y; sxy += v * x * y; w += v;
            }
        double mx = sx / w, my = sy / w, cxx = sxx / w - mx * mx, cyy = syy / w - my * my, cxy = sxy / w - mx * my;
        var major = 0.5 * Math.Atan2(2 * cxy, cxx - cyy) * 180 / Math.PI; // axis direction modulo 180°
        Assert.Equal(expectedDegrees % 180, (major + 180) % 180, 0);
    }

    [Fact]
    public void Persistence_mask_is_the_truth_signal_above_threshold_and_decays_with_time_since_slew()
    {
        var early = NispSlewDarkGenerator.Generate(Small with { SecondsSinceSlew = 30 }, 9);
        var late = NispSlewDarkGenerator.Generate(Small with { SecondsSinceSlew = 900 }, 9);
        for (var i = 0; i < early.Data.Count; i++)
            Assert.Equal(!early.ReferencePixelMask.Pixels[i] && early.PersistenceSignal.Pixels[i] > 3.0, early.PersistenceMask.Pixels[i]);
        // Same features, amplitudes scaled by exp(-Δt/τ).
        var ratio = Math.Exp(-(900 - 30) / 300.0);
        Assert.Equal(early.Features.Count, late.Features.Count);
        foreach (var (a, b) in early.Features.Zip(late.Features)) Assert.Equal(a.Amplitude * ratio, b.Amplitude, 1e-9 * a.Amplitude);
        Assert.True(late.PersistenceMask.Count < early.PersistenceMask.Count);
    }

    [Fact]
    public void A_calibration_block_sequence_cycles_grisms_and_tilts_over_four_days()
    {
        var frames = NispSlewDarkGenerator.Sequence(6, new NispSlewDarkOptions { Size = 64 }, 2).ToList();
        Assert.Equal(NispSlewDarkGenerator.CalblockConfigurations, frames.Select(f => (f.Grism, f.Tilt)));
        Assert.Equal("2025-01-10T00:00:00.000", frames[0].Header["DATE-OBS"]);
        Assert.StartsWith("2025-01-13T23:59", frames[^1].Header.GetString("DATE-OBS"));
        Assert.Equal(frames.Count, frames.Select(f => f.Seed).Distinct().Count());
        Assert.Equal(NispSlewDarkGenerator.Generate(frames[3].Options, frames[3].Seed).Data.Pixels, frames[3].Data.Pixels);
    }

    [Fact]
    public void Bad_options_are_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NispSlewDarkGenerator.Generate(new() { Size = 8 }, 1));
        Assert.Contains("Size", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => NispSlewDarkGenerator.Generate(new() { Size = 64, Tilt = 30 }, 1));
        Assert.Contains("Tilt", e.Message);
    }
}
