using NotebookLib.Imaging;

namespace NotebookLib.Tests.Imaging;

/// <summary>Patches, positions, reassembly and channels, checked against direct indexing and round trips.</summary>
public class TilingTests
{
    static readonly Image Scene = Inputs.Scene(150, 107, seed: 9);

    [Theory]
    [InlineData(34)]
    [InlineData(51)]
    [InlineData(68)]
    public void Dropping_the_edge_keeps_whole_patches_in_grid_order(int size)
    {
        var batch = Scene.Tile(size);
        Assert.Equal((150 / size, 107 / size), (batch.Columns, batch.Rows));
        Assert.Equal(new[] { batch.Count, size, size }, batch.Shape);
        Assert.Equal(batch.Count * size * size, batch.Data.Length);
        foreach (var pos in batch.Positions)
        {
            Assert.Equal((pos.Column * size, pos.Row * size), (pos.X, pos.Y));
            var patch = batch.Patch(pos.Index);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    Assert.Equal(Scene[pos.X + x, pos.Y + y], patch[y * size + x]);
        }
        Assert.Null(batch.MaskedFraction);
    }

    [Fact]
    public void Padding_completes_the_edge_and_the_round_trip_gives_the_image_back()
    {
        var batch = Scene.Tile(34, EdgePolicy.Pad, padValue: -1);
        Assert.Equal((5, 4), (batch.Columns, batch.Rows));
        var last = batch.Patch(batch.Count - 1);
        // The last patch starts at (136, 102): 14 columns and 5 rows are real.
        Assert.Equal(Scene[149, 106], last[4 * 34 + 13]);
        Assert.Equal(-1, last[4 * 34 + 14]);
        Assert.Equal(-1, last[5 * 34]);
        Assert.Equal(1 - 14.0 * 5 / (34 * 34), batch.MaskedFraction![batch.Count - 1], 6);
        Assert.Equal(0, batch.MaskedFraction[0]);
        Assert.Equal(Scene.Pixels, batch.ToImage(batch.Data).Pixels);
    }

    [Fact]
    public void Per_patch_values_go_back_onto_the_image()
    {
        var batch = Scene.Tile(34);
        var labels = Enumerable.Range(0, batch.Count).Select(i => i % 3).ToArray();
        var map = batch.ToImageMap<int>(labels, outside: -1);
        Assert.Equal(150 * 107, map.Length);
        Assert.Equal(labels[1 * batch.Columns + 2], map[(34 + 5) * 150 + 68 + 7]);
        Assert.Equal(-1, map[106 * 150 + 10]);      // the dropped bottom edge
        Assert.Equal(-1, map[10 * 150 + 140]);      // the dropped right edge
        var grid = batch.ToGrid<int>(labels);
        Assert.Equal(labels[batch.Columns + 2], grid[1, 2]);

        var masks = new bool[batch.Data.Length];
        masks[batch.Size * batch.Size * 5 + 3 * 34 + 4] = true;   // patch 5, pixel (4, 3)
        var full = batch.ToMask(masks);
        var p5 = batch.Position(5);
        Assert.True(full[p5.X + 4, p5.Y + 3]);
        Assert.Equal(1, full.Count);
        var dropped = batch.ToImage(batch.Data);
        Assert.True(float.IsNaN(dropped[149, 0]));
        Assert.Equal(Scene[135, 101], dropped[135, 101]);
        Assert.Throws<ArgumentException>(() => batch.ToImageMap<int>(new int[3], 0));
    }

    [Fact]
    public void Masked_pixels_are_counted_per_patch()
    {
        var mask = new bool[Scene.Count];
        for (int x = 0; x < 17; x++) mask[40 * 150 + 34 + x] = true;   // half a row of patch (1, 1)
        var batch = Scene.WithMask(new Mask(150, 107, mask)).Tile(34);
        Assert.Equal(17f / (34 * 34), batch.MaskedFraction![batch.Columns + 1]);
        Assert.Equal(0, batch.MaskedFraction.Sum() - batch.MaskedFraction[batch.Columns + 1]);
    }

    /// <summary>Batches of 4 MB and more are written with streaming stores: whole patches directly
    /// (blending vectors across patch rows), edge patches and patches under 8 pixels through a buffer.
    /// Each case against indexing by hand, on one and on several threads.</summary>
    [Theory]
    [InlineData(34, EdgePolicy.Drop, 1)]
    [InlineData(34, EdgePolicy.Drop, 3)]
    [InlineData(34, EdgePolicy.Pad, 2)]
    [InlineData(68, EdgePolicy.Drop, 2)]
    [InlineData(51, EdgePolicy.Pad, 1)]
    [InlineData(5, EdgePolicy.Drop, 2)]
    public void Large_batches_hold_the_same_pixels_as_indexing_by_hand(int size, EdgePolicy edge, int threads)
    {
        const int w = 1111, h = 1049;   // neither divides by the patch sizes, and odd rows misalign the output
        var rng = new Random(size);
        var pixels = new float[w * h];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)rng.NextDouble();
        var frame = new Image(w, h, pixels);
        Patches batch;
        using (RowParallel.Limit(threads)) batch = frame.Tile(size, edge, padValue: -7f);
        Assert.True(batch.Data.Length * sizeof(float) >= 4 << 20, "the case must be large enough for streaming stores");

