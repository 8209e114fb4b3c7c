using NotebookLib.Configuration;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>Survey artifacts of CFIS-like cut-outs; an image can carry several.</summary>
[Flags]
public enum CfisArtifact
{
    None = 0,
    SatelliteTrail = 1,
    BleedTrail = 2,
    EdgeGap = 4,
    ZeroFlux = 8,
    BrightStarHalo = 16,
}

public sealed record CfisGalaxyOptions
{
    public int Count { get; init; } = 1000;
    public int Size { get; init; } = 128;
    /// <summary>CFIS r-band pixels of 0.1857″.</summary>
    public double PixelScale { get; init; } = 0.1857;
    public double ZeroPoint { get; init; } = 30.0;
    public double SkySigma { get; init; } = 4.0;
    /// <summary>Probability of each artifact per image (independent), about a fifth of images in all.</summary>
    public double SatelliteTrailRate { get; init; } = 0.03;
    public double BleedTrailRate { get; init; } = 0.04;
    public double EdgeGapRate { get; init; } = 0.05;
    public double ZeroFluxRate { get; init; } = 0.04;
    public double BrightStarHaloRate { get; init; } = 0.05;
    /// <summary>Camera views per galaxy (RealSimCFIS: 4). The views of a galaxy share its magnitude,
    /// size, profile and bulge, and differ in projection (axis ratio, position angle), seeing, sky noise,
    /// neighbours and artifacts, as the same simulated galaxy inserted at different places of the survey.
    /// Images i·Views … i·Views + Views − 1 are galaxy i's; Count counts images.</summary>
    public int Views { get; init; } = 1;
}

/// <summary>CFIS-like galaxy cut-outs: images [Count, 1, Size, Size] (row-major, counts), artifact labels,
/// the galaxies' parameters, and the header keywords of a cut-out.</summary>
public sealed class CfisGalaxySet
{
    public required int Size { get; init; }
    public required float[] Images { get; init; }
    public required CfisArtifact[] Artifacts { get; init; }
    public required double[] Magnitudes { get; init; }
    public required double[] EffectiveRadii { get; init; }
    public required double[] SersicIndices { get; init; }
    public required FitsHeader Header { get; init; }
    /// <summary>The galaxy each image shows (image index / views), and which of its camera views it is.</summary>
    public int[] Galaxies { get; init; } = [];
    public int[] Views { get; init; } = [];
    public int Count => Artifacts.Length;
    /// <summary>Cut-out <paramref name="i"/> as an image (a copy).</summary>
    public Image Image(int i) => new(Size, Size, Images.AsSpan(i * Size * Size, Size * Size).ToArray());
    public bool HasArtifact(int i) => Artifacts[i] != CfisArtifact.None;
    /// <summary>The same galaxies and truth with every image passed through <paramref name="step"/> (resizing,
    /// normalising), in parallel; the step must give square images of one size.</summary>
    public CfisGalaxySet Apply(Func<Image, Image> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var first = step(Image(0));
        if (first.Width != first.Height) throw new ArgumentException($"the step must give square images, not {first.Width}×{first.Height}");
        int side = first.Width, len = side * side;
        var pixels = new float[checked(Count * len)];
        first.Pixels.CopyTo(pixels, 0);
        Parallel.For(1, Count, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads }, i =>
        {
            var r = step(Image(i));
            if (r.Width != side || r.Height != side) throw new ArgumentException($"the step gave image {i} as {r.Width}×{r.Height}, image 0 as {side}×{side}");
            r.Pixels.CopyTo(pixels, i * len);
        });
        return new CfisGalaxySet
        {
            Size = side,
            Images = pixels,
            Artifacts = Artifacts,
            Magnitudes = Magnitudes,
            EffectiveRadii = EffectiveRadii,
            SersicIndices = SersicIndices,
            Header = Header,
            Galaxies = Galaxies,
            Views = Views,
        };
    }
    /// <summary>Per image, the fraction of its pixels that are exactly 0 (no flux: masked regions and
    /// detector edges; sky noise is never exactly 0) — the seed's naive artifact metric.</summary>
    public double[] ZeroFluxFractions() => Enumerable.Range(0, Count)
        .Select(i => { var p = Images.AsSpan(i * Size * Size, Size * Size); var z = 0; foreach (var v in p) if (v == 0f) z++; return (double)z / p.Length; })
        .ToArray();
    /// <summary>Each image's artifact types by name ("clean" when it has none).</summary>
    public string[][] ArtifactNames() => Artifacts
        .Select(a => a == CfisArtifact.None ? new[] { "clean" } : Enum.GetValues<CfisArtifact>().Where(f => f != 0 && a.HasFlag(f)).Select(f => f.ToString()).ToArray())
        .ToArray();
    /// <summary>The dataset [N, 1, Size, Size], labelled 1 for any artifact, 0 for clean.</summary>
    public ArrayDataset ToDataset() => new(Images, [1, Size, Size], Artifacts.Select(a => a == CfisArtifact.None ? 0 : 1).ToArray());
    public override string ToString() =>
        $"{Count} CFIS-like {Size}×{Size} galaxies, {Artifacts.Count(a => a != CfisArtifact.None)} with artifacts (" +
        string.Join(", ", Enum.GetValues<CfisArtifact>().Where(f => f != 0).Select(f => $"{f} {Artifacts.Count(a => a.HasFlag(f))}")) + ")";
}

