using NotebookLib.Imaging;

namespace NotebookLib.Plotting;

/// <summary>
/// Grids of cutouts: a cluster's members (2 × 10), the top-25 anomalies, originals over their
/// reconstructions. Each cutout is an image drawn with its own limits unless the options fix them; the
/// title and captions are HTML text around the images (<see cref="HtmlGallery"/>), legible at any zoom.
/// </summary>
public static class Gallery
{
    /// <summary>A grid of same-sized cutouts, row by row, each with an optional caption.</summary>
    public static HtmlGallery Grid(IReadOnlyList<Image> cutouts, int columns = 10,
        IReadOnlyList<string>? captions = null, string? title = null, ImageOptions? options = null, int cellSize = 96)
    {
        Check(cutouts, captions, nameof(cutouts));
        var o = (options ?? new ImageOptions()) with { ColorBar = false, Zoom = 1 };
        return Compose(cutouts.Select(c => RgbImage.FromImage(c, o)).ToList(), captions, columns, title, cellSize);
    }

    /// <summary>A grid of same-sized colour tiles (e.g. <see cref="RgbImage.FromChannels"/>), row by row, each with an optional caption.</summary>
    public static HtmlGallery ColourGrid(IReadOnlyList<RgbImage> tiles, int columns = 10, IReadOnlyList<string>? captions = null,
        string? title = null, int cellSize = 96)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0) throw new ArgumentException("tiles is empty: a gallery needs at least one cutout", nameof(tiles));
        if (captions is not null && captions.Count != tiles.Count)
            throw new ArgumentException($"{captions.Count} captions for {tiles.Count} cutouts: give one caption per cutout", nameof(captions));
        return Compose(tiles, captions, columns, title, cellSize);
    }

    /// <summary>
    /// Originals in the first row and their reconstructions under them (wrapping every
    /// <paramref name="columns"/>), each pair drawn with the original's limits so that the
    /// difference shows; the caption goes under the reconstruction.
    /// </summary>
    public static HtmlGallery OriginalOverReconstruction(IReadOnlyList<Image> originals, IReadOnlyList<Image> reconstructions,
        IReadOnlyList<string>? captions = null, int columns = 10, string? title = null,
        ImageOptions? options = null, int cellSize = 96)
    {
        Check(originals, captions, nameof(originals));
        Check(reconstructions, null, nameof(reconstructions));
        if (originals.Count != reconstructions.Count)
            throw new ArgumentException($"{originals.Count} originals but {reconstructions.Count} reconstructions: they go in pairs");
        for (var i = 0; i < originals.Count; i++)
            RgbImage.CheckSize(reconstructions[i].Width, reconstructions[i].Height, originals[i], $"reconstruction {i}");
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), $"columns must be 1 or more, not {columns}");
        var o = (options ?? new ImageOptions()) with { ColorBar = false, Zoom = 1 };
        var cols = Math.Min(columns, originals.Count);
        var tiles = new List<RgbImage>();
        var caps = new List<string>();
        for (var start = 0; start < originals.Count; start += columns)
        {
            var end = Math.Min(originals.Count, start + columns);
            var limits = new List<ImageOptions>();
            for (var i = start; i < end; i++)
            {
                var (lo, hi) = RgbImage.Limits(originals[i], o);
                var shared = o with { Min = lo, Max = hi, Stretch = o.Stretch == Stretch.ZScale ? Stretch.Linear : o.Stretch };
                limits.Add(shared);
                tiles.Add(RgbImage.FromImage(originals[i], shared));
                caps.Add("");
            }
            // Pad a short last row so that reconstructions stay under their originals.
            for (var i = end - start; i < cols; i++) { tiles.Add(Blank(originals[start].Width, originals[start].Height)); caps.Add(""); }
            for (var i = start; i < end; i++)
            {
                tiles.Add(RgbImage.FromImage(reconstructions[i], limits[i - start]));
                caps.Add(captions?[i] ?? "");
            }
        }
        return Compose(tiles, caps, cols, title, cellSize);
    }

    /// <summary>
    /// Up to <paramref name="count"/> members of one cluster (a seeded random choice when there are more,
    /// in index order), captioned with their indices: the talks' 2 × 10 galleries per cluster.
    /// </summary>
    public static HtmlGallery OfCluster(IReadOnlyList<Image> cutouts, IReadOnlyList<int> labels, int cluster,
        int count = 20, int columns = 10, int? seed = null, ImageOptions? options = null, int cellSize = 96)
    {
        if (labels.Count != cutouts.Count)
            throw new ArgumentException($"{labels.Count} labels for {cutouts.Count} cutouts: give one label per cutout", nameof(labels));
        var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == cluster).ToList();
        if (members.Count == 0) throw new ArgumentException($"cluster {cluster} has no members", nameof(cluster));
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"count must be 1 or more, not {count}");
        var chosen = members.Count <= count ? members : Shuffle(members.ToArray(), Configuration.Seeds.Resolve(seed)).Take(count).Order().ToList();
        return Grid(chosen.Select(i => cutouts[i]).ToList(), columns, chosen.Select(i => $"#{i}").ToList(),
            $"cluster {cluster}: {chosen.Count} of {members.Count}", options, cellSize);
    }

    /// <summary>The <paramref name="count"/> cutouts with the highest scores (or lowest), best first,
    /// captioned with rank and score: the top-25 anomalies, the most nominal ones.</summary>
    public static HtmlGallery Top(IReadOnlyList<Image> cutouts, IReadOnlyList<double> scores,
        int count = 25, int columns = 5, bool highest = true, string? title = null, ImageOptions? options = null, int cellSize = 96)
    {
        if (scores.Count != cutouts.Count)
            throw new ArgumentException($"{scores.Count} scores for {cutouts.Count} cutouts: give one score per cutout", nameof(scores));
        var order = Enumerable.Range(0, scores.Count).Where(i => !double.IsNaN(scores[i]));
        order = highest ? order.OrderByDescending(i => scores[i]) : order.OrderBy(i => scores[i]);
        var chosen = order.Take(count).ToList();
        var captions = chosen.Select((i, rank) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rank + 1}: {scores[i]:G3}")).ToList();
        return Grid(chosen.Select(i => cutouts[i]).ToList(), columns, captions,
            title ?? $"{(highest ? "highest" : "lowest")} {chosen.Count} scores", options, cellSize);
    }

    static int[] Shuffle(int[] items, int seed)
    {
        var rng = new Random(seed);
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }

    static RgbImage Blank(int width, int height) => new(width, height, Color.White);

    static void Check(IReadOnlyList<Image> cutouts, IReadOnlyList<string>? captions, string what)
    {
        ArgumentNullException.ThrowIfNull(cutouts, what);
        if (cutouts.Count == 0) throw new ArgumentException($"{what} is empty: a gallery needs at least one cutout", what);
        for (var i = 0; i < cutouts.Count; i++)
            if (cutouts[i] is null) throw new ArgumentNullException(what, $"{what}[{i}] is null");
        if (captions is not null && captions.Count != cutouts.Count)
            throw new ArgumentException($"{captions.Count} captions for {cutouts.Count} cutouts: give one caption per cutout", nameof(captions));
    }

    static HtmlGallery Compose(IReadOnlyList<RgbImage> tiles, IReadOnlyList<string>? captions, int columns, string? title, int cellSize)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), $"columns must be 1 or more, not {columns}");
        if (cellSize < 8) throw new ArgumentOutOfRangeException(nameof(cellSize), $"cell size must be at least 8 pixels, not {cellSize}");
        return new HtmlGallery(title, tiles.ToList(), captions?.ToList() ?? tiles.Select(_ => "").ToList(), columns, cellSize);
    }
}
