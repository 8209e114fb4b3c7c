using NotebookLib.Configuration;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

public sealed record HscTransientOptions
{
    public int Width { get; init; } = 512;
    public int Height { get; init; } = 512;
    public int Visits { get; init; } = 5;
    /// <summary>HSC's 0.168″ pixels.</summary>
    public double PixelScale { get; init; } = 0.168;
    /// <summary>Magnitude of one count in a visit (calexp FLUXMAG0 = 10^(0.4 ZP)).</summary>
    public double ZeroPoint { get; init; } = 33.0;
    /// <summary>Sky surface brightness in mag/arcsec².</summary>
    public double SkyMagnitude { get; init; } = 20.8;
    public int Stars { get; init; } = 60;
    public int Galaxies { get; init; } = 250;
    public double HostFraction { get; init; } = 0.03;
    public double HostLessFraction { get; init; } = 0.05;
    public int RealTransients { get; init; } = 2;
    public double CosmicRaysPerVisit { get; init; } = 6;
    public double BadColumnProbability { get; init; } = 0.3;
    /// <summary>Stars brighter than this leave subtraction residuals.</summary>
    public double BrightStarMagnitude { get; init; } = 20.5;
    public int CutoutSize { get; init; } = 30;
    public double DetectionSnr { get; init; } = 5;
    public double FirstMjd { get; init; } = 57500;
    public double CadenceDays { get; init; } = 5;
    public double TemplateSeeingArcsec { get; init; } = 0.5;
    /// <summary>The bands observed (g, r, i: HSC-G, HSC-R2, HSC-I2); visit v is taken in band v mod the count,
    /// and each band has its own template. Magnitudes (<see cref="HscSource.Magnitude"/>) are r-band; the
    /// others follow from each source's colours.</summary>
    public IReadOnlyList<string> Bands { get; init; } = ["r"];
    /// <summary>True: the generator renders the fake catalogue into the visits as it makes them (the fields'
    /// Fakes are in the pixels). False: the visits are made without them, and <see cref="FakeInjection"/>
    /// injects the catalogue into the rendered exposures afterwards, as the talk's pipeline does.</summary>
    public bool InjectFakes { get; init; } = true;
    /// <summary>A source is extended (a galaxy by the measurement) when its measured PSF/model ratio is below this.</summary>
    public double ExtendednessCriterion { get; init; } = 0.9;
}

