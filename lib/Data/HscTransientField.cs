using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>What made a candidate on a difference image (ground truth). Unmatched: a detection near
/// nothing the generator put there (a noise peak, a galaxy-subtraction residual).</summary>
public enum CandidateKind { InjectedFake, RealTransient, StarResidual, CosmicRay, BadColumn, Unmatched }

/// <summary>Something the generator put into a visit that can leave a detection on its difference image:
/// a point (X1, Y1 = X, Y) or a segment from (X, Y) to (X1, Y1) (a cosmic-ray track, a bad column).</summary>
public sealed record HscTruth(CandidateKind Kind, int Id, double X, double Y, double X1, double Y1)
{
    public HscTruth(CandidateKind kind, int id, double x, double y) : this(kind, id, x, y, x, y) { }

    /// <summary>Distance in pixels from (x, y) to this point or segment.</summary>
    public double DistanceTo(double x, double y)
    {
        double ax = X1 - X, ay = Y1 - Y, len2 = ax * ax + ay * ay;
        var t = len2 > 0 ? Math.Clamp(((x - X) * ax + (y - Y) * ay) / len2, 0, 1) : 0;
        double dx = x - (X + t * ax), dy = y - (Y + t * ay);
        return Math.Sqrt(dx * dx + dy * dy);
    }
}

/// <summary>A real transient (supernova-like) with its magnitude at each visit (∞ when invisible).</summary>
public sealed record RealTransient(int Id, double X, double Y, double PeakMagnitude, double PeakMjd, int HostId, double[] MagnitudeAtVisit);

/// <summary>A detection on a visit's difference image with its 30×30 cut-out (raw counts, zero outside
/// the field) and PSF-weighted signal-to-noise ratio; TruthId is the fake's, transient's, star's or a running id.</summary>
public sealed record HscCandidate(int Id, int Visit, double X, double Y, CandidateKind Kind, int TruthId, double Snr, Image Cutout)
{
    /// <summary>The field (CCD) it was found on.</summary>
    public int Field { get; init; }
    /// <summary>PSF flux and its error in counts at the detection peak (the DIA pipeline's; NaN for the generator's truth candidates).</summary>
    public double PsfFlux { get; init; } = double.NaN;
    public double PsfFluxError { get; init; } = double.NaN;
    /// <summary>The difference image's noise σ per pixel at the detection (√variance; NaN for the generator's truth candidates).</summary>
    public double PixelSigma { get; init; } = double.NaN;
    public bool IsInjected => Kind == CandidateKind.InjectedFake;
    public bool IsBogus => Kind is CandidateKind.StarResidual or CandidateKind.CosmicRay or CandidateKind.BadColumn or CandidateKind.Unmatched;
}

/// <summary>One visit: its science image, difference image (science − PSF-matched template) and the
/// difference image's variance, all of the field's size, with calexp-like header keywords.</summary>
public sealed record HscVisit(int Index, double Mjd, double SeeingArcsec, Image Science, Image Difference, Image Variance,
                              FitsHeader Header)
{
    /// <summary>Variance of the science image (sky and source Poisson noise).</summary>
    public Image? ScienceVariance { get; init; }
    /// <summary>σ in pixels of the visit's Gaussian PSF.</summary>
    public double PsfSigma { get; init; }
    /// <summary>Everything put into this visit that can leave a detection on its difference image.</summary>
    public IReadOnlyList<HscTruth> Truth { get; init; } = [];
    /// <summary>The band (g, r or i) it was taken in.</summary>
    public string Band { get; init; } = "r";
}

/// <summary>An HSC-like field: template (deep coadd), source catalogue with extendedness, the fake
/// catalogue injected, the real transients, the visits and the candidates found on their differences.</summary>
public sealed record HscTransientField
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public int FieldId { get; init; }
    /// <summary>The bands observed, in the order of <see cref="Templates"/>.</summary>
    public IReadOnlyList<string> Bands { get; init; } = ["r"];
    /// <summary>One template (deep coadd) a band.</summary>
    public required IReadOnlyList<Image> Templates { get; init; }
    /// <summary>Variance of each template (a coadd of ten visits).</summary>
    public IReadOnlyList<Image>? TemplateVariances { get; init; }
    /// <summary>The first band's template.</summary>
    public Image Template => Templates[0];
    /// <summary>Variance of the first band's template.</summary>
    public Image? TemplateVariance => TemplateVariances?[0];
    /// <summary>True when the fakes are in the visits' pixels (rendered by the generator or injected by <see cref="FakeInjection"/>).</summary>
    public bool FakesInjected { get; init; }

    /// <summary>The template of visit <paramref name="visit"/>'s band.</summary>
    public Image TemplateOf(int visit) => Templates[BandIndex(visit)];

    /// <summary>The variance of the template of visit <paramref name="visit"/>'s band.</summary>
    public Image? TemplateVarianceOf(int visit) => TemplateVariances?[BandIndex(visit)];

    int BandIndex(int visit)
    {
        var b = Bands.ToList().IndexOf(Visits[visit].Band);
        return b >= 0 ? b : throw new InvalidOperationException($"visit {visit}'s band {Visits[visit].Band} has no template");
    }
    /// <summary>σ in pixels of the template's Gaussian PSF.</summary>
    public double TemplatePsfSigma { get; init; }
    public required IReadOnlyList<HscSource> Sources { get; init; }
    public required IReadOnlyList<FakeTransient> Fakes { get; init; }
    /// <summary>The visit each fake was injected into.</summary>
    public required IReadOnlyList<int> FakeVisit { get; init; }
    public required IReadOnlyList<RealTransient> RealTransients { get; init; }
    public required IReadOnlyList<HscVisit> Visits { get; init; }
    public required IReadOnlyList<HscCandidate> Candidates { get; init; }
    public required double ZeroPoint { get; init; }
    public int CutoutSize => Candidates.Count > 0 ? Candidates[0].Cutout.Width : 30;
    /// <summary>Pixel scale in arcseconds.</summary>
    public double PixelScale { get; init; } = 0.168;

    /// <summary>Sky position of the field's centre: fields sit side by side in RA, near COSMOS.</summary>
    public (double Ra, double Dec) Centre => (150.1 + FieldId * (Width * PixelScale / 3600 + 0.005), 2.2);

    /// <summary>RA and Dec in degrees of pixel (x, y) by the gnomonic (TAN) projection about <see cref="Centre"/>,
    /// north up (+y) and east left (−x), as a FITS TAN WCS with CRPIX at the field's centre.</summary>
    public (double Ra, double Dec) PixelToSky(double x, double y)
    {
        var (ra0, dec0) = Centre;
        var deg = Math.PI / 180;
        double xi = -(x - (Width - 1) / 2.0) * PixelScale / 3600 * deg, eta = (y - (Height - 1) / 2.0) * PixelScale / 3600 * deg;
        double d0 = dec0 * deg, den = Math.Cos(d0) - eta * Math.Sin(d0);
        var ra = ra0 + Math.Atan2(xi, den) / deg;
        var dec = Math.Atan2(Math.Sin(d0) + eta * Math.Cos(d0), Math.Sqrt(xi * xi + den * den)) / deg;
        return (ra, dec);
    }

    public override string ToString() =>
        $"HSC-like field {Width}×{Height}, {Visits.Count} visits in {string.Join("", Bands)}, {Sources.Count(s => s.IsGalaxy)} galaxies, {Sources.Count(s => !s.IsGalaxy)} stars, " +
        $"{Fakes.Count} fakes ({Fakes.Count(f => f.HostLess)} host-less{(FakesInjected ? "" : ", not injected yet")}), {RealTransients.Count} real transients, {Candidates.Count} candidates";
}

