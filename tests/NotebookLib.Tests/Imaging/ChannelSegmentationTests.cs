using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Imaging;

/// <summary>Channel-wise segmentation and the concatenated mask, against the same steps written with
/// scipy on each band of numpy.array_split.</summary>
public class ChannelSegmentationTests
{
    [Fact]
    public void Channel_masks_concatenate_to_scipy_band_by_band_segmentation()
    {
        // 93 rows in 4 channels: 24, 23, 23, 23 (the first gets the extra row, as np.array_split).
        var scene = Inputs.Scene(120, 93, seed: 11, blobs: 20);
        // A per-channel offset, as the read-out channels of a detector have: one global threshold
        // would see the brightest band only.
        for (var y = 0; y < scene.Height; y++)
            for (var x = 0; x < scene.Width; x++)
                scene.Pixels[y * scene.Width + x] += 40 * (y * 4 / scene.Height);
        var result = scene.SegmentChannels(4, new SegmentationOptions(WindowSize: 3, MinClusterSize: 5));

        var dir = Repo.TempDir("channel-seg");
        File.WriteAllBytes(Path.Combine(dir, "scene.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(scene.Pixels.AsSpan()).ToArray());
        var output = Repo.RunPython("""
            import sys, json, numpy as np
            from scipy import ndimage
            d = sys.argv[1]
            scene = np.fromfile(d + "/scene.f32", dtype=np.float32).reshape(93, 120)
            masks, counts, heights = [], [], []
            for band in np.array_split(scene, 4, axis=0):
                t = np.where(band > band.astype(np.float64).mean(), band, 0).astype(np.float32)
                sd = ndimage.generic_filter(t, np.std, size=3, mode="reflect")
                m = sd > sd.astype(np.float64).mean()
                lab, n = ndimage.label(m, structure=np.ones((3, 3)))
                keep = np.bincount(lab.ravel()) >= 5
                keep[0] = False
                masks.append(keep[lab]); counts.append(int(keep.sum())); heights.append(band.shape[0])
            np.concatenate(masks).astype(np.uint8).tofile(d + "/mask.u8")
            print(json.dumps({"counts": counts, "heights": heights}))
            """, dir);
        var json = System.Text.Json.Nodes.JsonNode.Parse(output)!;
        var expected = File.ReadAllBytes(Path.Combine(dir, "mask.u8")).Select(b => b != 0).ToArray();

        Assert.Equal(json["heights"]!.AsArray().Select(v => (int)v!), result.Channels.Select(c => c.Height));
        Assert.Equal(json["counts"]!.AsArray().Select(v => (int)v!), result.Results.Select(r => r.Labels.Count));
        Assert.Equal(expected, result.Mask.Pixels);
        Assert.Equal(result.Results.Sum(r => r.Labels.Count), result.ObjectCount);
        // Every channel finds objects of its own despite the offsets between channels.
        Assert.All(result.Results, r => Assert.True(r.Labels.Count > 0));

        var labels = result.ToLabelImage();
        Assert.Equal(result.ObjectCount, labels.Count);
        Assert.Equal(result.Mask.Pixels, labels.ToMask().Pixels);
        Assert.Equal(result.ObjectCount, labels.Labels.Where(l => l > 0).Distinct().Count());
    }

    [Fact]
    public void Filled_holes_and_the_mean_threshold_bound_match_scipy()
    {
        // Blobs with flat tops (clipped, as bright persistence is at the top of the clip range): σ = 0 inside.
        var scene = Inputs.Scene(90, 70, seed: 5, blobs: 12);
        var top = scene.Pixels.Order().ElementAt(scene.Count * 97 / 100);
        for (var i = 0; i < scene.Count; i++) scene.Pixels[i] = Math.Min(scene.Pixels[i], top);
        var options = new SegmentationOptions(WindowSize: 3, MinClusterSize: 5, WithinThreshold: true, FillHoles: true);
        var result = scene.Segment(options);

        var dir = Repo.TempDir("seg-fill");
        File.WriteAllBytes(Path.Combine(dir, "scene.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(scene.Pixels.AsSpan()).ToArray());
        Repo.RunPython("""
            import sys, numpy as np
            from scipy import ndimage
            d = sys.argv[1]
            scene = np.fromfile(d + "/scene.f32", dtype=np.float32).reshape(70, 90)
            t = np.where(scene > scene.astype(np.float64).mean(), scene, 0).astype(np.float32)
            sd = ndimage.generic_filter(t, np.std, size=3, mode="reflect")
            m = ndimage.binary_fill_holes(sd > sd.astype(np.float64).mean()) & (t != 0)
            lab, n = ndimage.label(m, structure=np.ones((3, 3)))
            keep = np.bincount(lab.ravel()) >= 5
            keep[0] = False
            keep[lab].astype(np.uint8).tofile(d + "/mask.u8")
            """, dir);
        var expected = File.ReadAllBytes(Path.Combine(dir, "mask.u8")).Select(b => b != 0).ToArray();
        Assert.Equal(expected, result.Mask.Pixels);
        // Without the two options the flat tops are holes and the objects grow past the threshold.
        var plain = scene.Segment(options with { WithinThreshold = false, FillHoles = false }).Mask;
        var flat = Enumerable.Range(0, scene.Count).Where(i => scene.Pixels[i] == top).ToList();
        Assert.True(flat.Count(i => result.Mask.Pixels[i]) > flat.Count(i => plain.Pixels[i]), "filled flat tops");
        Assert.All(Enumerable.Range(0, scene.Count).Where(i => result.Mask.Pixels[i]), i => Assert.True(result.Thresholded.Pixels[i] != 0));
    }

    [Fact]
    public void More_channels_than_rows_are_refused_with_the_sizes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Image.Filled(8, 5, 1f).SegmentChannels(6));
        Assert.Contains("5 rows into 6 channels", e.Message);
    }
}
