using Microsoft.Data.Analysis;
using NotebookLib.Configuration;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>A DIA object: the DIA sources of one field matched across visits (within a radius), with its
/// forced-photometry light curve on every visit's difference image.</summary>
public sealed record DiaObject(int Id, int Field, double X, double Y, IReadOnlyList<HscCandidate> Sources,
                               double[] Mjd, double[] Flux, double[] FluxError)
{
    /// <summary>Visits with a detection.</summary>
    public int DetectedVisits => Sources.Select(s => s.Visit).Distinct().Count();

    /// <summary>
    /// Light-curve confirmation of a transient: detected on at least <paramref name="minVisits"/> visits,
    /// and never significantly fainter than the template (no forced flux below −<paramref name="negativeSigma"/> σ):
    /// a supernova brightens and fades, while a subtraction residual of a static star swings both ways
    /// and a fake or a cosmic ray is seen once.
    /// </summary>
    public bool IsConfirmedTransient(int minVisits = 2, double negativeSigma = 3) =>
        DetectedVisits >= minVisits && Flux.Zip(FluxError).All(p => !(p.First < -negativeSigma * p.Second));
}

/// <summary>The DIA sources of a set of fields (one row a detection) and their DIA objects.</summary>
public sealed record DiaCatalogue(IReadOnlyList<HscCandidate> Sources, IReadOnlyList<DiaObject> Objects)
{
    /// <summary>The DIA object each source belongs to (by the source's Id).</summary>
    public DiaObject ObjectOf(HscCandidate source)
    {
        ArgumentNullException.ThrowIfNull(source);
        objectOf ??= Objects.SelectMany((o, i) => o.Sources.Select(s => (s.Id, i))).ToDictionary(p => p.Id, p => p.i);
        return Objects[objectOf[source.Id]];
    }

    Dictionary<int, int>? objectOf;

    /// <summary>The DIA source table as a DataFrame: field, visit, position, SNR, PSF flux and the truth.</summary>
    public DataFrame ToDataFrame() => new(
        new Int32DataFrameColumn("id", Sources.Select(s => s.Id)),
        new Int32DataFrameColumn("field", Sources.Select(s => s.Field)),
        new Int32DataFrameColumn("visit", Sources.Select(s => s.Visit)),
        new DoubleDataFrameColumn("x", Sources.Select(s => s.X)),
        new DoubleDataFrameColumn("y", Sources.Select(s => s.Y)),
        new DoubleDataFrameColumn("snr", Sources.Select(s => Math.Round(s.Snr, 2))),
        new DoubleDataFrameColumn("psf_flux", Sources.Select(s => Math.Round(s.PsfFlux, 1))),
        new DoubleDataFrameColumn("psf_flux_err", Sources.Select(s => Math.Round(s.PsfFluxError, 1))),
        new StringDataFrameColumn("label", Sources.Select(s => s.IsInjected ? "injected" : "real")),
        new StringDataFrameColumn("truth", Sources.Select(s => s.Kind.ToString())));

    public override string ToString() =>
        $"{Sources.Count} DIA sources ({Sources.Count(s => s.IsInjected)} injected), {Objects.Count} DIA objects ({Objects.Count(o => o.DetectedVisits >= 2)} on two visits or more)";
}

/// <summary>
/// The difference-imaging pipeline on HSC-like fields, as the talk runs the LSST pipelines' DIA: each
/// visit minus the PSF-matched template (<see cref="DifferenceImaging"/>), sources detected on the
/// difference (<see cref="SourceDetection"/>), each matched to what the generator put there within a
/// radius (an injected fake gives the label "injected", anything else "real"), a cut-out of the
/// difference around it; then the sources of a field matched across visits into DIA objects with forced
/// photometry on every visit (light curves).
/// </summary>
public static class DiaPipeline
{
    /// <summary>Visit <paramref name="visit"/> of the field minus its PSF-matched template.</summary>
    public static DifferenceImage Subtract(this HscTransientField field, int visit)
    {
        ArgumentNullException.ThrowIfNull(field);
        var v = field.Visits[visit];
        if (v.PsfSigma <= 0 || field.TemplatePsfSigma <= 0)
            throw new ArgumentException("the field has no PSF widths (made before the generator recorded them)", nameof(field));
        return DifferenceImaging.Subtract(v.Science, field.TemplateOf(visit), v.PsfSigma, field.TemplatePsfSigma, v.ScienceVariance, field.TemplateVarianceOf(visit));
    }

