using NotebookLib.Configuration;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

public enum GalaxyMorphology { Elliptical, Spiral }
/// <summary>The rare anomalies of notebook 05 (None for a nominal galaxy): mergers, strong lenses (a rare
/// morphology), artifacts, unusual colours, blends (an unrelated galaxy overlapping) and stars (a point
/// source where a galaxy was expected).</summary>
public enum GalaxyAnomaly { None, Merger, Lens, Artifact, UnusualColour, Blend, Star }

public sealed record GalaxyCutoutOptions
{
    public int Count { get; init; } = 1000;
    public int Size { get; init; } = 220;
    /// <summary>Fraction of anomalies of each kind (rare: 2 % in all by default).</summary>
    public double MergerRate { get; init; } = 0.005;
    public double LensRate { get; init; } = 0.003;
    public double ArtifactRate { get; init; } = 0.005;
    public double UnusualColourRate { get; init; } = 0.003;
    public double BlendRate { get; init; } = 0.002;
    public double StarRate { get; init; } = 0.002;
    /// <summary>All anomaly rates multiplied by <paramref name="factor"/> (a pool with more oddities to find).</summary>
    public GalaxyCutoutOptions WithAnomalyRatesTimes(double factor) => this with
    {
        MergerRate = MergerRate * factor,
        LensRate = LensRate * factor,
        ArtifactRate = ArtifactRate * factor,
        UnusualColourRate = UnusualColourRate * factor,
        BlendRate = BlendRate * factor,
        StarRate = StarRate * factor,
    };
    public double SkySigma { get; init; } = 0.02;
}

/// <summary>Colour galaxy cut-outs [Count, 3, Size, Size] in channel order g, r, z (PyTorch's channels
/// first; values are fluxes of order 0–1 over sky noise), with morphology and anomaly labels.</summary>
public sealed class GalaxyCutoutSet
{
    public required int Size { get; init; }
    public required float[] Images { get; init; }
    public required GalaxyMorphology[] Morphologies { get; init; }
    public required GalaxyAnomaly[] Anomalies { get; init; }
    /// <summary>Truth of the central object: the flux of its profile in the r band (the light over the whole plane of the
    /// Sérsic law; the light drawn is less for small, concentrated ellipticals, whose cores the seeing softens).</summary>
    public required double[] Flux { get; init; }
    /// <summary>Truth of the central object: its effective (half-light) radius along the major axis, in pixels.</summary>
    public required double[] EffectiveRadius { get; init; }
    /// <summary>Truth of the central object: its axis ratio b/a.</summary>
    public required double[] AxisRatio { get; init; }
    public required FitsHeader Header { get; init; }
    /// <summary>What each cut-out is, as one name: its anomaly, or its morphology when it is nominal.</summary>
    public string[] Kinds => Enumerable.Range(0, Count).Select(i => Anomalies[i] == GalaxyAnomaly.None ? Morphologies[i].ToString() : Anomalies[i].ToString()).ToArray();
    public int Count => Anomalies.Length;
    public static IReadOnlyList<string> Bands { get; } = ["g", "r", "z"];
    /// <summary>Band <paramref name="band"/> (0 g, 1 r, 2 z) of cut-out <paramref name="i"/> as an image (a copy).</summary>
    public Image Image(int i, int band)
    {
        if ((uint)band >= 3) throw new ArgumentOutOfRangeException(nameof(band), $"band must be 0 (g), 1 (r) or 2 (z), not {band}");
        return new(Size, Size, Images.AsSpan((i * 3 + band) * Size * Size, Size * Size).ToArray());
    }
    /// <summary>The dataset [N, 3, Size, Size], labelled 1 for anomalies, 0 for nominal galaxies.</summary>
    public ArrayDataset ToDataset() => new(Images, [3, Size, Size], Anomalies.Select(a => a == GalaxyAnomaly.None ? 0 : 1).ToArray());
    public override string ToString() =>
        $"{Count} galaxy cut-outs 3×{Size}×{Size} (g, r, z): {Morphologies.Count(m => m == GalaxyMorphology.Spiral)} spirals, " +
        string.Join(", ", Enum.GetValues<GalaxyAnomaly>().Where(a => a != 0).Select(a => $"{Anomalies.Count(x => x == a)} {a}"));
}

