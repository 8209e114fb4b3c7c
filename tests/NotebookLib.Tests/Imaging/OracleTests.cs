using NotebookLib.Imaging;

namespace NotebookLib.Tests.Imaging;

/// <summary>The operations that scipy, scikit-image and astropy also have, compared on the same inputs.</summary>
public class OracleTests(ImagingOracle oracle) : IClassFixture<ImagingOracle>
{
    const int MW = ImagingOracle.MaskWidth, MH = ImagingOracle.MaskHeight;

    [Theory]
    [InlineData(Connectivity.Eight, "label8")]
    [InlineData(Connectivity.Four, "label4")]
    [InlineData(Connectivity.Eight, "biglabel8")]
    [InlineData(Connectivity.Four, "biglabel4")]
    public void Connected_components_match_scipy_ndimage_label_up_to_relabelling(Connectivity connectivity, string name)
    {
        var ours = name.StartsWith("big")
            ? ConnectedComponents.Label(new Mask(ImagingOracle.BigWidth, ImagingOracle.BigHeight, oracle.BigMask), connectivity)
            : ConnectedComponents.Label(new Mask(MW, MH, oracle.Mask), connectivity);
        var theirs = oracle.Ints(name);
        Assert.Equal((int)oracle.Json[name]!, ours.Count);
        AssertSamePartition(ours.Labels, theirs);
        Assert.True(ours.Count > 20, $"the test mask should have many components, has {ours.Count}");
    }

    /// <summary>Large masks: parallel stripes whose seams objects cross, on one to three threads, with the
    /// label image gathered eight pixels at a time (AVX2) and painted run by run (the fallback).</summary>
    [Theory]
    [InlineData("seammask", Connectivity.Eight, 1, true)]
    [InlineData("seammask", Connectivity.Eight, 2, true)]
    [InlineData("seammask", Connectivity.Four, 3, true)]
    [InlineData("seammask", Connectivity.Eight, 2, false)]
    [InlineData("densemask", Connectivity.Eight, 1, true)]
    [InlineData("densemask", Connectivity.Eight, 2, true)]
    [InlineData("densemask", Connectivity.Four, 3, true)]
    [InlineData("densemask", Connectivity.Eight, 3, false)]
    public void Large_masks_label_as_scipy_across_stripe_seams(string name, Connectivity connectivity, int threads, bool gather)
    {
        var (mask, w, h) = name == "seammask"
            ? (oracle.SeamMask, ImagingOracle.SeamWidth, ImagingOracle.SeamHeight)
            : (oracle.DenseMask, ImagingOracle.DenseWidth, ImagingOracle.DenseHeight);
        LabelImage ours;
        using (RowParallel.Limit(threads)) ours = ConnectedComponents.Label(mask, w, h, connectivity, gather);
        string key = name + (connectivity == Connectivity.Eight ? "8" : "4");
        Assert.Equal((int)oracle.Json[key]!, ours.Count);
        AssertSamePartition(ours.Labels, oracle.Ints(key));
        // scipy numbers objects in raster order of their first pixel too, so the labels are the same.
        Assert.True(ours.Labels.AsSpan().SequenceEqual(oracle.Ints(key)), "labels differ from scipy's numbering");
    }

    [Fact]
    public void Labels_are_numbered_in_raster_order_of_first_pixel()
    {
        var seen = 0;
        foreach (var l in oracle.OurLabels.Labels)
        {
            if (l == 0 || l <= seen) continue;
            Assert.Equal(seen + 1, l);
            seen = l;
        }
        Assert.Equal(oracle.OurLabels.Count, seen);
    }

    [Fact]
    public void Region_properties_match_skimage_regionprops()
    {
        var ours = oracle.OurLabels.Properties(oracle.MaskIntensity);
        var theirs = oracle.Json["props"]!.AsArray();
        Assert.Equal(theirs.Count, ours.Count);
        for (int i = 0; i < ours.Count; i++)
        {
            var o = ours[i];
            var t = theirs[i]!;
            Assert.Equal((int)t["label"]!, o.Label);
            Assert.Equal((long)t["area"]!, o.Area);
            Assert.Equal((double)t["col"]!, o.CentroidX, 9);
            Assert.Equal((double)t["row"]!, o.CentroidY, 9);
            var bbox = t["bbox"]!.AsArray().Select(v => (int)v!).ToArray();  // min_row, min_col, max_row, max_col
            Assert.Equal(new BoundingBox(bbox[1], bbox[0], bbox[3], bbox[2]), o.BoundingBox);
            Assert.Equal((double)t["mean"]!, o.MeanIntensity, 1e-3);
            Assert.Equal((double)t["mean"]! * o.Area, o.Flux, Math.Abs(o.Flux) * 1e-6);
            Assert.Equal((double)t["wcol"]!, o.WeightedCentroidX, 1e-6);
            Assert.Equal((double)t["wrow"]!, o.WeightedCentroidY, 1e-6);
        }
    }

    [Fact]
    public void Removing_small_objects_matches_skimage()
    {
        var kept = oracle.OurLabels.RemoveSmall(6);
        var expected = oracle.Ints("small_removed");
        Assert.Equal(expected.Select(v => v != 0), kept.Labels.Select(v => v != 0));
        var areas = kept.Areas();
        Assert.All(areas.Skip(1), a => Assert.True(a >= 6, $"an object of {a} pixels survived"));
        Assert.Equal(kept.Count, kept.Labels.Max());
    }

