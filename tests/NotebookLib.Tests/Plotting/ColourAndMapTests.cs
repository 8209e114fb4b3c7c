using NotebookLib.Analysis;
using NotebookLib.Plotting;

namespace NotebookLib.Tests.Plotting;

public class ColourAndMapTests
{
    [Fact]
    public void Channels_of_a_batch_become_colour_tiles_and_a_colour_grid()
    {
        // Two 3 × 2 × 2 images: image 1 has channel 2 (z) at 1, channel 0 (g) at 0.5, channel 1 at 0.
        var batch = new float[2 * 3 * 4];
        for (var k = 0; k < 4; k++) { batch[12 + 8 + k] = 1f; batch[12 + k] = 0.5f; }
        var tiles = RgbImage.FromChannels(batch, 3, 2, 2, [1, 0]);
        Assert.Equal(2, tiles.Length);
        Assert.Equal(new Color(255, 0, 128), tiles[0][1, 1]);   // z as red, g as blue
        Assert.Equal(new Color(0, 0, 0), tiles[1][0, 0]);
        var grid = Gallery.ColourGrid(tiles, columns: 2, captions: ["a", "b"], cellSize: 16);
        Assert.Equal(new Color(255, 0, 128), grid.Tiles[0][1, 1]);
        Assert.Equal(["a", "b"], grid.Captions);
        Assert.Throws<ArgumentOutOfRangeException>(() => RgbImage.FromChannels(batch, 3, 2, 2, [2]));
        Assert.Throws<ArgumentException>(() => RgbImage.FromChannels(batch, 4, 2, 2, [0]));
        Assert.Throws<ArgumentException>(() => Gallery.ColourGrid([], 2));
    }

    [Fact]
    public void Thumbnails_ride_on_a_map_as_layout_images_at_their_points()
    {
        double[] x = [0, 1, 2], y = [0, 10, 20];
        var fig = Plot.Scatter(x, y).WithThumbnails(x, y, [0, 2], _ => new RgbImage(2, 2, Color.White), size: 0.1);
        var json = System.Text.Json.Nodes.JsonNode.Parse(fig.ToJson())!;
        var images = json["layout"]!["images"]!.AsArray();
        Assert.Equal(2, images.Count);
        Assert.Equal(2.0, images[1]!["x"]!.GetValue<double>());
        Assert.Equal(20.0, images[1]!["y"]!.GetValue<double>());
        Assert.Equal(0.2, images[1]!["sizex"]!.GetValue<double>(), 12);
        Assert.StartsWith("data:image/png;base64,", images[0]!["source"]!.GetValue<string>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Plot.Scatter(x, y).WithThumbnails(x, y, [3], _ => new RgbImage(2, 2)));
    }

    [Fact]
    public void The_score_maps_show_the_axis_parallel_artefacts_of_the_isolation_forest_and_not_of_the_extended_one()
    {
        // Two blobs on the diagonal: (−3, −3) and (3, 3). The axis-parallel forest scores the empty corners
        // (−3, 3) and (3, −3), which share one coordinate with a blob, lower than the extended forest does
        // relative to the blobs themselves (Hariri et al.'s figure).
        var rng = new Random(1);
        var toy = new float[600, 2];
        for (var i = 0; i < 600; i++)
        {
            var c = i % 2 == 0 ? -3 : 3;
            toy[i, 0] = (float)(c + 0.8 * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5));
            toy[i, 1] = (float)(c + 0.8 * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5));
        }
        double Contrast(IsolationEnsemble f)
        {
            var s = f.ScoreSamples(new float[,] { { -3, 3 }, { 3, -3 }, { 0, 0 } });
            return (s[0] + s[1]) / 2 - s[2];   // the empty corners against the empty centre: both far from the data
        }
        var iso = new IsolationForest(200, seed: 3).Fit(toy);
        var ext = new ExtendedIsolationForest(200, seed: 3).Fit(toy);
        Assert.True(Contrast(iso) < Contrast(ext), $"corner − centre score: IF {Contrast(iso)}, EIF {Contrast(ext)}");
        var map = System.Text.Json.Nodes.JsonNode.Parse(Plot.ScoreMap(ext, toy, resolution: 20).ToJson())!;
        Assert.Equal("heatmap", map["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(20, map["data"]![0]!["z"]!.AsArray().Count);
        Assert.Equal(600, map["data"]![1]!["x"]!.AsArray().Count);
        Assert.Throws<ArgumentException>(() => Plot.ScoreMap(ext, new float[3, 3]));
    }
}
