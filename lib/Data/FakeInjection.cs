using NotebookLib.Configuration;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>
/// The talk's injection step on rendered exposures: the fake catalogue of each visit (from
/// <see cref="FakeTransientCatalogue"/>, as written to CSV) goes into that visit's calibrated exposure as
/// PSF-convolved point sources with their photon noise (<see cref="Injection.Inject"/>), converted from
/// magnitudes by the visit's zero point. Fields made with <see cref="HscTransientOptions.InjectFakes"/> false
/// have their catalogues but not yet their fakes in the pixels.
/// </summary>
public static class FakeInjection
{
    /// <summary>A copy of <paramref name="visit"/> with <paramref name="fakes"/> injected into its science
    /// exposure (and variance); its truth lists them, and the generator's own difference image gains the same pixels.</summary>
    public static HscVisit Inject(this HscVisit visit, IEnumerable<FakeTransient> fakes, double zeroPoint, int seed)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(fakes);
        if (visit.ScienceVariance is null) throw new ArgumentException("the visit has no science variance plane to inject into", nameof(visit));
        if (!(visit.PsfSigma > 0)) throw new ArgumentException("the visit has no PSF width", nameof(visit));
        var list = fakes.ToList();
        var injected = Injection.Inject(visit.Science, visit.ScienceVariance,
            list.Select(f => new PointSource(f.X, f.Y, Math.Pow(10, -0.4 * (f.Magnitude - zeroPoint)))), visit.PsfSigma, seed);
        var n = visit.Science.Count;
        var diff = (float[])visit.Difference.Pixels.Clone();
        var variance = (float[])visit.Variance.Pixels.Clone();
        for (var i = 0; i < n; i++)
        {
            diff[i] += injected.Image.Pixels[i] - visit.Science.Pixels[i];
            variance[i] += injected.Variance.Pixels[i] - visit.ScienceVariance.Pixels[i];
        }
        int w = visit.Science.Width, h = visit.Science.Height;
        return visit with
        {
            Science = injected.Image,
            ScienceVariance = injected.Variance,
            Difference = new Image(w, h, diff, visit.Difference.Mask),
            Variance = new Image(w, h, variance),
            Truth = visit.Truth.Concat(list.Select(f => new HscTruth(CandidateKind.InjectedFake, f.Id, f.X, f.Y))).ToList(),
        };
    }

    /// <summary>The field with each visit's fake catalogue injected into that visit (a copy; the input is unchanged).</summary>
    public static HscTransientField InjectFakes(this HscTransientField field, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.FakesInjected) throw new InvalidOperationException($"field {field.FieldId}'s fakes are already in its pixels");
        var s = Seeds.Resolve(seed);
        var visits = field.Visits.Select(v => v.Inject(field.Fakes.Where(f => field.FakeVisit[f.Id] == v.Index), field.ZeroPoint,
                                                       unchecked(s * 7919 + field.FieldId * 131 + v.Index))).ToList();
        return field with { Visits = visits, FakesInjected = true };
    }

    /// <summary>Every field with its fakes injected, in parallel.</summary>
    public static IReadOnlyList<HscTransientField> InjectFakes(this IReadOnlyList<HscTransientField> fields, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var s = Seeds.Resolve(seed);
        var result = new HscTransientField[fields.Count];
        Parallel.For(0, fields.Count, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads },
                     i => result[i] = fields[i].InjectFakes(s));
        return result;
    }
}
