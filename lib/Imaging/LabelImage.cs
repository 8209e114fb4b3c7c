namespace NotebookLib.Imaging;

/// <summary>A label image: 0 for background, 1..Count for the objects (row-major, like the image).</summary>
public sealed class LabelImage
{
    public LabelImage(int width, int height, int[] labels, int count)
    {
        if (labels.Length != (long)width * height)
            throw new ArgumentException($"labels hold {labels.Length} values but a {width}×{height} image needs {(long)width * height}", nameof(labels));
        Width = width; Height = height; Labels = labels; Count = count;
    }

    public int Width { get; }
    public int Height { get; }
    public int[] Labels { get; }
    /// <summary>Number of objects (the largest label).</summary>
    public int Count { get; }

    public int this[int x, int y] => Labels[y * Width + x];

    /// <summary>Pixel count of each label; index 0 is the background.</summary>
    public int[] Areas()
    {
        var a = new int[Count + 1];
        foreach (var l in Labels) a[l]++;
        return a;
    }

    /// <summary>True where a pixel belongs to an object.</summary>
    public Mask ToMask()
    {
        var m = new bool[Labels.Length];
        for (int i = 0; i < m.Length; i++) m[i] = Labels[i] != 0;
        return new Mask(Width, Height, m);
    }

    /// <summary>Removes the objects of fewer than <paramref name="minPixels"/> pixels and numbers the
    /// rest 1..n again, keeping their order (skimage.morphology.remove_small_objects, then relabelling).</summary>
    public LabelImage RemoveSmall(int minPixels)
    {
        if (minPixels < 0) throw new ArgumentOutOfRangeException(nameof(minPixels), $"minimum cluster size must be ≥ 0, not {minPixels}");
        var areas = Areas();
        var map = new int[Count + 1];
        int n = 0;
        for (int l = 1; l <= Count; l++) map[l] = areas[l] >= minPixels ? ++n : 0;
        var result = GC.AllocateUninitializedArray<int>(Labels.Length);
        var src = Labels;
        RowParallel.For(Height, Width, (y0, y1) =>
        {
            for (int i = y0 * Width, end = y1 * Width; i < end; i++) result[i] = map[src[i]];
        });
        return new LabelImage(Width, Height, result, n);
    }

    /// <summary>Per-object properties measured on <paramref name="intensity"/> (the image the objects were
    /// found in), as skimage.measure.regionprops gives them.</summary>
    public IReadOnlyList<RegionProperties> Properties(Image intensity)
    {
        if (intensity.Width != Width || intensity.Height != Height)
            throw new ArgumentException($"the intensity image is {intensity.Width}×{intensity.Height} but the labels are {Width}×{Height}", nameof(intensity));
        int n = Count;
        var area = new long[n + 1];
        var sx = new double[n + 1]; var sy = new double[n + 1];
        var flux = new double[n + 1]; var fx = new double[n + 1]; var fy = new double[n + 1];
        var xmin = new int[n + 1]; var ymin = new int[n + 1]; var xmax = new int[n + 1]; var ymax = new int[n + 1];
        Array.Fill(xmin, int.MaxValue); Array.Fill(ymin, int.MaxValue); Array.Fill(xmax, -1); Array.Fill(ymax, -1);
        var p = intensity.Pixels;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int i = y * Width + x, l = Labels[i];
                if (l == 0) continue;
                area[l]++; sx[l] += x; sy[l] += y;
                double v = p[i];
                flux[l] += v; fx[l] += v * x; fy[l] += v * y;
                if (x < xmin[l]) xmin[l] = x;
                if (x > xmax[l]) xmax[l] = x;
                if (y < ymin[l]) ymin[l] = y;
                if (y > ymax[l]) ymax[l] = y;
            }
        var list = new List<RegionProperties>(n);
        for (int l = 1; l <= n; l++)
        {
            if (area[l] == 0) continue;
            list.Add(new RegionProperties(l, area[l], sx[l] / area[l], sy[l] / area[l],
                new BoundingBox(xmin[l], ymin[l], xmax[l] + 1, ymax[l] + 1), flux[l],
                flux[l] != 0 ? fx[l] / flux[l] : double.NaN, flux[l] != 0 ? fy[l] / flux[l] : double.NaN));
        }
        return list;
    }

    public override string ToString() => $"LabelImage {Width}×{Height}, {Count} objects";
}

/// <summary>Pixel rectangle [XMin, XMax) × [YMin, YMax) (ends exclusive, as skimage's bbox).</summary>
public readonly record struct BoundingBox(int XMin, int YMin, int XMax, int YMax)
{
    public int Width => XMax - XMin;
    public int Height => YMax - YMin;
}

/// <summary>One object: its label, pixel count, centroid (mean pixel position), bounding box,
/// flux (sum of its pixel values) and flux-weighted centroid.</summary>
public sealed record RegionProperties(int Label, long Area, double CentroidX, double CentroidY, BoundingBox BoundingBox,
                                      double Flux, double WeightedCentroidX, double WeightedCentroidY)
{
    public double MeanIntensity => Flux / Area;
}
