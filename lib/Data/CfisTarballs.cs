using System.Globalization;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>
/// CFIS-like galaxies stored as RealSimCFIS delivers them: one tar archive per galaxy
/// (galaxy_00012.tar) holding one FITS image per camera view (galaxy_00012_view0.fits …), each view's
/// header carrying the survey keywords and the generator's truth (GALAXY, VIEW, ARTIFACT flags and
/// ARTNAME, MAG, R_EFF, SERSIC_N). <see cref="Read"/> reads the archives straight from the tar files.
/// </summary>
public static class CfisTarballs
{
    /// <summary>Writes one tar archive per galaxy into <paramref name="folder"/> (created if needed);
    /// returns the archives' paths in galaxy order.</summary>
    public static IReadOnlyList<string> WriteTarballs(this CfisGalaxySet set, string folder)
    {
        ArgumentNullException.ThrowIfNull(set);
        Directory.CreateDirectory(folder);
        var galaxies = set.Galaxies.Length == set.Count ? set.Galaxies : Enumerable.Range(0, set.Count).ToArray();
        var views = set.Views.Length == set.Count ? set.Views : new int[set.Count];
        var paths = new List<string>();
        var scratch = Path.Combine(folder, $".views-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            foreach (var group in Enumerable.Range(0, set.Count).GroupBy(i => galaxies[i]))
            {
                var name = $"galaxy_{group.Key:D5}";
                var files = new List<string>();
                foreach (var i in group)
                {
                    var header = new FitsHeader(set.Header)
                        .Set("OBJECT", name, "galaxy")
                        .Set("GALAXY", galaxies[i], "galaxy index")
                        .Set("VIEW", views[i], "camera view of the galaxy")
                        .Set("ARTIFACT", (int)set.Artifacts[i], "truth: survey artifact flags (CfisArtifact)")
                        .Set("ARTNAME", set.Artifacts[i].ToString(), "truth: survey artifacts")
                        .Set("MAG", set.Magnitudes[i], "truth: galaxy magnitude")
                        .Set("R_EFF", set.EffectiveRadii[i], "[pix] truth: effective radius")
                        .Set("SERSIC_N", set.SersicIndices[i], "truth: Sersic index");
                    var file = Path.Combine(scratch, $"{name}_view{views[i]}.fits");
                    FitsWriter.Write(file, [new ImageHdu(set.Image(i).ToFitsArray()) { Header = header }], checksum: false);
                    files.Add(file);
                }
                var tar = Path.Combine(folder, name + ".tar");
                FitsTar.Write(tar, files);
                foreach (var f in files) File.Delete(f);
                paths.Add(tar);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return paths;
    }

    /// <summary>Reads every galaxy_*.tar of <paramref name="folder"/> (in name order), each FITS view straight
    /// from its archive, into one set: the images in archive order, the truth from each view's header, the
    /// survey keywords from the first. All views must have the same size.</summary>
    public static CfisGalaxySet Read(string folder)
    {
        var archives = Directory.GetFiles(folder, "galaxy_*.tar").Order(StringComparer.Ordinal).ToArray();
        if (archives.Length == 0) throw new FileNotFoundException($"no galaxy_*.tar archives in {folder}");
        var images = new List<float[]>();
        var artifacts = new List<CfisArtifact>();
        var (mags, radii, sersic) = (new List<double>(), new List<double>(), new List<double>());
        var (galaxies, views) = (new List<int>(), new List<int>());
        FitsHeader? first = null;
        var size = 0;
        foreach (var archive in archives)
            foreach (var file in FitsTar.Open(archive))
                using (file)
                {
                    var hdu = file[0];
                    var image = hdu.ReadImage2D();
                    if (image.Width != image.Height || (size != 0 && image.Width != size))
                        throw new InvalidDataException($"{file.Path}: a {image.Width}×{image.Height} view among {size}×{size} ones (resize them when reading)");
                    size = image.Width;
                    var h = hdu.Header;
                    first ??= new FitsHeader(h.Where(c => c.Keyword is "TELESCOP" or "INSTRUME" or "FILTER" or "SURVEY" or "ORIGIN" or "PIXSCALE" or "MAGZP" or "BUNIT"));
                    images.Add(image.Pixels);
                    artifacts.Add((CfisArtifact)h.GetLong("ARTIFACT"));
                    mags.Add(h.GetDouble("MAG", double.NaN));
                    radii.Add(h.GetDouble("R_EFF", double.NaN));
                    sersic.Add(h.GetDouble("SERSIC_N", double.NaN));
                    galaxies.Add((int)h.GetLong("GALAXY", galaxies.Count));
                    views.Add((int)h.GetLong("VIEW", 0));
                }
        var pixels = new float[checked(images.Count * size * size)];
        for (var i = 0; i < images.Count; i++) images[i].CopyTo(pixels, i * size * size);
        return new CfisGalaxySet
        {
            Size = size,
            Images = pixels,
            Artifacts = [.. artifacts],
            Magnitudes = [.. mags],
            EffectiveRadii = [.. radii],
            SersicIndices = [.. sersic],
            Header = first!,
            Galaxies = [.. galaxies],
            Views = [.. views],
        };
    }

    /// <summary>How the archives look on disk: count, total size, and the members of the first.</summary>
    public static string Describe(string folder)
    {
        var archives = Directory.GetFiles(folder, "galaxy_*.tar").Order(StringComparer.Ordinal).ToArray();
        if (archives.Length == 0) return $"{folder}: no archives";
        var bytes = archives.Sum(a => new FileInfo(a).Length);
        using var reader = new System.Formats.Tar.TarReader(File.OpenRead(archives[0]));
        var members = new List<string>();
        while (reader.GetNextEntry() is { } e) members.Add($"{e.Name} ({e.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        return $"{archives.Length} archives, {(bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture)} MB in {folder}; {Path.GetFileName(archives[0])}: {string.Join(", ", members)}";
    }
}