/// <summary>
/// Makes notebook 04's mock CFIS r-band galaxies: a centred Sérsic galaxy (sometimes with a bulge and a
/// neighbour) on sky noise, and survey artifacts at realistic rates, each labelled: satellite trails,
/// bleed trails from saturated stars, edge gaps (image edge beyond the detector), zero-flux regions
/// (masked by the pipeline) and bright-star halos with diffraction spikes.
/// </summary>
public static class CfisGalaxyGenerator
{
    public static CfisGalaxySet Generate(CfisGalaxyOptions? options = null, int? seed = null)
    {
        var o = options ?? new CfisGalaxyOptions();
        if (o.Count < 1 || o.Size < 16 || o.Views < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Count ({o.Count}) must be ≥ 1, Size ({o.Size}) ≥ 16 and Views ({o.Views}) ≥ 1");
        var s = Seeds.Resolve(seed);
        int n = o.Size, len = n * n;
        var images = new float[o.Count * len];
        var labels = new CfisArtifact[o.Count];
        var mags = new double[o.Count];
        var radii = new double[o.Count];
        var sersic = new double[o.Count];
        Parallel.For(0, o.Count, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads }, i =>
        {
            var rng = Rng.ForStream(s, 0xCF15 + i);
            // With one view per image everything comes from the image's stream, as before views existed;
            // with several, a galaxy's intrinsic properties come from the stream of its first view.
            var galaxy = o.Views == 1 ? rng : Rng.ForStream(s, 0x6A1A0000 + i / o.Views);
            var img = images.AsSpan(i * len, len);
            var psf = rng.Uniform(0.55, 0.8) / 2.3548 / o.PixelScale;
            mags[i] = galaxy.Uniform(16.5, 21.5);
            radii[i] = Math.Clamp(Math.Pow(10, -0.2 * (mags[i] - 17)) * galaxy.Uniform(6, 14), 1.5, n / 5.0);
            sersic[i] = galaxy.Uniform(0.7, 4.5);
            var flux = Math.Pow(10, -0.4 * (mags[i] - o.ZeroPoint));
            double cx = n / 2.0 + rng.Gaussian(0, 1), cy = n / 2.0 + rng.Gaussian(0, 1);
            Render.Sersic(img, n, n, cx, cy, flux, radii[i], sersic[i], rng.Uniform(0.3, 1), rng.Uniform(0, Math.PI), psf);
            if (galaxy.Bernoulli(0.4))
                Render.Sersic(img, n, n, cx, cy, 0.4 * flux, 0.25 * radii[i], 4, rng.Uniform(0.6, 1), rng.Uniform(0, Math.PI), psf);
            if (rng.Bernoulli(0.3))
                Render.Sersic(img, n, n, rng.Uniform(0, n), rng.Uniform(0, n), flux * rng.Uniform(0.05, 0.5), radii[i] * rng.Uniform(0.3, 0.8), 1, rng.Uniform(0.4, 1), rng.Uniform(0, Math.PI), psf);
            var noise = new float[len];
            rng.FillGaussian(noise, 0, (float)o.SkySigma);
            System.Numerics.Tensors.TensorPrimitives.Add(img, noise, img);

            var a = CfisArtifact.None;
            if (rng.Bernoulli(o.BrightStarHaloRate)) { a |= CfisArtifact.BrightStarHalo; Halo(img, n, rng); }
            if (rng.Bernoulli(o.SatelliteTrailRate)) { a |= CfisArtifact.SatelliteTrail; Trail(img, n, rng); }
            if (rng.Bernoulli(o.BleedTrailRate)) { a |= CfisArtifact.BleedTrail; Bleed(img, n, rng); }
            // Zeroing comes last: a masked region or edge gap removes whatever was there.
            if (rng.Bernoulli(o.ZeroFluxRate)) { a |= CfisArtifact.ZeroFlux; ZeroRegion(img, n, rng); }
            if (rng.Bernoulli(o.EdgeGapRate)) { a |= CfisArtifact.EdgeGap; EdgeGap(img, n, rng); }
            labels[i] = a;
        });
        FitsHeader header =
        [
            new("TELESCOP", "CFHT", "Canada-France-Hawaii Telescope"),
            new("INSTRUME", "MegaPrime", "instrument"),
            new("FILTER", "r", "CFIS r band"),
            new("SURVEY", "CFIS", "Canada-France Imaging Survey (simulated)"),
            new("ORIGIN", "NotebookLib synthetic", "RealSimCFIS-like simulation, not survey data"),
            new("PIXSCALE", o.PixelScale, "[arcsec/px]"),
            new("MAGZP", o.ZeroPoint, "magnitude of one count"),
            new("BUNIT", "counts", "pixel unit"),
        ];
        return new CfisGalaxySet
        {
            Size = n,
            Images = images,
            Artifacts = labels,
            Magnitudes = mags,
            EffectiveRadii = radii,
            SersicIndices = sersic,
            Header = header,
            Galaxies = Enumerable.Range(0, o.Count).Select(i => i / o.Views).ToArray(),
            Views = Enumerable.Range(0, o.Count).Select(i => i % o.Views).ToArray(),
        };
    }

