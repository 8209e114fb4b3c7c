using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Imaging;

/// <summary>Masking, reference pixels, ADU scaling, clipping and normalising: closed forms.</summary>
public class PreprocessingTests
{
    static Image Ramp(int w, int h) =>
        new(w, h, Enumerable.Range(0, w * h).Select(i => (float)i).ToArray());

    [Fact]
    public void Pixel_x_y_is_at_y_times_width_plus_x_as_numpy_data_y_x()
    {
        var a = new float[3, 5];
        a[2, 4] = 7;
        var f = Image.FromArray(a);
        Assert.Equal((5, 3), (f.Width, f.Height));
        Assert.Equal(7, f[4, 2]);
        Assert.Equal(7, f.Pixels[2 * 5 + 4]);
        Assert.Equal(a, f.ToArray());
    }

    [Fact]
    public void Wrong_sizes_are_named_in_the_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new Image(4, 3, new float[11]));
        Assert.Contains("11", e.Message);
        Assert.Contains("4×3", e.Message);
        var m = Assert.Throws<ArgumentException>(() => new Image(4, 3, new float[12], new Mask(5, 2)));
        Assert.Contains("5×2", m.Message);
        var mp = Assert.Throws<ArgumentException>(() => new Mask(4, 3, new bool[10]));
        Assert.Contains("10", mp.Message);
        var dq = Assert.Throws<ArgumentException>(() => Ramp(4, 3).MaskDataQuality(new int[5]));
        Assert.Contains("data-quality", dq.Message);
        Assert.Contains("4×3", dq.Message);
    }

    [Fact]
    public void Data_quality_bits_mask_only_the_flags_asked_for()
    {
        var f = Ramp(4, 2);
        int[] dq = [0, 1, 2, 3, 4, 0, 8, 0];
        Assert.Equal(new[] { false, true, true, true, true, false, true, false }, f.MaskDataQuality(dq).Mask!.Pixels);
        Assert.Equal(new[] { false, false, true, true, false, false, false, false }, f.MaskDataQuality(dq, flags: 2).Mask!.Pixels);
        var dqf = new Image(4, 2, [0, 1, 2, 3, 4, 0, 8, 0]);   // a DQ extension read as float32
        Assert.Equal(f.MaskDataQuality(dq, 5).Mask!.Pixels, f.MaskDataQuality(dqf, 5).Mask!.Pixels);
        Assert.Throws<ArgumentException>(() => f.MaskDataQuality(new Image(2, 4, new float[8])));
        Assert.Null(f.Mask);   // the input is untouched
        // Masks combine: DQ then a bad-pixel map.
        var both = f.MaskDataQuality(dq, 8).MaskBadPixels(new Mask(4, 2, [true, false, false, false, false, false, false, false]));
        Assert.Equal(2, both.MaskedCount);
    }

    [Fact]
    public void Reference_border_is_masked_or_excluded()
    {
        var f = Ramp(20, 16);
        var masked = f.MaskReferencePixels(4);
        Assert.Equal(20 * 16 - 12 * 8, masked.MaskedCount);
        Assert.True(masked.IsMasked(3, 8));
        Assert.False(masked.IsMasked(4, 4));
        var inner = f.ExcludeReferencePixels(4);
        Assert.Equal((12, 8), (inner.Width, inner.Height));
        Assert.Equal(f[4, 4], inner[0, 0]);
        Assert.Equal(f[15, 11], inner[11, 7]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ramp(8, 8).ExcludeReferencePixels(4));
    }

    [Fact]
    public void Reference_pixel_correction_removes_row_and_column_offsets()
    {
        int w = 24, h = 20, b = 4;
        var rng = new Random(3);
        var science = new float[w * h];
        var raw = new float[w * h];
        var col = Enumerable.Range(0, w).Select(_ => (float)(rng.NextDouble() * 50)).ToArray();
        var row = Enumerable.Range(0, h).Select(_ => (float)(rng.NextDouble() * 20)).ToArray();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                bool reference = x < b || y < b || x >= w - b || y >= h - b;
                science[y * w + x] = reference ? 0 : (float)(rng.NextDouble() * 1000);
                raw[y * w + x] = science[y * w + x] + col[x] + row[y];
            }
        var corrected = new Image(w, h, raw).CorrectReferencePixels(b);
        for (int i = 0; i < raw.Length; i++) Assert.Equal(science[i], corrected.Pixels[i], 1e-3f);

        // Columns only: what remains is the row offset minus its mean over the reference rows.
        var colsOnly = new Image(w, h, raw).CorrectReferencePixels(b, ReferenceCorrection.Columns);
        double refRowMean = Enumerable.Range(0, h).Where(y => y < b || y >= h - b).Average(y => row[y]);
        Assert.Equal(science[10 * w + 10] + row[10] - refRowMean, colsOnly[10, 10], 1e-3);
    }

    [Fact]
    public void Adu_per_frame_per_pixel_divides_by_the_header_values()
    {
        var f = Ramp(3, 2);
        var header = new FitsHeader().Set("NFRAMES", 4).Set("BINNING", 2.0).Set("NGROUPS", 5);
        Assert.Equal(f.Pixels.Select(v => v / 4), f.ToAduPerFramePerPixel(header).Pixels);
        Assert.Equal(f.Pixels.Select(v => v / 8), f.ToAduPerFramePerPixel(header, pixelsKeyword: "BINNING").Pixels);
        Assert.Equal(f.Pixels.Select(v => v / 5), f.ToAduPerFramePerPixel(header, framesKeyword: "NGROUPS").Pixels);
        Assert.Equal(f.Pixels.Select(v => v / 20), f.DivideByKeywords(header, "NGROUPS", "NFRAMES").Pixels);
    }

    [Fact]
    public void A_missing_or_invalid_keyword_is_named()
    {
        var f = Ramp(3, 2);
        var e = Assert.Throws<KeyNotFoundException>(() => f.ToAduPerFramePerPixel(new FitsHeader()));
        Assert.Contains("'NFRAMES'", e.Message);
        var z = Assert.Throws<ArgumentException>(() => f.ToAduPerFramePerPixel(new FitsHeader().Set("NFRAMES", 0)));
        Assert.Contains("'NFRAMES'", z.Message);
        var t = Assert.Throws<FitsException>(() => f.ToAduPerFramePerPixel(new FitsHeader().Set("NFRAMES", "four")));
        Assert.Contains("NFRAMES", t.Message);
    }

    [Fact]
    public void Clip_normalize_and_min_max_per_image()
    {
        var f = new Image(5, 1, [-10, 0, 5, 10, float.NaN]);
        Assert.Equal(new float[] { 0, 0, 5, 8, float.NaN }, f.Clip(0, 8).Pixels);
        Assert.Equal(new float[] { 0, 0, 0.5f, 1, float.NaN }, f.Normalize(0, 10).Pixels);
        var mm = f.MinMaxNormalize();
        Assert.Equal(new float[] { 0, 0.5f, 0.75f, 1, float.NaN }, mm.Pixels);
        // Masked pixels do not set the range.
        var masked = f.MaskBadPixels(new Mask(5, 1, [true, false, false, false, false])).MinMaxNormalize();
        Assert.Equal(new float[] { 0, 0, 0.5f, 1 }, masked.Pixels[..4]);
        Assert.Equal(new float[5], Image.Filled(5, 1, 3).MinMaxNormalize().Pixels);
        Assert.Throws<ArgumentException>(() => f.Clip(3, 1));
    }

    [Fact]
    public void Fill_masked_and_non_finite_pixels()
    {
        var f = new Image(4, 1, [1, float.NaN, 3, 4], new Mask(4, 1, [false, false, true, false])).FillMasked(-1);
        Assert.Equal(new float[] { 1, -1, -1, 4 }, f.Pixels);
        Assert.Equal(2, new Image(4, 1, [1, float.NaN, 3, float.PositiveInfinity]).MaskNonFinite().MaskedCount);
    }

    [Fact]
    public void Background_removal_thresholds_and_small_clusters()
    {
        var p = new float[8 * 6];
        Array.Fill(p, 1f);
        // a 2×2 cluster (4 px), a lone pixel, and a diagonal pair that is one cluster in 8-connectivity
        p[1 * 8 + 1] = p[1 * 8 + 2] = p[2 * 8 + 1] = p[2 * 8 + 2] = 10;
        p[4 * 8 + 6] = 10;
        p[4 * 8 + 1] = p[5 * 8 + 2] = 10;
        var f = new Image(8, 6, p);
        Assert.Equal(1, f.Median());
        Assert.Equal(0, f.MedianAbsoluteDeviation());
        var bg = f.RemoveBackgroundMad(3);
        Assert.Equal(7, bg.Pixels.Count(v => v == 10));
        Assert.Equal(41, bg.Pixels.Count(v => v == 0));
        Assert.Equal(bg.Pixels, f.RemoveBackgroundMean().Pixels);
        var big = bg.RemoveSmallClusters(2);
        Assert.Equal(6, big.Pixels.Count(v => v != 0));
        Assert.Equal(0, big[6, 4]);
        Assert.Equal(4, bg.RemoveSmallClusters(2, Connectivity.Four).Pixels.Count(v => v != 0));
        Assert.Equal(41.0 / 48, bg.ZeroFluxFraction(), 12);
    }
}