        var expected = new float[batch.Data.Length];
        int o = 0;
        for (int gr = 0; gr < batch.Rows; gr++)
            for (int gc = 0; gc < batch.Columns; gc++)
                for (int py = 0; py < size; py++)
                    for (int px = 0; px < size; px++, o++)
                    {
                        int x = gc * size + px, y = gr * size + py;
                        expected[o] = x < w && y < h ? pixels[y * w + x] : -7f;
                    }
        int bad = expected.AsSpan().CommonPrefixLength(batch.Data);
        Assert.True(bad == expected.Length,
            $"first difference at output {bad} (patch {bad / (size * size)}, row {bad % (size * size) / size}, column {bad % size})");
    }

    /// <summary>Several images of one size inside a border, as notebook 01 tiles its darks: positions in
    /// each image's own pixels with the grid index beside them, the streaming copy on a large set, per-patch
    /// results back onto the right image, and labels from truth masks.</summary>
    [Theory]
    [InlineData(34, EdgePolicy.Drop, 1)]
    [InlineData(34, EdgePolicy.Drop, 3)]
    [InlineData(34, EdgePolicy.Pad, 2)]
    [InlineData(5, EdgePolicy.Drop, 2)]
    public void Images_tile_together_inside_a_border_with_positions_in_image_pixels(int size, EdgePolicy edge, int threads)
    {
        const int w = 1031, h = 1029, border = 4, count = 3;
        var rng = new Random(size + 100);
        var images = Enumerable.Range(0, count).Select(_ =>
            new Image(w, h, Enumerable.Range(0, w * h).Select(_ => (float)rng.NextDouble()).ToArray())).ToList();
        Patches patches;
        using (RowParallel.Limit(threads)) patches = images.Tile(size, edge, padValue: -7f, border: border);
        Assert.True(patches.Data.Length * sizeof(float) >= 4 << 20, "the case must be large enough for streaming stores");
        int inner = w - 2 * border;
        int per = edge == EdgePolicy.Drop ? inner / size : (inner + size - 1) / size;
        Assert.Equal((per, per, count, count * per * per), (patches.Columns, patches.Rows, patches.ImageCount, patches.Count));
        foreach (var pos in patches.Positions.Where((_, i) => i % 97 == 0 || i == patches.Count - 1))
        {
            Assert.Equal((pos.Index / (per * per), border + pos.Column * size, border + pos.Row * size), (pos.Image, pos.X, pos.Y));
            var patch = patches.Patch(pos.Index);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    int ix = pos.X + x, iy = pos.Y + y;
                    var inside = ix < w - border && iy < h - border;
                    Assert.Equal(inside ? images[pos.Image][ix, iy] : -7f, patch[y * size + x]);
                }
        }
        // Per-patch results go back onto their own image; the border holds the outside value.
        var last = patches.ToImage(patches.Data, outside: float.NaN, image: count - 1);
        Assert.Equal(images[^1][border + 3, border + 5], last[border + 3, border + 5]);
        Assert.True(float.IsNaN(last[1, 500]) && float.IsNaN(last[500, h - 2]));
        var byImage = patches.ToImageMap<int>(patches.Positions.Select(p => p.Image).ToArray(), outside: -1, image: 1);
        Assert.Equal(1, byImage[(border + 1) * w + border + 1]);
        Assert.Equal(-1, byImage[0]);
    }

    [Fact]
    public void Labels_say_which_patches_a_truth_mask_covers_beyond_a_fraction()
    {
        var images = new[] { Image.Filled(40, 40, 1f), Image.Filled(40, 40, 2f) };
        var patches = images.Tile(16, border: 4);     // 2 × 2 patches of each, at pixels 4 and 20
        var truth = new bool[40 * 40];
        for (int x = 20; x < 36; x++) truth[20 * 40 + x] = true;   // one row of patch (1, 1)
        var masks = new[] { new Mask(40, 40), new Mask(40, 40, truth) };
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 0, 0, 1.0 / 16 }, patches.Coverage(masks));
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 0, 0, 1 }, patches.Labels(masks, fraction: 0.01));
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 0, 0, 0 }, patches.Labels(masks, fraction: 0.1));
        Assert.Equal(new PatchPosition(7, 1, 1, 1, 20, 20), patches.Position(7));
        Assert.Equal(2f, patches.Image(7).Pixels.Distinct().Single());
        Assert.Throws<ArgumentException>(() => patches.Coverage([new Mask(40, 40)]));
        var e = Assert.Throws<ArgumentException>(() => new[] { Image.Filled(40, 40, 1f), Image.Filled(40, 39, 1f) }.Tile(16));
        Assert.Contains("40×39", e.Message);
    }

    [Fact]
    public void Too_large_patches_are_refused_with_the_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => Scene.Tile(136));
        Assert.Contains("150×107", e.Message);
        Assert.Contains("136", e.Message);
    }

    [Fact]
    public void Channels_are_bands_of_rows_that_put_back_give_the_image()
    {
        var channels = Scene.SplitChannels(10);
        Assert.Equal(10, channels.Count);
        Assert.Equal(107, channels.Sum(c => c.Height));
        Assert.Equal(new[] { 11, 11, 11, 11, 11, 11, 11, 10, 10, 10 }, channels.Select(c => c.Height));
        Assert.Equal(Scene.Pixels, channels.SelectMany(c => c.Image.Pixels));
        Assert.Equal(channels[3].Y, channels.Take(3).Sum(c => c.Height));
        Assert.All(channels, c => Assert.Equal(150, c.Image.Width));
    }

    [Fact]
    public void Cutout_far_outside_is_an_error()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Scene.Cutout(500, 20, 9));
        Assert.Contains("150×107", e.Message);
    }
}
