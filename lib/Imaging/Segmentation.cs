namespace NotebookLib.Imaging;

/// <summary>Settings of the segmentation pipeline of talk 000.</summary>
/// <param name="WindowSize">Side of the local standard-deviation window.</param>
/// <param name="StdThreshold">Local-σ value above which a pixel is part of an object; null: the mean of the local-σ map.</param>
/// <param name="MinClusterSize">Objects with fewer pixels are removed.</param>
/// <param name="Connectivity">Which neighbours join pixels into one object.</param>
/// <param name="WithinThreshold">Keep only the local-σ pixels that also passed the mean threshold. The local-σ map
/// is high for a window's width around every object, so without this the mask grows each object by about half
/// a window on every side (false pixels along every edge).</param>
/// <param name="FillHoles">Fill the holes of the local-σ mask (scipy.ndimage.binary_fill_holes) before the objects are
/// labelled. A flat interior (a feature clipped at the top of the range) has a local σ of 0, so without this only
/// its outline is kept.</param>
public sealed record SegmentationOptions(int WindowSize = 3, double? StdThreshold = null, int MinClusterSize = 5,
                                         Connectivity Connectivity = Connectivity.Eight, bool WithinThreshold = false,
                                         bool FillHoles = false);

/// <summary>Every step of a segmentation, for display: the thresholded image, the local-σ map and
/// the threshold applied to it, the final label image and the objects measured on the input image.</summary>
public sealed record SegmentationResult(
    Image Thresholded, double MeanThreshold, Image LocalStd, double StdThreshold,
    LabelImage AllComponents, LabelImage Labels, IReadOnlyList<RegionProperties> Objects)
{
    /// <summary>True on the pixels of the kept objects (the mask a U-Net is trained on).</summary>
    public Mask Mask => Labels.ToMask();
}

public static class Segmentation
{
    /// <summary>mean threshold → local standard-deviation filter → connected components → removal of
    /// small clusters; the objects' flux and centroids are measured on <paramref name="image"/> itself.</summary>
    public static SegmentationResult Segment(this Image image, SegmentationOptions? options = null)
    {
        var o = options ?? new SegmentationOptions();
        if (o.MinClusterSize < 0) throw new ArgumentOutOfRangeException(nameof(options), $"MinClusterSize must be ≥ 0, not {o.MinClusterSize}");
        double mean = image.Mean();
        var thresholded = image.RemoveBelow(mean);
        var std = thresholded.LocalStd(o.WindowSize);
        double stdThreshold = o.StdThreshold ?? std.Mean();
        var mask = new bool[image.Count];
        var s = std.Pixels;
        for (int i = 0; i < mask.Length; i++) mask[i] = s[i] > stdThreshold;
        if (o.FillHoles) FillHoles(mask, image.Width, image.Height);
        if (o.WithinThreshold)
        {
            var t = thresholded.Pixels;
            for (int i = 0; i < mask.Length; i++) mask[i] &= t[i] != 0;
        }
        var all = ConnectedComponents.Label(new Mask(image.Width, image.Height, mask), o.Connectivity);
        var kept = all.RemoveSmall(o.MinClusterSize);
        return new SegmentationResult(thresholded, mean, std, stdThreshold, all, kept, kept.Properties(image));
    }

    /// <summary>Sets every unset pixel that the image edge cannot reach through unset pixels (4-connected), as
    /// scipy.ndimage.binary_fill_holes with its default structure.</summary>
    public static void FillHoles(bool[] mask, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != (long)width * height) throw new ArgumentException($"{mask.Length} pixels for {width}×{height}", nameof(mask));
        var outside = new bool[mask.Length];
        var stack = new Stack<int>();
        void Seed(int i) { if (!mask[i] && !outside[i]) { outside[i] = true; stack.Push(i); } }
        for (var x = 0; x < width; x++) { Seed(x); Seed((height - 1) * width + x); }
        for (var y = 0; y < height; y++) { Seed(y * width); Seed(y * width + width - 1); }
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            int x = i % width, y = i / width;
            if (x > 0) Seed(i - 1);
            if (x < width - 1) Seed(i + 1);
            if (y > 0) Seed(i - width);
            if (y < height - 1) Seed(i + width);
        }
        for (var i = 0; i < mask.Length; i++) if (!outside[i]) mask[i] = true;
    }
}
