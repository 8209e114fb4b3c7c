namespace NotebookLib.Plotting;

/// <summary>Images side by side with a caption above each (a prediction beside its truth), as one image.</summary>
public static class Montage
{
    /// <summary>The images left to right, <paramref name="gap"/> pixels apart on a white background, each under its
    /// caption when captions are given; images of different heights are aligned at the top. Captions are drawn at
    /// <paramref name="captionScale"/> times the 5×7 font, so that they stay legible when the montage is shown halved.</summary>
    public static RgbImage Row(IReadOnlyList<RgbImage> images, IReadOnlyList<string>? captions = null, int gap = 8, int captionScale = 2)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("a montage needs at least one image", nameof(images));
        if (captions is not null && captions.Count != images.Count)
            throw new ArgumentException($"{captions.Count} captions for {images.Count} images", nameof(captions));
        if (gap < 0) throw new ArgumentOutOfRangeException(nameof(gap), $"gap must be ≥ 0, not {gap}");
        if (captionScale < 1) throw new ArgumentOutOfRangeException(nameof(captionScale), $"caption scale must be 1 or more, not {captionScale}");
        var top = captions is null ? 0 : 8 * captionScale + 6;
        var result = new RgbImage(images.Sum(i => i.Width) + gap * (images.Count - 1), top + images.Max(i => i.Height), Color.White);
        var x = 0;
        for (var k = 0; k < images.Count; k++)
        {
            result.Paste(images[k], x, top);
            if (captions is not null) result.DrawText(x + 2, 3, captions[k], Color.Black, captionScale);
            x += images[k].Width + gap;
        }
        return result;
    }
}
