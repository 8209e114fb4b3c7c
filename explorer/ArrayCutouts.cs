namespace NotebookLib.Explorer;

/// <summary>Cutouts already in memory: a notebook's arrays, a FITS cube's planes, generated demos.</summary>
public sealed class ArrayCutouts : ICutouts
{
    readonly IReadOnlyList<CutoutImage> images;
    readonly IReadOnlyList<string>? names;

    public ArrayCutouts(IReadOnlyList<CutoutImage> images, IReadOnlyList<string>? names = null)
    {
        if (names is not null && names.Count != images.Count)
            throw new ArgumentException($"{names.Count} names for {images.Count} images", nameof(names));
        this.images = images;
        this.names = names;
    }

    /// <summary>Equal-sized images, each width × height floats.</summary>
    public static ArrayCutouts FromArrays(IReadOnlyList<float[]> images, int width, int height, IReadOnlyList<string>? names = null) =>
        new(images.Select(p => CutoutImage.Of(p, width, height)).ToList(), names);

    public int Count => images.Count;
    public string NameOf(int id) => names?[id] ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public CutoutImage Read(int id) => images[id];
}