public static class HscCandidates
{
    /// <summary>
    /// Light-curve confirmation: groups the candidates of one field (candidates of different fields never match) whose positions agree within
    /// <paramref name="radius"/> pixels across visits (friends of friends), each group sorted by visit.
    /// A group seen in at least <paramref name="minVisits"/> different visits is a light curve, which
    /// a real transient has and a cosmic ray or a one-visit fake does not.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<HscCandidate>> MatchAcrossVisits(this IReadOnlyList<HscCandidate> candidates,
        double radius = 2.0, int minVisits = 2)
    {
        var parent = Enumerable.Range(0, candidates.Count).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        var r2 = radius * radius;
        for (var i = 0; i < candidates.Count; i++)
            for (var j = i + 1; j < candidates.Count; j++)
            {
                if (candidates[i].Field != candidates[j].Field) continue;
                double dx = candidates[i].X - candidates[j].X, dy = candidates[i].Y - candidates[j].Y;
                if (dx * dx + dy * dy <= r2) parent[Find(i)] = Find(j);
            }
        return Enumerable.Range(0, candidates.Count).GroupBy(Find)
            .Select(g => (IReadOnlyList<HscCandidate>)g.Select(i => candidates[i]).OrderBy(c => c.Visit).ToList())
            .Where(g => g.Select(c => c.Visit).Distinct().Count() >= minVisits)
            .ToList();
    }

    /// <summary>Cut-outs as a dataset [N, C, S, S], labelled 1 for injected fakes and 0 for everything else found
    /// on the differences; the labels are the targets too (one scalar a sample, for a network with one probability
    /// out). Channel 0 is the cut-out min-max normalised to [0, 1], as talk 002 feeds its CNN (raw counts when
    /// <paramref name="normalise"/> is false). With <paramref name="significance"/> a second channel keeps what
    /// min-max scaling throws away, how far above the noise the source is: asinh(d / 3σ) / 3 with σ the pixel
    /// noise of the difference at the detection (<see cref="HscCandidate.PixelSigma"/>), about 0.1 for a 1σ
    /// pixel and 1 for a 30σ one.</summary>
    public static ArrayDataset ToDataset(this IReadOnlyList<HscCandidate> candidates, bool normalise = true, bool significance = false)
    {
        if (candidates.Count == 0) throw new ArgumentException("no candidates");
        var side = candidates[0].Cutout.Width;
        var len = side * side;
        var channels = significance ? 2 : 1;
        var data = new float[candidates.Count * channels * len];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i].Cutout.Pixels.AsSpan();
            var dst = data.AsSpan(i * channels * len, len);
            c.CopyTo(dst);
            if (significance)
            {
                var sigma = candidates[i].PixelSigma;
                if (!(sigma > 0)) throw new ArgumentException($"candidate {candidates[i].Id} has no pixel noise σ (the DIA pipeline's sources have it)", nameof(candidates));
                var sig = data.AsSpan(i * channels * len + len, len);
                for (var k = 0; k < len; k++) sig[k] = (float)(Math.Asinh(c[k] / (3 * sigma)) / 3);
            }
            if (!normalise) continue;
            float lo = float.MaxValue, hi = float.MinValue;
            foreach (var v in c) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            var range = hi > lo ? hi - lo : 1;
            for (var k = 0; k < len; k++) dst[k] = (dst[k] - lo) / range;
        }
        var labels = candidates.Select(c => c.IsInjected ? 1 : 0).ToArray();
        return new ArrayDataset(data, [channels, side, side], labels, targets: labels.Select(l => (float)l).ToArray());
    }
}