    [Fact]
    public void Median_and_mad_match_numpy_scipy_and_astropy()
    {
        Assert.Equal((double)oracle.Json["median"]!, oracle.Image.Median(), 1e-4);
        double mad = oracle.Image.MedianAbsoluteDeviation();
        Assert.Equal((double)oracle.Json["mad"]!, mad, 1e-4);
        Assert.Equal((double)oracle.Json["mad_std"]!, 1.482602218505602 * mad, 1e-4);
        Assert.Equal((double)oracle.Json["mean"]!, oracle.Image.Mean(), 1e-9);
        Assert.Equal((double)oracle.Json["median"]! + 3 * (double)oracle.Json["mad"]!, oracle.Image.MedianMadThreshold(3), 1e-3);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("large")]
    [InlineData("tight")]
    public void Zscale_limits_match_astropy(string which)
    {
        var frame = which == "image" ? oracle.Image : oracle.Large;
        var interval = which == "tight" ? new ZScaleInterval(Samples: 300, Contrast: 0.1) : new ZScaleInterval();
        var (min, max) = interval.GetLimits(frame);
        var expected = oracle.Json["zscale"]![which]!.AsArray();
        Assert.Equal((double)expected[0]!, min, Math.Abs(min) * 1e-5);
        Assert.Equal((double)expected[1]!, max, Math.Abs(max) * 1e-5);
    }

    [Theory]
    [InlineData("bilinear_down", 25, 20, ResizeMethod.Bilinear)]
    [InlineData("bilinear_up", 130, 100, ResizeMethod.Bilinear)]
    [InlineData("area_down", 25, 20, ResizeMethod.Area)]
    [InlineData("area_up", 130, 100, ResizeMethod.Area)]
    public void Resize_matches_skimage(string name, int width, int height, ResizeMethod method)
    {
        var ours = oracle.Image.Resize(width, height, method);
        AssertClose(oracle.Array(name), ours.Pixels, 2e-5);
    }

    [Fact]
    public void Binning_matches_skimage_downscale_local_mean_and_keeps_the_mean()
    {
        var ours = oracle.Image.Crop(0, 0, 60, 46).Bin(2);
        Assert.Equal((30, 23), (ours.Width, ours.Height));
        AssertClose(oracle.Array("downscale2"), ours.Pixels, 1e-5);
        Assert.Equal(oracle.Image.Crop(0, 0, 60, 46).Mean(), ours.Mean(), 1e-3);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Local_std_matches_scipy_generic_filter(int size)
    {
        var ours = oracle.Image.LocalStd(size);
        AssertClose(oracle.Array("std" + size), ours.Pixels, 1e-5);
    }

    [Theory]
    [InlineData("inside", 30, 20, 9)]
    [InlineData("corner", 1, 2, 8)]
    [InlineData("far_edge", 59.6, 45.2, 7)]
    [InlineData("half", 10.5, 30.5, 6)]
    public void Cutouts_match_astropy_Cutout2D_partial(string name, double x, double y, int size)
    {
        var ours = oracle.Image.Cutout(x, y, size, padValue: -99f);
        var expected = oracle.Array("cut_" + name);
        AssertClose(expected, ours.Pixels, 0);
        // Padded pixels, and only those, are masked; a cutout inside the frame has no mask.
        if (expected.Any(v => v == -99))
        {
            Assert.NotNull(ours.Mask);
            for (int i = 0; i < ours.Count; i++) Assert.Equal(ours.Pixels[i] == -99f, ours.Mask!.Pixels[i]);
        }
        else Assert.Null(ours.Mask);
        Assert.Equal(name is "corner" or "far_edge", ours.Mask is not null);
    }

    [Fact]
    public void Log_and_asinh_stretches_match_astropy()
    {
        var unit = oracle.Image.MinMaxNormalize();
        AssertClose(oracle.Array("unit"), unit.Pixels, 1e-6);
        AssertClose(oracle.Array("log_stretch"), unit.LogStretch().Pixels, 1e-5);
        AssertClose(oracle.Array("asinh_stretch"), unit.AsinhStretch().Pixels, 1e-5);
    }

    [Fact]
    public void Segmentation_pipeline_matches_the_same_steps_in_scipy()
    {
        var result = oracle.Scene.Segment(new SegmentationOptions(WindowSize: 3, MinClusterSize: 5));
        Assert.Equal((int)oracle.Json["segment_all"]!, result.AllComponents.Count);
        Assert.Equal((int)oracle.Json["segment_kept"]!, result.Labels.Count);
        Assert.Equal(oracle.Ints("segment_mask").Select(v => v != 0), result.Mask.Pixels);
        Assert.Equal(result.Labels.Count, result.Objects.Count);
        Assert.True(result.Objects.Count >= 3, $"the scene has 12 blobs; {result.Objects.Count} objects were found");
        Assert.All(result.Objects, o => Assert.True(o.Area >= 5));
    }

    /// <summary>Same background, and a one-to-one map between the two labelings.</summary>
    static void AssertSamePartition(int[] ours, int[] theirs)
    {
        Assert.Equal(theirs.Length, ours.Length);
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.Equal(theirs[i] == 0, ours[i] == 0);
            if (ours[i] == 0) continue;
            if (forward.TryGetValue(ours[i], out var t)) Assert.Equal(t, theirs[i]);
            else forward[ours[i]] = theirs[i];
            if (backward.TryGetValue(theirs[i], out var o)) Assert.Equal(o, ours[i]);
            else backward[theirs[i]] = ours[i];
        }
    }

    internal static void AssertClose(double[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).Max();
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i])) { Assert.True(float.IsNaN(actual[i]), $"index {i}: expected NaN, got {actual[i]}"); continue; }
            double tol = relative * Math.Max(1, scale);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"index {i}: expected {expected[i]}, got {actual[i]} (tolerance {tol})");
        }
    }
}
