using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>What made a candidate on a difference image (ground truth).</summary>
public enum CandidateKind { InjectedFake, RealTransient, StarResidual, CosmicRay, BadColumn }

/// <summary>A real transient (supernova-like) with its magnitude at each visit (∞ when invisible).</summary>
public sealed record RealTransient(int Id, double X, double Y, double PeakMagnitude, double PeakMjd, int HostId, double[] MagnitudeAtVisit);

/// <summary>A detection on a visit's difference image with its 30×30 cut-out (raw counts, zero outside
/// the field) and PSF-weighted signal-to-noise ratio; TruthId is the fake's, transient's, star's or a running id.</summary>
public sealed record HscCandidate(int Id, int Visit, double X, double Y, CandidateKind Kind, int TruthId, double Snr, Image Cutout)
{
    public bool IsInjected => Kind == CandidateKind.InjectedFake;
    public bool IsBogus => Kind is CandidateKind.StarResidual or CandidateKind.CosmicRay or CandidateKind.BadColumn;
}

/// <summary>One visit: its science image, difference image (science − PSF-matched template) and the
/// difference image's variance, all of the field's size, with calexp-like header keywords.</summary>
public sealed record HscVisit(int Index, double Mjd, double SeeingArcsec, Image Science, Image Difference, Image Variance,
                              FitsHeader Header);

/// <summary>An HSC-like field: template (deep coadd), source catalogue with extendedness, the fake
/// catalogue injected, the real transients, the visits and the candidates found on their differences.</summary>
public sealed class HscTransientField
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required Image Template { get; init; }
    public required IReadOnlyList<HscSource> Sources { get; init; }
    public required IReadOnlyList<FakeTransient> Fakes { get; init; }
    /// <summary>The visit each fake was injected into.</summary>
    public required IReadOnlyList<int> FakeVisit { get; init; }
    public required IReadOnlyList<RealTransient> RealTransients { get; init; }
    public required IReadOnlyList<HscVisit> Visits { get; init; }
    public required IReadOnlyList<HscCandidate> Candidates { get; init; }
    public required double ZeroPoint { get; init; }
    public int CutoutSize => Candidates.Count > 0 ? Candidates[0].Cutout.Width : 30;

    public override string ToString() =>
        $"HSC-like field {Width}×{Height}, {Visits.Count} visits, {Sources.Count(s => s.IsGalaxy)} galaxies, {Sources.Count(s => !s.IsGalaxy)} stars, " +
        $"{Fakes.Count} fakes ({Fakes.Count(f => f.HostLess)} host-less), {RealTransients.Count} real transients, {Candidates.Count} candidates";
}

public static class HscCandidates
{
    /// <summary>
    /// Light-curve confirmation: groups the candidates of one field whose positions agree within
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
                double dx = candidates[i].X - candidates[j].X, dy = candidates[i].Y - candidates[j].Y;
                if (dx * dx + dy * dy <= r2) parent[Find(i)] = Find(j);
            }
        return Enumerable.Range(0, candidates.Count).GroupBy(Find)
            .Select(g => (IReadOnlyList<HscCandidate>)g.Select(i => candidates[i]).OrderBy(c => c.Visit).ToList())
            .Where(g => g.Select(c => c.Visit).Distinct().Count() >= minVisits)
            .ToList();
    }

    /// <summary>Cut-outs as a dataset [N, 1, S, S], each min-max normalised to [0, 1] (as talk 002
    /// feeds its CNN), labelled 1 for injected fakes and 0 for everything else found on the differences.</summary>
    public static ArrayDataset ToDataset(this IReadOnlyList<HscCandidate> candidates, bool normalise = true)
    {
        if (candidates.Count == 0) throw new ArgumentException("no candidates");
        var side = candidates[0].Cutout.Width;
        var len = side * side;
        var data = new float[candidates.Count * len];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i].Cutout.Pixels.AsSpan();
            var dst = data.AsSpan(i * len, len);
            c.CopyTo(dst);
            if (!normalise) continue;
            float lo = float.MaxValue, hi = float.MinValue;
            foreach (var v in c) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            var range = hi > lo ? hi - lo : 1;
            for (var k = 0; k < len; k++) dst[k] = (dst[k] - lo) / range;
        }
        return new ArrayDataset(data, [1, side, side], candidates.Select(c => c.IsInjected ? 1 : 0).ToArray());
    }
}
