namespace NotebookLib.Imaging;

/// <summary>Settings of the segmentation pipeline of talk 000.</summary>
/// <param name="WindowSize">Side of the local standard-deviation window.</param>
/// <param name="StdThreshold">Local-σ value above which a pixel is part of an object; null: the mean of the local-σ map.</param>
/// <param name="MinClusterSize">Objects with fewer pixels are removed.</param>
/// <param name="Connectivity">Which neighbours join pixels into one object.</param>
public sealed record SegmentationOptions(int WindowSize = 3, double? StdThreshold = null, int MinClusterSize = 5,
                                         Connectivity Connectivity = Connectivity.Eight);

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
        var all = ConnectedComponents.Label(new Mask(image.Width, image.Height, mask), o.Connectivity);
        var kept = all.RemoveSmall(o.MinClusterSize);
        return new SegmentationResult(thresholded, mean, std, stdThreshold, all, kept, kept.Properties(image));
    }
}
