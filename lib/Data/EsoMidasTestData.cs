using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>A real frame from a Debian package: its file, what it is, and its first 2-D image.</summary>
public sealed record RealFrame(string File, string Description, Image Image)
{
    public string Name => Path.GetFileName(File);
    public override string ToString() => $"{Name}: {Description}, {Image.Height}×{Image.Width}";
}

/// <summary>
/// Real raw frames that Debian's eso-midas-testdata ships (under /usr/lib/eso-midas/&lt;version&gt;/test): an NTT/SUSI
/// bias, an over-exposed DFOSC sky flat, a real UVES echelle frame, a ThAr arc of another spectrograph, an NTT/EMMI
/// frame, a DSS plate scan, and images of the FITS basic test suite. Other instruments than UVES, so they test what a
/// descriptor-based QC does with frames it was not built for.
/// </summary>
public static class EsoMidasTestData
{
    public const string Package = "eso-midas-testdata";

    static readonly (string File, string Description)[] Known =
    [
        ("prim/nttexample.mt", "NTT/SUSI bias (EXPTIME 0)"),
        ("prim/badfitskeys.mt", "DFOSC sky flat, over-exposed"),
        ("prim/order.fits", "UVES echelle frame (OBJECT, 5400 s)"),
        ("prim/thar5s.fit", "ThAr arc, 5 s (ArtemisHSC echelle)"),
        ("prim/hbo.fits", "NTT/EMMI average frame"),
        ("prim/dss_test1.fits", "DSS plate scan (UK Schmidt)"),
        ("fits/tst0001.mt", "FITS test suite: 8-bit ramp"),
        ("fits/tst0005.mt", "FITS test suite: 32-bit float wave"),
        ("fits/tst0013.mt", "FITS test suite: IRAC-2a test data"),
    ];

    /// <summary>The package's test folder (the newest MIDAS version installed), or null when the package is not installed.</summary>
    public static string? Folder =>
        Directory.Exists("/usr/lib/eso-midas")
            ? Directory.GetDirectories("/usr/lib/eso-midas").Select(v => Path.Combine(v, "test")).Where(Directory.Exists).Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>The frames above that are installed, each read through CFITSIO (the first HDU with a 2-D image).</summary>
    public static IReadOnlyList<RealFrame> Frames()
    {
        var root = Folder ?? throw new DirectoryNotFoundException($"Debian package {Package} is not installed (no /usr/lib/eso-midas/*/test); `./nb setup` installs it");
        var frames = new List<RealFrame>();
        foreach (var (file, description) in Known)
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path)) continue;
            using var fits = FitsFile.Open(path);
            var hdu = fits.FirstOrDefault(h => h.IsImage && h.Shape.Length >= 2 && h.HasData)
                ?? throw new InvalidDataException($"{path} has no 2-D image");
            frames.Add(new RealFrame(path, description, hdu.ReadImage2D()));
        }
        return frames;
    }
}
