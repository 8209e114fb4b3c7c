using NotebookLib.Fits;

namespace NotebookLib.Explorer;

/// <summary>
/// Where cutouts come from on disk: a folder of FITS and PNG files (one image each; for FITS the first
/// HDU with pixels), or one FITS cube (NAXIS3 planes of NAXIS2 × NAXIS1). The explorer's only contact with the library's
/// readers: everything past this file is float arrays with a width and a height.
/// </summary>
public static class CutoutSource
{
    static readonly string[] FitsEndings = [".fits", ".fit", ".fts", ".fits.gz", ".fit.gz", ".fits.fz", ".fz"];

    /// <summary>A folder or a FITS cube, by what the path is.</summary>
    public static ICutouts Open(string path)
    {
        if (Directory.Exists(path)) return FromFolder(path);
        if (File.Exists(path)) return FromFitsCube(path);
        throw new FileNotFoundException($"no folder or FITS file at {path}", path);
    }

    public static bool IsFits(string path) => FitsEndings.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    public static bool IsPng(string path) => path.EndsWith(".png", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every FITS and PNG file in the folder, sorted by name; each is read when it is shown.</summary>
    public static ICutouts FromFolder(string folder)
    {
        var files = Directory.EnumerateFiles(folder).Where(f => IsFits(f) || IsPng(f)).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new ArgumentException($"{folder} holds no FITS ({string.Join(", ", FitsEndings)}) or PNG files", nameof(folder));
        return new FolderCutouts(files);
    }

    /// <summary>The planes of a 3-D image (or one 2-D image) in the first HDU that has pixels.</summary>
    public static ICutouts FromFitsCube(string path)
    {
        using var file = FitsFile.Open(path);
        var hdu = file.FirstOrDefault(h => h.IsImage && h.HasData)
                  ?? throw new ArgumentException($"{path} has no image HDU with pixels", nameof(path));
        var data = hdu.ReadImage();
        var shape = data.Shape;
        if (shape.Length is not (2 or 3))
            throw new ArgumentException($"{path} HDU {hdu.Index} has shape ({string.Join(", ", shape)}): a cube of cutouts is (n, height, width)", nameof(path));
        int n = shape.Length == 3 ? shape[0] : 1, h = shape[^2], w = shape[^1];
        var images = new CutoutImage[n];
        for (var i = 0; i < n; i++) images[i] = new CutoutImage(data.Data.AsSpan(i * h * w, h * w).ToArray(), w, h);
        var stem = Path.GetFileName(path);
        return new ArrayCutouts(images, Enumerable.Range(0, n).Select(i => $"{stem}[{i}]").ToList());
    }

    sealed class FolderCutouts(List<string> files) : ICutouts
    {
        public int Count => files.Count;
        public string NameOf(int id) => Path.GetFileName(files[id]);
        public CutoutImage Read(int id)
        {
            if (IsPng(files[id])) return PngCutout.Read(files[id]);
            using var file = FitsFile.Open(files[id]);
            var hdu = file.FirstOrDefault(h => h.IsImage && h.HasData)
                      ?? throw new InvalidDataException($"{files[id]} has no image HDU with pixels");
            var data = hdu.ReadImage();
            if (data.Shape.Length < 2) throw new InvalidDataException($"{files[id]} HDU {hdu.Index} is not an image: shape ({string.Join(", ", data.Shape)})");
            int h = data.Shape[^2], w = data.Shape[^1];
            return new CutoutImage(data.Data.Length == h * w ? data.Data : data.Data.AsSpan(0, h * w).ToArray(), w, h);
        }
    }
}