    /// <summary>Runs the pipeline on each field in parallel; source and object ids run over all fields.</summary>
    public static DiaCatalogue Run(IReadOnlyList<HscTransientField> fields, double threshold = 5, double matchRadius = 3, double objectRadius = 2,
        int cutoutSize = 30)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var parts = new (List<HscCandidate> Sources, List<DiaObject> Objects)[fields.Count];
        Parallel.For(0, fields.Count, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads },
            i => parts[i] = RunField(fields[i], threshold, matchRadius, objectRadius, cutoutSize));
        var sources = new List<HscCandidate>();
        var objects = new List<DiaObject>();
        foreach (var (s, o) in parts)
        {
            var offset = sources.Count;
            var renumbered = s.Select(c => c with { Id = c.Id + offset }).ToList();
            sources.AddRange(renumbered);
            objects.AddRange(o.Select(d => d with { Id = objects.Count + d.Id, Sources = d.Sources.Select(c => renumbered[c.Id]).ToList() }));
        }
        return new DiaCatalogue(sources, objects);
    }

    static (List<HscCandidate>, List<DiaObject>) RunField(HscTransientField field, double threshold, double matchRadius, double objectRadius, int cutoutSize)
    {
        var diffs = new DifferenceImage[field.Visits.Count];
        var sources = new List<HscCandidate>();
        for (var v = 0; v < field.Visits.Count; v++)
        {
            var d = diffs[v] = field.Subtract(v);
            foreach (var s in d.Detect(threshold))
            {
                var (kind, id) = Match(field.Visits[v].Truth, s.PeakX, s.PeakY, matchRadius, d.PsfSigma);
                sources.Add(new HscCandidate(sources.Count, v, s.PeakX, s.PeakY, kind, id, s.Snr,
                                             HscTransientGenerator.Cutout(d.Difference, s.PeakX, s.PeakY, cutoutSize))
                { Field = field.FieldId, PsfFlux = s.PsfFlux, PsfFluxError = s.PsfFluxError, PixelSigma = Math.Sqrt(Math.Max(d.Variance[s.PeakX, s.PeakY], 0)) });
            }
        }
        var groups = sources.MatchAcrossVisits(objectRadius, minVisits: 1);
        var objects = new List<DiaObject>();
        foreach (var g in groups)
        {
            double x = g.Average(c => c.X), y = g.Average(c => c.Y);
            var lc = diffs.Select(d => ForcedPhotometry.PsfFlux(d.Difference, d.Variance, x, y, d.PsfSigma)).ToArray();
            objects.Add(new DiaObject(objects.Count, field.FieldId, x, y, g, field.Visits.Select(v => v.Mjd).ToArray(),
                                      lc.Select(p => p.Flux).ToArray(), lc.Select(p => p.Error).ToArray()));
        }
        return (sources, objects);
    }

    /// <summary>The nearest truth object within <paramref name="radius"/> pixels — or, for the residual of a
    /// bright star, whose ring breaks into several footprints around it, within max(radius, 4σ_PSF) —
    /// distances counted in units of each one's radius; Unmatched when none is that near.</summary>
    static (CandidateKind, int) Match(IReadOnlyList<HscTruth> truth, double x, double y, double radius, double psfSigma)
    {
        HscTruth? best = null;
        var bestScore = 1.0;
        foreach (var t in truth)
        {
            var r = t.Kind == CandidateKind.StarResidual ? Math.Max(radius, 4 * psfSigma) : radius;
            var score = t.DistanceTo(x, y) / r;
            if (score <= bestScore) { bestScore = score; best = t; }
        }
        return best is null ? (CandidateKind.Unmatched, -1) : (best.Kind, best.Id);
    }
}