    static void Trail(Span<float> img, int n, Rng rng)
    {
        // A straight line across the whole cut-out.
        var angle = rng.Uniform(0, Math.PI);
        double cx = rng.Uniform(0.2, 0.8) * n, cy = rng.Uniform(0.2, 0.8) * n, l = 2 * n;
        Render.Line(img, n, n, cx - l * Math.Cos(angle), cy - l * Math.Sin(angle), cx + l * Math.Cos(angle), cy + l * Math.Sin(angle), rng.Uniform(40, 400), rng.Uniform(0.7, 1.5));
    }

    static void Bleed(Span<float> img, int n, Rng rng)
    {
        // A saturated star bleeding along its column, both ways, at the saturation level.
        int x = rng.NextInt(4, n - 4), y = rng.NextInt(0, n);
        var half = rng.NextInt(n / 8, n / 2);
        var sat = (float)rng.Uniform(3000, 8000);
        Render.Gaussian(img, n, n, x, y, sat * 40, 2);
        for (var r = Math.Max(0, y - half); r < Math.Min(n, y + half); r++)
            for (var dx = -1; dx <= 1; dx++) img[r * n + x + dx] = dx == 0 ? sat : Math.Max(img[r * n + x + dx], sat * 0.4f);
    }

    static void Halo(Span<float> img, int n, Rng rng)
    {
        // A bright star, maybe just outside the cut-out: broad Moffat wings, a ghost ring and spikes.
        double x = rng.Uniform(-0.2, 1.2) * n, y = rng.Uniform(-0.2, 1.2) * n;
        var flux = rng.Uniform(2e5, 2e6);
        Render.Moffat(img, n, n, x, y, flux, rng.Uniform(3, 6), 1.8, 2 * n);
        var ring = rng.Uniform(0.15, 0.35) * n;
        var ringAmp = flux * 2e-5;
        for (var r = 0; r < n; r++)
            for (var c = 0; c < n; c++)
            {
                var d = Math.Sqrt((c - x) * (c - x) + (r - y) * (r - y)) - ring;
                img[r * n + c] += (float)(ringAmp * Math.Exp(-d * d / 18));
            }
        var spike = flux * 1e-4;
        Render.Line(img, n, n, x - n, y, x + n, y, spike, 0.8);
        Render.Line(img, n, n, x, y - n, x, y + n, spike, 0.8);
    }

    static void ZeroRegion(Span<float> img, int n, Rng rng)
    {
        int w = rng.NextInt(n / 6, n / 2), h = rng.NextInt(n / 6, n / 2);
        int x0 = rng.NextInt(0, n - w), y0 = rng.NextInt(0, n - h);
        for (var r = y0; r < y0 + h; r++) img.Slice(r * n + x0, w).Clear();
    }

    static void EdgeGap(Span<float> img, int n, Rng rng)
    {
        var width = rng.NextInt(n / 10, n / 3);
        switch (rng.NextInt(4))
        {
            case 0: img[..(width * n)].Clear(); break;
            case 1: img[((n - width) * n)..].Clear(); break;
            case 2: for (var r = 0; r < n; r++) img.Slice(r * n, width).Clear(); break;
            default: for (var r = 0; r < n; r++) img.Slice(r * n + n - width, width).Clear(); break;
        }
    }
}