/// <summary>
/// Makes notebook 05's colour cut-outs: ellipticals (red, de Vaucouleurs) and spirals (blue exponential
/// disc with arms and a red bulge) on sky noise, with rare labelled anomalies: mergers (two galaxies and a
/// tidal tail), strong lenses (a red elliptical with a blue arc or ring), artifacts (satellite trail,
/// saturated star with spikes, or a dead channel) and unusual colours.
/// </summary>
public static class GalaxyCutoutGenerator
{
    // Colours as flux ratios g : r : z.
    static readonly double[] Red = [0.45, 1.0, 1.45];
    static readonly double[] Blue = [0.95, 1.0, 0.85];

    public static GalaxyCutoutSet Generate(GalaxyCutoutOptions? options = null, int? seed = null)
    {
        var o = options ?? new GalaxyCutoutOptions();
        if (o.Count < 1 || o.Size < 32) throw new ArgumentOutOfRangeException(nameof(options), $"Count ({o.Count}) must be ≥ 1 and Size ({o.Size}) ≥ 32");
        var total = o.MergerRate + o.LensRate + o.ArtifactRate + o.UnusualColourRate + o.BlendRate + o.StarRate;
        if (total > 1) throw new ArgumentOutOfRangeException(nameof(options), total, "anomaly rates add up to more than 1");
        var s = Seeds.Resolve(seed);
        int n = o.Size, plane = n * n;
        var images = new float[o.Count * 3 * plane];
        var morph = new GalaxyMorphology[o.Count];
        var anomalies = new GalaxyAnomaly[o.Count];
        var fluxes = new double[o.Count];
        var radii = new double[o.Count];
        var ratios = new double[o.Count];
        Parallel.For(0, o.Count, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads }, i =>
        {
            var rng = Rng.ForStream(s, 0x6A1 + i);
            var img = images.AsSpan(i * 3 * plane, 3 * plane);
            var u = rng.NextDouble();
            var anomaly = u < o.MergerRate ? GalaxyAnomaly.Merger
                : u < o.MergerRate + o.LensRate ? GalaxyAnomaly.Lens
                : u < o.MergerRate + o.LensRate + o.ArtifactRate ? GalaxyAnomaly.Artifact
                : u < o.MergerRate + o.LensRate + o.ArtifactRate + o.UnusualColourRate ? GalaxyAnomaly.UnusualColour
                : u < total - o.StarRate ? GalaxyAnomaly.Blend
                : u < total ? GalaxyAnomaly.Star : GalaxyAnomaly.None;
            var m = anomaly == GalaxyAnomaly.Lens ? GalaxyMorphology.Elliptical : rng.Bernoulli(0.55) ? GalaxyMorphology.Spiral : GalaxyMorphology.Elliptical;
            double cx = n / 2.0 + rng.Gaussian(0, 1.5), cy = n / 2.0 + rng.Gaussian(0, 1.5);
            var re = rng.Uniform(0.05, 0.14) * n;
            var flux = rng.Uniform(0.5, 1.5) * re * re; // keeps central surface brightness of order 0.1–1
            var psf = 1.5;
            var colour = anomaly == GalaxyAnomaly.UnusualColour ? UnusualColour(rng) : null;
            var q = rng.Uniform(0.35, 1);
            if (anomaly == GalaxyAnomaly.Star)
            {
                // A point source: the PSF only, with a star's colour (between the blue and red galaxies).
                var scratch = new float[plane];
                Render.Moffat(scratch, n, n, cx, cy, flux, 2.355 * psf, 3, n / 2);
                AddScaled(img, scratch, rng.Bernoulli(0.5) ? [0.7, 1.0, 1.1] : [1.1, 1.0, 0.8]);
                re = 2.355 * psf / 2;
                q = 1;
            }
            else
                Galaxy(img, n, m, cx, cy, flux, re, q, rng.Uniform(0, Math.PI), psf, rng, colour);
            fluxes[i] = flux;
            radii[i] = re;
            ratios[i] = m == GalaxyMorphology.Elliptical && anomaly != GalaxyAnomaly.Star ? Math.Max(q, 0.5) : q;
            switch (anomaly)
            {
                case GalaxyAnomaly.Blend:
                {
                    // An unrelated galaxy of the other type overlapping the target's outskirts, no tidal features.
                    var angle = rng.Uniform(0, 2 * Math.PI);
                    var sep = rng.Uniform(1.8, 3.0) * re;
                    var re2 = re * rng.Uniform(0.6, 1.2);
                    Galaxy(img, n, m == GalaxyMorphology.Spiral ? GalaxyMorphology.Elliptical : GalaxyMorphology.Spiral,
                           cx + sep * Math.Cos(angle), cy + sep * Math.Sin(angle), flux * rng.Uniform(0.6, 1.2) * re2 * re2 / (re * re),
                           re2, rng.Uniform(0.4, 1), rng.Uniform(0, Math.PI), psf, rng, null);
                    break;
                }
                case GalaxyAnomaly.Merger:
                {
                    var angle = rng.Uniform(0, 2 * Math.PI);
                    var sep = rng.Uniform(0.8, 1.6) * re;
                    double x2 = cx + sep * Math.Cos(angle), y2 = cy + sep * Math.Sin(angle);
                    Galaxy(img, n, rng.Bernoulli(0.5) ? GalaxyMorphology.Spiral : GalaxyMorphology.Elliptical, x2, y2,
                           flux * rng.Uniform(0.4, 1), re * rng.Uniform(0.5, 0.9), rng.Uniform(0.4, 1), rng.Uniform(0, Math.PI), psf, rng, null);
                    // A curved tidal tail leaving the pair.
                    var tail = flux / (re * re) * 0.05;
                    for (var k = 0; k < 40; k++)
                    {
                        var t = k / 40.0;
                        var a = angle + Math.PI + 1.5 * t;
                        var rad = re * (0.8 + 2.5 * t);
                        AddBlob(img, n, x2 + rad * Math.Cos(a), y2 + rad * Math.Sin(a), tail * (1 - 0.7 * t), 2.5, Blue);
                    }
                    break;
                }
                case GalaxyAnomaly.Lens:
                {
                    // A blue lensed source as an arc (or a full Einstein ring) at the Einstein radius.
                    var rE = rng.Uniform(0.9, 1.6) * re;
                    var start = rng.Uniform(0, 2 * Math.PI);
                    var span = rng.Bernoulli(0.3) ? 2 * Math.PI : rng.Uniform(0.6, 1.8);
                    var amp = flux / (re * re) * rng.Uniform(0.15, 0.35);
                    for (var k = 0; k < 60; k++)
                    {
                        var a = start + span * k / 60.0;
                        AddBlob(img, n, cx + rE * Math.Cos(a), cy + rE * Math.Sin(a), amp, 1.8, [1.2, 0.8, 0.4]);
                    }
                    break;
                }
                case GalaxyAnomaly.Artifact:
                    Artifact(img, n, rng);
                    break;
            }
            var noise = new float[img.Length];
            rng.FillGaussian(noise, 0, (float)o.SkySigma);
            System.Numerics.Tensors.TensorPrimitives.Add(img, noise, img);
            if (anomaly == GalaxyAnomaly.Artifact && rng.Bernoulli(0.25)) img.Slice(rng.NextInt(3) * plane, plane).Clear(); // a dead channel
            morph[i] = m;
            anomalies[i] = anomaly;
        });
        FitsHeader header =
        [
            new("TELESCOP", "CTIO Blanco 4m", "DES-like colour cut-out"),
            new("INSTRUME", "DECam", "instrument"),
            new("ORIGIN", "NotebookLib synthetic", "simulation, not DES data"),
            new("BANDS", "g,r,z", "channel order"),
            new("PIXSCALE", 0.263, "[arcsec/px]"),
        ];
        return new GalaxyCutoutSet
        {
            Size = n,
            Images = images,
            Morphologies = morph,
            Anomalies = anomalies,
            Flux = fluxes,
            EffectiveRadius = radii,
            AxisRatio = ratios,
            Header = header,
        };
    }

    static double[] UnusualColour(Rng rng) => rng.NextInt(3) switch
    {
        0 => [2.2, 1.0, 0.3],   // extremely blue
        1 => [0.1, 0.4, 2.5],   // extremely red
        _ => [0.3, 1.6, 0.3],   // green: no ordinary stellar population
    };

    static void Galaxy(Span<float> img, int n, GalaxyMorphology m, double x, double y, double flux, double re, double q, double pa, double psf, Rng rng, double[]? colour)
    {
        var plane = n * n;
        var scratch = new float[plane];
        if (m == GalaxyMorphology.Elliptical)
        {
            // One profile, scaled by the colour in each band.
            Render.Sersic(scratch, n, n, x, y, flux, re, 4, Math.Max(q, 0.5), pa, psf);
            AddScaled(img, scratch, colour ?? Red);
            return;
        }
        Render.Sersic(scratch, n, n, x, y, flux * 0.75, re, 1, q, pa, psf);
        // Two logarithmic arms modulate the disc.
        float pitch = (float)rng.Uniform(0.2, 0.45), phase = (float)rng.Uniform(0, 2 * Math.PI), cos = MathF.Cos((float)pa), sin = MathF.Sin((float)pa);
        float invQ = (float)(1 / q), invRe = (float)(1 / re), core = (float)(1 / (0.3 * re));
        for (var r = 0; r < n; r++)
            for (var c = 0; c < n; c++)
            {
                if (scratch[r * n + c] == 0) continue;
                float dx = (float)(c - x), dy = (float)(r - y), u = dx * cos + dy * sin, v = (dy * cos - dx * sin) * invQ;
                var rad = MathF.Sqrt(u * u + v * v) + 1e-6f;
                var arm = MathF.Cos(2 * (MathF.Atan2(v, u) - MathF.Log(rad * invRe + 0.1f) / pitch - phase));
                scratch[r * n + c] *= 1 + 0.6f * arm * arm * MathF.Min(1, rad * core);
            }
        AddScaled(img, scratch, colour ?? Blue);
        Array.Clear(scratch);
        Render.Sersic(scratch, n, n, x, y, flux * 0.25, 0.2 * re, 4, 0.9, pa, psf);
        AddScaled(img, scratch, colour ?? Red);
    }

    static void AddScaled(Span<float> img, float[] profile, double[] colour)
    {
        var plane = profile.Length;
        for (var b = 0; b < 3; b++)
        {
            var dst = img.Slice(b * plane, plane);
            var f = (float)colour[b];
            for (var k = 0; k < plane; k++) dst[k] += profile[k] * f;
        }
    }

    static void AddBlob(Span<float> img, int n, double x, double y, double peak, double sigma, double[] colour)
    {
        var plane = n * n;
        for (var b = 0; b < 3; b++)
            Render.Gaussian(img.Slice(b * plane, plane), n, n, x, y, peak * colour[b] * 2 * Math.PI * sigma * sigma, sigma);
    }

    static void Artifact(Span<float> img, int n, Rng rng)
    {
        var plane = n * n;
        if (rng.Bernoulli(0.5))
        {
            // A satellite trail, brightest in one band as it crossed during that exposure.
            var a = rng.Uniform(0, Math.PI);
            double cx = rng.Uniform(0.2, 0.8) * n, cy = rng.Uniform(0.2, 0.8) * n;
            var band = rng.NextInt(3);
            Render.Line(img.Slice(band * plane, plane), n, n, cx - 2 * n * Math.Cos(a), cy - 2 * n * Math.Sin(a), cx + 2 * n * Math.Cos(a), cy + 2 * n * Math.Sin(a), rng.Uniform(0.5, 2), 1.2);
        }
        else
        {
            // A saturated star with diffraction spikes, white in all bands.
            double x = rng.Uniform(0.1, 0.9) * n, y = rng.Uniform(0.1, 0.9) * n;
            for (var b = 0; b < 3; b++)
            {
                var p = img.Slice(b * plane, plane);
                Render.Moffat(p, n, n, x, y, rng.Uniform(200, 600), 4, 2.0, n / 3);
                Render.Line(p, n, n, x - n / 4.0, y, x + n / 4.0, y, 0.8, 0.8);
                Render.Line(p, n, n, x, y - n / 4.0, x, y + n / 4.0, 0.8, 0.8);
            }
        }
    }
}
