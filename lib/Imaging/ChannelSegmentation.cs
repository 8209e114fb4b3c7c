namespace NotebookLib.Imaging;

/// <summary>The segmentation of each horizontal channel, and their masks concatenated back into one
/// mask of the whole image (the talk's concatenated mask maps).</summary>
public sealed record ChannelSegmentation(int Width, int Height, IReadOnlyList<Channel> Channels,
                                         IReadOnlyList<SegmentationResult> Results, Mask Mask)
{
    /// <summary>Objects kept over all channels.</summary>
    public int ObjectCount => Results.Sum(r => r.Labels.Count);

    /// <summary>Objects as a full-image label image, numbered channel by channel from the top.</summary>
    public LabelImage ToLabelImage()
    {
        var labels = new int[Width * Height];
        var offset = 0;
        for (var c = 0; c < Channels.Count; c++)
        {
            var l = Results[c].Labels;
            var start = Channels[c].Y * Width;
            for (var i = 0; i < l.Labels.Length; i++)
                if (l.Labels[i] != 0) labels[start + i] = l.Labels[i] + offset;
            offset += l.Count;
        }
        return new LabelImage(Width, Height, labels, offset);
    }

    public override string ToString() =>
        $"{Channels.Count} channels of {Width}×{Height}: {ObjectCount} objects, {Mask.Count} mask pixels";
}

public static class ChannelSegmentations
{
    /// <summary>
    /// Splits the image into <paramref name="channels"/> horizontal bands and runs the segmentation
    /// pipeline on each on its own, so that every band gets its own mean and local-σ thresholds (the
    /// read-out channels of a detector differ in offset and noise); the channel masks are then
    /// concatenated top to bottom into one mask of the image. An object that crosses a channel edge is
    /// cut in two there, as in the talk.
    /// </summary>
    public static ChannelSegmentation SegmentChannels(this Image image, int channels = 10, SegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var parts = image.SplitChannels(channels);
        var results = new SegmentationResult[parts.Count];
        for (var c = 0; c < parts.Count; c++) results[c] = parts[c].Image.Segment(options);
        var mask = new bool[image.Count];
        for (var c = 0; c < parts.Count; c++)
            results[c].Mask.Pixels.CopyTo(mask.AsSpan(parts[c].Y * image.Width, parts[c].Image.Count));
        return new ChannelSegmentation(image.Width, image.Height, parts, results, new Mask(image.Width, image.Height, mask));
    }
}