public class StretchTests
{
    [Fact]
    public void Log10_masks_what_has_no_logarithm()
    {
        var f = new Image(4, 1, [100, 0.001f, 0, -1]).Log10();
        Assert.Equal(2, f.Pixels[0], 6);
        Assert.Equal(-3, f.Pixels[1], 5);
        Assert.True(float.IsNaN(f.Pixels[2]) && float.IsNaN(f.Pixels[3]));
        Assert.Equal(new[] { false, false, true, true }, f.Mask!.Pixels);
    }

    [Fact]
    public void Log10_input_puts_the_sky_on_a_log_scale_and_no_data_at_the_bottom()
    {
        // Raw counts: sky −4 … 4 around 0, a pixel of exactly 0 flux (no data), a galaxy core at 996.
        var raw = new Image(5, 1, [-4f, 4f, 0f, 996f, 96f]);
        var x = raw.Log10Input(floor: 1e-3);
        // Min-max first: (v + 4) / 1000; then (log10(max(n, 1e-3)) + 3) / 3.
        Assert.Equal(0f, x.Pixels[0]);                                   // the minimum sits on the floor
        Assert.Equal((Math.Log10(0.008) + 3) / 3, x.Pixels[1], 5);
        Assert.Equal(0f, x.Pixels[2]);                                   // no data: log10(0) = −∞, the bottom
        Assert.Equal(1f, x.Pixels[3]);
        Assert.Equal((Math.Log10(0.1) + 3) / 3, x.Pixels[4], 5);
        // Without the no-data rule the zero pixel keeps the sky's level, as after a plain min-max.
        Assert.Equal((Math.Log10(0.004) + 3) / 3, raw.Log10Input(floor: 1e-3, zeroFluxAsNoData: false).Pixels[2], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => raw.Log10Input(floor: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => raw.Log10Input(floor: 1));
    }

    [Fact]
    public void Sky_asinh_input_measures_pixels_in_the_sky_noise_and_puts_no_data_at_zero()
    {
        // Pixels with data −2, −1, 1, 2, 3 and 40: median 1.5, |deviations| 3.5 2.5 0.5 0.5 1.5 38.5, MAD 2; one pixel of exactly 0 (no data).
        var raw = new Image(7, 1, [-2f, -1f, 1f, 2f, 3f, 0f, 40f]);
        var x = raw.SkyAsinhInput(lowSigma: 5, highSigma: 100);
        double sigma = 1.4826 * 2, lo = Math.Asinh(5), range = Math.Asinh(100) + lo;
        double Expected(double v) => Math.Clamp((Math.Asinh((v - 1.5) / sigma) + lo) / range, 0, 1);
        foreach (var i in new[] { 0, 1, 2, 3, 4, 6 }) Assert.Equal(Expected(raw.Pixels[i]), x.Pixels[i], 5);
        Assert.Equal(0f, x.Pixels[5]);                                   // no data: the bottom of the range
        Assert.True(x.Pixels[0] > 0.1);                                  // the sky's lowest dip stays above no data
        // In units of the sky noise: scaling the counts changes nothing.
        var scaled = raw.WithPixels(raw.Pixels.Select(v => 7 * v).ToArray()).SkyAsinhInput(lowSigma: 5, highSigma: 100).Pixels;
        for (var i = 0; i < 7; i++) Assert.Equal(x.Pixels[i], scaled[i], 5);
        // Above highSigma·σ the input saturates at 1.
        Assert.Equal(1f, new Image(7, 1, [-2f, -1f, 1f, 2f, 3f, 0f, 4000f]).SkyAsinhInput(lowSigma: 5, highSigma: 100).Pixels[6]);
        Assert.Throws<ArgumentOutOfRangeException>(() => raw.SkyAsinhInput(lowSigma: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => raw.SkyAsinhInput(highSigma: -1));
    }

    [Fact]
    public void Log_and_asinh_stretches_are_astropys_curves_with_one_formula_for_images_and_figures()
    {
        var f = new Image(3, 1, [0f, 0.25f, 1f]);
        Assert.Equal(f.Pixels.Select(v => (float)Stretches.Log(v)), f.LogStretch().Pixels);
        Assert.Equal(f.Pixels.Select(v => (float)Stretches.Asinh(v)), f.AsinhStretch().Pixels);
        Assert.Equal(Math.Log(1000 * 0.25 + 1) / Math.Log(1001), Stretches.Log(0.25), 15);
        Assert.Equal(Math.Asinh(0.25 / 0.1) / Math.Asinh(10), Stretches.Asinh(0.25), 15);
        Assert.Equal(1, Stretches.Log(1), 15);
        Assert.Equal(1, Stretches.Asinh(1), 15);
    }

    [Fact]
    public void Zscale_stretch_maps_the_zscale_limits_onto_zero_and_one()
    {
        var f = Inputs.Scene(80, 60, seed: 12, blobs: 5);
        var (min, max) = new ZScaleInterval().GetLimits(f);
        Assert.True(min < max);
        var z = f.ZScale();
        Assert.Equal(f.Normalize((float)min, (float)max).Pixels, z.Pixels);
        Assert.All(z.Pixels, v => Assert.InRange(v, 0f, 1f));
        // The bright blobs saturate: zscale shows the background, not the sources.
        Assert.Contains(z.Pixels, v => v == 1f);
    }
}