/// <summary>
/// Makes HSC-like fields for notebook 03: stars (Gaussian PSF) and Sérsic galaxies with a measured
/// extendedness, sky noise; the fake-transient catalogue of talk 002 (<see cref="FakeTransientCatalogue"/>)
/// injected, each fake into one visit; supernova-like real transients with light curves over the visits;
/// difference images with realistic bogus (dipole and ring residuals of bright stars, cosmic rays, bad
/// columns); and 30×30 cut-outs of every candidate with its PSF-weighted SNR and truth.
/// </summary>
public static class HscTransientGenerator
{
    /// <summary>Several independent fields (as CCDs of a survey), generated in parallel.</summary>
    public static IReadOnlyList<HscTransientField> GenerateFields(int count, HscTransientOptions? options = null, int? seed = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be ≥ 1");
        var s = Seeds.Resolve(seed);
        var fields = new HscTransientField[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads },
                     i => fields[i] = Generate(options, unchecked(s * 7919 + i), i));
        return fields;
    }

    public static HscTransientField Generate(HscTransientOptions? options = null, int? seed = null, int fieldId = 0)
    {
        var o = options ?? new HscTransientOptions();
        if (o.Width < 2 * o.CutoutSize || o.Height < 2 * o.CutoutSize)
            throw new ArgumentOutOfRangeException(nameof(options), $"a {o.Width}×{o.Height} field is too small for {o.CutoutSize}-px cut-outs");
        if (o.Visits < 1) throw new ArgumentOutOfRangeException(nameof(options), o.Visits, "Visits must be ≥ 1");
        var s = Seeds.Resolve(seed);
        var rng = Rng.ForStream(s, 0x45C);
        int w = o.Width, h = o.Height;
        var sky = Math.Pow(10, -0.4 * (o.SkyMagnitude - o.ZeroPoint)) * o.PixelScale * o.PixelScale;
        var sigmaT = o.TemplateSeeingArcsec / 2.3548 / o.PixelScale;
        var bands = o.Bands.Count > 0 ? o.Bands.ToArray() : throw new ArgumentOutOfRangeException(nameof(options), "at least one band");
        foreach (var b in bands) HscBands.Filter(b);
        var sources = MakeSources(o, rng, sky, sigmaT);
        // One template (a coadd of ten visits at the template's seeing) a band.
        var templates = new Image[bands.Length];
        var templateVariances = new Image[bands.Length];
        var staticScenes = new Image[bands.Length];   // noiseless, at the template's seeing
        var templateVar = sky / 10; // a coadd of ten visits
        for (var b = 0; b < bands.Length; b++)
        {
            var template = new float[w * h];
            RenderStatic(template, w, h, sources, o, sigmaT, bands[b]);
            staticScenes[b] = new Image(w, h, (float[])template.Clone());
            var trng = rng.Fork(1 + 1000 * b);
            var tz = new float[template.Length];
            trng.FillGaussian(tz);
            var tv = new float[template.Length];
            for (var i = 0; i < template.Length; i++)
            {
                tv[i] = (float)(templateVar + Math.Max(template[i], 0) / 10);
                template[i] = (float)(template[i] + sky + Math.Sqrt(tv[i]) * tz[i]);
            }
            templates[b] = new Image(w, h, template);
            templateVariances[b] = new Image(w, h, tv);
        }
        // Extendedness measured on the pixels of the reference band's template (r when observed): the
        // Gaussian-weighted second moments against the PSF (Imaging.Moments), the sky subtracted as its median.
        var reference = Array.IndexOf(bands, "r") is var ri and >= 0 ? ri : 0;
        var skyLevel = Median(templates[reference].Pixels);
        sources = sources.Select(src =>
        {
            var ratio = Moments.PsfModelRatio(templates[reference], src.X, src.Y, sigmaT, skyLevel);
            return src with { PsfModelFluxRatio = ratio, Extendedness = ratio < o.ExtendednessCriterion ? 1 : 0 };
        }).ToList();
        // One fake catalogue per visit, drawn independently (the talk injects uncorrelated catalogues, so
        // no fake has a light curve), with magnitudes in the visit's band; ids run over the whole field.
        var fakes = new List<FakeTransient>();
        var fakeVisitList = new List<int>();
        for (var v = 0; v < o.Visits; v++)
        {
            var band = bands[v % bands.Length];
            foreach (var f in FakeTransientCatalogue.Make(sources, w, h, rng, o.HostFraction, o.HostLessFraction, o.CutoutSize / 2, s => s.MagnitudeIn(band)))
            {
                fakes.Add(f with { Id = fakes.Count });
                fakeVisitList.Add(v);
            }
        }
        var fakeVisit = fakeVisitList.ToArray();
        var mjds = Enumerable.Range(0, o.Visits).Select(v => o.FirstMjd + v * o.CadenceDays + rng.Uniform(0, 1)).ToArray();
        var reals = MakeRealTransients(o, rng, sources, mjds, bands);
        var seeing = mjds.Select(_ => rng.Uniform(0.55, 1.1)).ToArray();

        var visits = new HscVisit[o.Visits];
        var candidates = new List<HscCandidate>[o.Visits];
        for (var v = 0; v < o.Visits; v++)
            (visits[v], candidates[v]) = Visit(o, rng.Fork(100 + v), v, bands[v % bands.Length], mjds[v], seeing[v], staticScenes[v % bands.Length], sigmaT, sources,
                                               o.InjectFakes ? fakes : [], fakeVisit, reals, sky, templateVar, fieldId);
        var all = candidates.SelectMany(c => c).Select((c, i) => c with { Id = i }).ToList();
        return new HscTransientField
        {
            Width = w,
            Height = h,
            FieldId = fieldId,
            PixelScale = o.PixelScale,
            Bands = bands,
            Templates = templates,
            TemplateVariances = templateVariances,
            FakesInjected = o.InjectFakes,
            TemplatePsfSigma = sigmaT,
            Sources = sources,
            Fakes = fakes,
            FakeVisit = fakeVisit,
            RealTransients = reals,
            Visits = visits,
            Candidates = all,
            ZeroPoint = o.ZeroPoint,
        };
    }

    static double Flux(double mag, double zp) => Math.Pow(10, -0.4 * (mag - zp));

    static double Median(float[] values)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    static List<HscSource> MakeSources(HscTransientOptions o, Rng rng, double sky, double sigmaT)
    {
        var list = new List<HscSource>();
        for (var k = 0; k < o.Stars + o.Galaxies; k++)
        {
            var galaxy = k >= o.Stars;
            var u = rng.NextDouble();
            var mag = galaxy ? 19 + 6.5 * Math.Pow(u, 0.4) : 16 + 8 * Math.Pow(u, 0.6);
            double re = 0, q = 1, pa = 0, n = 0;
            if (galaxy)
            {
                re = Math.Min(8, Math.Pow(10, -0.15 * (mag - 20)) * rng.Uniform(3, 7));
                q = rng.Uniform(0.3, 1); pa = rng.Uniform(0, Math.PI); n = rng.Uniform(0.8, 4);
            }
            // Colours: stars g − r ∈ [0.3, 1.4], r − i ∈ [0.1, 0.6]; galaxies g − r ∈ [0.4, 1.2], r − i ∈ [0.2, 0.5].
            // Extendedness is measured later, on the template's pixels.
            double gr = galaxy ? rng.Uniform(0.4, 1.2) : rng.Uniform(0.3, 1.4), ri = galaxy ? rng.Uniform(0.2, 0.5) : rng.Uniform(0.1, 0.6);
            list.Add(new HscSource(k, rng.Uniform(0, o.Width), rng.Uniform(0, o.Height), mag, galaxy, re, q, pa, n, double.NaN, 0)
            { GMinusR = gr, RMinusI = ri });
        }
        return list;
    }

    static List<RealTransient> MakeRealTransients(HscTransientOptions o, Rng rng, IReadOnlyList<HscSource> sources, double[] mjds, string[] bands)
    {
        var list = new List<RealTransient>();
        var galaxies = sources.Where(s => s.IsGalaxy).ToList();
        int margin = o.CutoutSize / 2;
        for (var k = 0; k < o.RealTransients; k++)
        {
            double x, y;
            var host = -1;
            if (galaxies.Count > 0 && rng.Bernoulli(0.7))
            {
                var g = galaxies[rng.NextInt(galaxies.Count)];
                host = g.Id;
                x = Math.Clamp(g.X + rng.Gaussian(0, g.SemiMajorAxis), margin, o.Width - 1 - margin);
                y = Math.Clamp(g.Y + rng.Gaussian(0, g.SemiMajorAxis), margin, o.Height - 1 - margin);
            }
            else { x = rng.Uniform(margin, o.Width - 1 - margin); y = rng.Uniform(margin, o.Height - 1 - margin); }
            var peak = rng.Uniform(20.5, 23.5);
            var t0 = rng.Uniform(mjds[0] - 5, mjds[^1] + 2);
            list.Add(new RealTransient(k, x, y, peak, t0, host,
                mjds.Select((t, v) => SupernovaMagnitude(peak, t - t0) + HscBands.SupernovaColour(bands[v % bands.Length])).ToArray()));
        }
        return list;
    }

    /// <summary>Rise over ~3 days, exponential decline over ~25: magnitude relative to peak, ∞ before explosion.</summary>
    public static double SupernovaMagnitude(double peak, double daysFromPeak)
    {
        static double F(double t) => Math.Exp(-t / 25.0) / (1 + Math.Exp(-t / 3.0));
        const double tmax = 6.9; // argmax of F for τr = 3, τd = 25
        var f = F(daysFromPeak + tmax) / F(tmax);
        return f < 1e-4 ? double.PositiveInfinity : peak - 2.5 * Math.Log10(f);
    }

    static void RenderStatic(float[] img, int w, int h, IReadOnlyList<HscSource> sources, HscTransientOptions o, double sigma, string band)
    {
        foreach (var s in sources)
        {
            var f = Flux(s.MagnitudeIn(band), o.ZeroPoint);
            if (s.IsGalaxy) Render.Sersic(img, w, h, s.X, s.Y, f, s.SemiMajorAxis, s.SersicIndex, s.AxisRatio, s.PositionAngle, sigma);
            else Render.Gaussian(img, w, h, s.X, s.Y, f, sigma);
        }
    }

    static (HscVisit, List<HscCandidate>) Visit(HscTransientOptions o, Rng rng, int v, string band, double mjd, double seeingArcsec,
        Image staticScene, double sigmaT, IReadOnlyList<HscSource> sources, IReadOnlyList<FakeTransient> fakes, int[] fakeVisit,
        IReadOnlyList<RealTransient> reals, double sky, double templateVar, int fieldId)
    {
        int w = o.Width, h = o.Height;
        var sigma = seeingArcsec / 2.3548 / o.PixelScale;
        // The static sky at this visit's seeing is the template's seen through the matching kernel, so that
        // an exact PSF-matched subtraction removes it; what it leaves is what is added below.
        var stat = staticScene.Gaussian(Math.Sqrt(Math.Max(sigma * sigma - sigmaT * sigmaT, 1e-6))).Pixels;
        var variable = new float[w * h];   // what truly changed: transients and fakes
        var bogus = new float[w * h];      // what the subtraction gets wrong: bright-star residuals
        var cosmic = new float[w * h];     // cosmic rays hit the science exposure, so they survive subtraction
        var truth = new List<(CandidateKind Kind, int Id, double X, double Y)>();
        var objects = new List<HscTruth>();
        for (var k = 0; k < fakes.Count; k++)
            if (fakeVisit[k] == v)
            {
                Render.Gaussian(variable, w, h, fakes[k].X, fakes[k].Y, Flux(fakes[k].Magnitude, o.ZeroPoint), sigma);
                truth.Add((CandidateKind.InjectedFake, fakes[k].Id, fakes[k].X, fakes[k].Y));
                objects.Add(new(CandidateKind.InjectedFake, fakes[k].Id, fakes[k].X, fakes[k].Y));
            }
        foreach (var r in reals)
            if (!double.IsInfinity(r.MagnitudeAtVisit[v]))
            {
                Render.Gaussian(variable, w, h, r.X, r.Y, Flux(r.MagnitudeAtVisit[v], o.ZeroPoint), sigma);
                truth.Add((CandidateKind.RealTransient, r.Id, r.X, r.Y));
                objects.Add(new(CandidateKind.RealTransient, r.Id, r.X, r.Y));
            }
        foreach (var s in sources.Where(s => !s.IsGalaxy && s.MagnitudeIn(band) < o.BrightStarMagnitude))
        {
            // Astrometric misregistration makes a dipole, a PSF that differs from the model (brighter-fatter,
            // PSF-model error) a ring: the science image sees the bright star at (x + dx, y + dy) with
            // σ(1 + ε) where the matched template has it at (x, y) with σ.
            var f = Flux(s.MagnitudeIn(band), o.ZeroPoint);
            double dx = rng.Gaussian(0, 0.04), dy = rng.Gaussian(0, 0.04), eps = rng.Gaussian(0, 0.05);
            Render.Gaussian(bogus, w, h, s.X + dx, s.Y + dy, f, sigma * (1 + eps));
            Render.Gaussian(bogus, w, h, s.X, s.Y, -f, sigma);
            var (px, py) = PeakNear(bogus, w, h, s.X, s.Y, 4);
            truth.Add((CandidateKind.StarResidual, s.Id, px, py));
            objects.Add(new(CandidateKind.StarResidual, s.Id, s.X, s.Y));
        }
        for (int k = rng.Poisson(o.CosmicRaysPerVisit), id = 0; k > 0; k--, id++)
        {
            double x = rng.Uniform(2, w - 3), y = rng.Uniform(2, h - 3), len = rng.Exponential(2), ang = rng.Uniform(0, Math.PI);
            var peak = rng.Uniform(300, 5000);
            Render.Line(cosmic, w, h, x, y, x + len * Math.Cos(ang), y + len * Math.Sin(ang), peak, 0.5);
            truth.Add((CandidateKind.CosmicRay, id, x, y));
            objects.Add(new(CandidateKind.CosmicRay, id, x, y, x + len * Math.Cos(ang), y + len * Math.Sin(ang)));
        }
        var badColumns = new List<(int X, int Y0, int Y1, double Offset)>();
        if (rng.Bernoulli(o.BadColumnProbability))
        {
            var x = rng.NextInt(o.CutoutSize / 2, w - o.CutoutSize / 2);
            var y0 = rng.NextInt(0, h / 2);
            var y1 = Math.Min(h - 1, y0 + rng.NextInt(h / 8, h / 2));
            badColumns.Add((x, y0, y1, rng.Uniform(4, 12) * Math.Sqrt(sky)));
            truth.Add((CandidateKind.BadColumn, badColumns.Count - 1, x, (y0 + y1) / 2.0));
            objects.Add(new(CandidateKind.BadColumn, badColumns.Count - 1, x, y0, x, y1));
        }

        var science = new float[w * h];
        var diff = new float[w * h];
        var variance = new float[w * h];
        var scienceVariance = new float[w * h];
        var z1 = new float[w * h];
        var z2 = new float[w * h];
        rng.FillGaussian(z1);
        rng.FillGaussian(z2);
        float skyF = (float)sky, tvar = (float)templateVar;
        for (var i = 0; i < w * h; i++)
        {
            var signal = stat[i] + variable[i];
            var varS = skyF + MathF.Max(signal, 0);
            var noise = MathF.Sqrt(varS) * z1[i];
            science[i] = skyF + signal + bogus[i] + cosmic[i] + noise;
            scienceVariance[i] = varS;
            var varT = tvar + MathF.Max(stat[i], 0) / 10;
            variance[i] = varS + varT;
            diff[i] = variable[i] + bogus[i] + cosmic[i] + noise + MathF.Sqrt(varT) * z2[i];
        }
        foreach (var (x, y0, y1, off) in badColumns)
            for (var y = y0; y <= y1; y++) { diff[y * w + x] += (float)off; science[y * w + x] += (float)off; }

        FitsHeader header =
        [
            new("TELESCOP", "Subaru", "telescope"),
            new("INSTRUME", "Hyper Suprime-Cam", "instrument"),
            new("ORIGIN", "NotebookLib synthetic", "HSC-like simulation, not HSC-SSP data"),
            new("FILTER", HscBands.Filter(band), "filter"),
            new("EXPTIME", 270.0, "[s] exposure time"),
            new("MJD-OBS", Math.Round(mjd, 6), "start of exposure"),
            new("VISIT", 1000 + v * 2, "visit number"),
            new("FIELDID", fieldId, "synthetic field (CCD) number"),
            new("SEEING", Math.Round(seeingArcsec, 4), "[arcsec] PSF FWHM"),
            new("PIXSCALE", o.PixelScale, "[arcsec/px]"),
            new("FLUXMAG0", Math.Pow(10, 0.4 * o.ZeroPoint), "flux of a zero-magnitude source"),
            new("MAGZERO", o.ZeroPoint, "magnitude of one count"),
        ];
        Image scienceImage = new(w, h, science), diffImage = new(w, h, diff), varianceImage = new(w, h, variance);
        var candidates = new List<HscCandidate>();
        foreach (var (kind, id, x, y) in truth)
        {
            var snr = PsfSnr(diffImage, varianceImage, x, y, sigma);
            if (snr < o.DetectionSnr) continue;
            candidates.Add(new HscCandidate(0, v, x, y, kind, id, snr, Cutout(diffImage, x, y, o.CutoutSize)) { Field = fieldId });
        }
        return (new HscVisit(v, mjd, seeingArcsec, scienceImage, diffImage, varianceImage, header)
        {
            ScienceVariance = new Image(w, h, scienceVariance),
            PsfSigma = sigma,
            Band = band,
            Truth = objects,
        }, candidates);
    }

    static (double X, double Y) PeakNear(float[] img, int w, int h, double x, double y, int r)
    {
        double best = double.MinValue, bx = x, by = y;
        for (int yy = Math.Max(0, (int)y - r); yy <= Math.Min(h - 1, (int)y + r); yy++)
            for (int xx = Math.Max(0, (int)x - r); xx <= Math.Min(w - 1, (int)x + r); xx++)
                if (img[yy * w + xx] > best) { best = img[yy * w + xx]; bx = xx; by = yy; }
        return (bx, by);
    }

    /// <summary>PSF-weighted flux over its error, as a matched-filter detection measures it.</summary>
    public static double PsfSnr(Image difference, Image variance, double x, double y, double sigma)
    {
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(variance);
        if (variance.Width != difference.Width || variance.Height != difference.Height)
            throw new ArgumentException($"the variance is {variance.Width}×{variance.Height} but the difference image {difference.Width}×{difference.Height}");
        int w = difference.Width, h = difference.Height;
        float[] diff = difference.Pixels, var2 = variance.Pixels;
        var r = (int)Math.Ceiling(3 * sigma);
        double num = 0, p2 = 0, var = 0;
        for (int yy = Math.Max(0, (int)Math.Round(y) - r); yy <= Math.Min(h - 1, (int)Math.Round(y) + r); yy++)
            for (int xx = Math.Max(0, (int)Math.Round(x) - r); xx <= Math.Min(w - 1, (int)Math.Round(x) + r); xx++)
            {
                double dx = xx - x, dy = yy - y;
                var p = Math.Exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                num += p * diff[yy * w + xx];
                p2 += p * p;
                var += p * p * var2[yy * w + xx];
            }
        return var > 0 ? num / Math.Sqrt(var) : 0;
    }

    /// <summary>A size × size cut-out centred on the pixel nearest (x, y), zero outside the image.</summary>
    internal static Image Cutout(Image image, double x, double y, int size)
    {
        int w = image.Width, h = image.Height;
        var img = image.Pixels;
        var c = new float[size * size];
        int x0 = (int)Math.Round(x) - size / 2, y0 = (int)Math.Round(y) - size / 2;
        for (var r = 0; r < size; r++)
            for (var k = 0; k < size; k++)
            {
                int yy = y0 + r, xx = x0 + k;
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) c[r * size + k] = img[yy * w + xx];
            }
        return new Image(size, size, c);
    }
}
