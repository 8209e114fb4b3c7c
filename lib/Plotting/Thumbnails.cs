using NotebookLib.Analysis;

namespace NotebookLib.Plotting;

// Figures that carry images: thumbnails placed on a map, and the score maps of anomaly detectors.
public static partial class Plot
{
    /// <summary>
    /// Puts thumbnails of some points on a scatter figure (plotly's layout images, in data coordinates), so that a
    /// UMAP or t-SNE map shows what lies where. plotly.js cannot show an image on hover from figure JSON alone,
    /// so the thumbnails are drawn on the map instead: <paramref name="indices"/> picks the points (a few dozen
    /// keep the figure light), each image centred on its point, <paramref name="size"/> a fraction of the x range wide.
    /// </summary>
    public static Figure WithThumbnails(this Figure figure, IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<int> indices, Func<int, RgbImage> thumbnail, double size = 0.06)
    {
        ArgumentNullException.ThrowIfNull(figure);
        SameLength(x, "x", y, "y");
        if (!(size > 0 && size <= 1)) throw new ArgumentOutOfRangeException(nameof(size), size, "size is a fraction of the x range, in (0, 1]");
        if (x.Count == 0) return figure;
        double xr = x.Max() - x.Min(), yr = y.Max() - y.Min();
        var w = (xr > 0 ? xr : 1) * size;
        var h = (yr > 0 ? yr : 1) * size;
        var extra = figure.Layout.Extra ??= new();
        var images = extra.TryGetValue("images", out var existing) && existing is List<object> list ? list : new List<object>();
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)x.Count) throw new ArgumentOutOfRangeException(nameof(indices), i, $"there are {x.Count} points");
            images.Add(new Dictionary<string, object>
            {
                ["source"] = thumbnail(i).ToDataUri(),
                ["xref"] = "x",
                ["yref"] = "y",
                ["x"] = x[i],
                ["y"] = y[i],
                ["sizex"] = w,
                ["sizey"] = h,
                ["xanchor"] = "center",
                ["yanchor"] = "middle",
                ["layer"] = "above",
                ["sizing"] = "contain",
            });
        }
        extra["images"] = images;
        return figure;
    }

    /// <summary>
    /// The anomaly score of a fitted isolation forest over the plane of 2-D data, as a heatmap with the data on
    /// top: Liu et al.'s axis-parallel forest shows rectangular, axis-aligned bands of low score where there is no
    /// data; the extended forest (Hariri et al.) scores consistently. <paramref name="resolution"/> cells a side,
    /// the plane padded by <paramref name="margin"/> of the data's range.
    /// </summary>
    public static Figure ScoreMap(IsolationEnsemble forest, float[,] data, int resolution = 60, double margin = 0.25, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(forest);
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetLength(1) != 2) throw new ArgumentException($"a score map needs 2-D data, not {data.GetLength(1)} columns", nameof(data));
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "a score map needs at least 2 cells a side");
        var n = data.GetLength(0);
        var px = Enumerable.Range(0, n).Select(i => (double)data[i, 0]).ToArray();
        var py = Enumerable.Range(0, n).Select(i => (double)data[i, 1]).ToArray();
        double x0 = px.Min(), x1 = px.Max(), y0 = py.Min(), y1 = py.Max();
        double mx = (x1 - x0) * margin, my = (y1 - y0) * margin;
        x0 -= mx; x1 += mx; y0 -= my; y1 += my;
        var gx = Enumerable.Range(0, resolution).Select(k => x0 + (x1 - x0) * k / (resolution - 1)).ToArray();
        var gy = Enumerable.Range(0, resolution).Select(k => y0 + (y1 - y0) * k / (resolution - 1)).ToArray();
        var grid = new float[resolution * resolution, 2];
        for (var r = 0; r < resolution; r++)
            for (var c = 0; c < resolution; c++) { grid[r * resolution + c, 0] = (float)gx[c]; grid[r * resolution + c, 1] = (float)gy[r]; }
        var s = forest.ScoreSamples(grid);
        var z = new double[resolution, resolution];
        for (var r = 0; r < resolution; r++)
            for (var c = 0; c < resolution; c++) z[r, c] = s[r * resolution + c];
        var fig = new Figure(
            new Heatmap { Z = z, X = gx, Y = gy, ColorScale = "RdBu", ReverseScale = true, ColorBar = new ColorBar { Title = "anomaly score" } },
            new Scatter { X = px, Y = py, Mode = "markers", Name = "data", Marker = new Marker { Size = 3, Color = "#000000" } });
        fig.Layout.ShowLegend = false;
        return fig.WithTitle(title ?? $"{forest.GetType().Name} anomaly score", "x", "y");
    }
}
