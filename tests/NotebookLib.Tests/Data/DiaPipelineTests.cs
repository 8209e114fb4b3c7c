using NotebookLib.Data;

namespace NotebookLib.Tests.Data;

/// <summary>The difference-imaging pipeline on generated fields, scored against the generator's truth.</summary>
public class DiaPipelineTests
{
    static readonly HscTransientOptions Small = new() { Width = 256, Height = 256, Visits = 5, Stars = 30, Galaxies = 150, RealTransients = 3, HostFraction = 0.1 };
    static readonly IReadOnlyList<HscTransientField> Fields = HscTransientGenerator.GenerateFields(3, Small, 11);
    static readonly DiaCatalogue Dia = DiaPipeline.Run(Fields);

    [Fact]
    public void Subtracting_the_matched_template_leaves_noise_where_the_sky_is_static()
    {
        var f = Fields[0];
        var d = f.Subtract(2);
        Assert.False(d.ConvolvedScience);   // the 0.5" template is sharper than any visit
        Assert.Equal(f.Visits[2].PsfSigma, d.PsfSigma);
        // Away from everything that changed, difference / √variance is unit normal (robust σ by the MAD).
        var changed = f.Visits[2].Truth.ToList();
        var z = new List<double>();
        for (var y = 20; y < f.Height - 20; y += 2)
            for (var x = 20; x < f.Width - 20; x += 2)
                if (changed.All(t => t.DistanceTo(x, y) > 15))
                    z.Add(d.Difference[x, y] / Math.Sqrt(d.Variance[x, y]));
        z.Sort();
        var med = z[z.Count / 2];
        var mad = z.Select(v => Math.Abs(v - med)).Order().ElementAt(z.Count / 2);
        Assert.Equal(0, med, 0.05);
        Assert.Equal(1, 1.4826 * mad, 0.1);
    }

    [Fact]
    public void Detections_are_matched_to_injections_and_bogus_and_almost_none_are_unexplained()
    {
        var s = Dia.Sources;
        Assert.Contains(s, c => c.IsInjected);
        foreach (var kind in new[] { CandidateKind.RealTransient, CandidateKind.StarResidual, CandidateKind.CosmicRay })
            Assert.Contains(s, c => c.Kind == kind);
        Assert.True(s.Count(c => c.Kind == CandidateKind.Unmatched) <= 0.05 * s.Count,
                    $"{s.Count(c => c.Kind == CandidateKind.Unmatched)} of {s.Count} detections match nothing the generator made");
        // An injected source is one the generator injected into that very visit, and near where it put it.
        foreach (var c in s.Where(c => c.IsInjected))
        {
            var f = Fields[c.Field];
            Assert.Equal(f.FakeVisit[c.TruthId], c.Visit);
            var fake = f.Fakes[c.TruthId];
            Assert.True(Math.Abs(fake.X - c.X) <= 3 && Math.Abs(fake.Y - c.Y) <= 3);
        }
        // Bright fakes are found: every fake brighter than 22.5 mag (SNR ≫ 5 at any seeing) that is not on a bright star.
        foreach (var f in Fields)
            foreach (var fake in f.Fakes.Where(k => k.Magnitude < 22.5))
            {
                var v = f.FakeVisit[fake.Id];
                if (f.Visits[v].Truth.Any(t => t.Kind == CandidateKind.StarResidual && t.DistanceTo(fake.X, fake.Y) < 15)) continue;
                Assert.Contains(s, c => c.Field == f.FieldId && c.IsInjected && c.TruthId == fake.Id);
            }
        // Ids run over all fields, cut-outs are 30 × 30 and centred on the detection's peak.
        Assert.Equal(Enumerable.Range(0, s.Count), s.Select(c => c.Id));
        Assert.All(s, c => Assert.Equal((30, 30), (c.Cutout.Width, c.Cutout.Height)));
        Assert.All(s, c => Assert.True(c.Snr >= 5));
    }

    [Fact]
    public void Light_curves_confirm_real_transients_and_no_fakes_or_cosmic_rays()
    {
        var objects = Dia.Objects;
        Assert.Equal(Dia.Sources.Count, objects.Sum(o => o.Sources.Count));
        Assert.All(Dia.Sources, c => Assert.Contains(c, Dia.ObjectOf(c).Sources));
        var confirmed = objects.Where(o => o.IsConfirmedTransient()).ToList();
        Assert.DoesNotContain(confirmed, o => o.Sources.All(c => c.Kind == CandidateKind.CosmicRay));
        // Fakes make a light curve only by chance (the catalogues of the visits are drawn independently); the
        // confirmation only looks at sources labelled "real" anyway. These fields make 10 % of the galaxies hosts.
        var injected = Dia.Sources.Count(c => c.IsInjected);
        var confirmedFakes = confirmed.Where(o => o.Sources.All(c => c.IsInjected)).Sum(o => o.Sources.Count);
        Assert.True(confirmedFakes <= 0.2 * injected, $"{confirmedFakes} of {injected} injected sources have light curves");
        // Every real transient detected on two visits or more is confirmed.
        var multi = Dia.Sources.Where(c => c.Kind == CandidateKind.RealTransient).GroupBy(c => (c.Field, c.TruthId))
                               .Where(g => g.Select(c => c.Visit).Distinct().Count() >= 2).ToList();
        Assert.NotEmpty(multi);
        foreach (var g in multi)
            Assert.Contains(confirmed, o => o.Sources.Any(c => c.Kind == CandidateKind.RealTransient && (c.Field, c.TruthId) == g.Key));
        // A light curve has one forced point per visit, on the visits' dates.
        Assert.All(objects, o => Assert.Equal(Small.Visits, o.Flux.Length));
        Assert.All(objects, o => Assert.Equal(Fields[o.Field].Visits.Select(v => v.Mjd), o.Mjd));
    }

    [Fact]
    public void Fake_catalogues_are_per_visit_csv_files_with_sky_positions()
    {
        var fakes = Fields.Fakes();
        Assert.Equal(Fields.Sum(f => f.Fakes.Count), fakes.Rows.Count);
        var dir = NotebookLib.Tests.Support.Repo.TempDir("nb03-fakes");
        var paths = Fields.WriteFakeCsv(dir);
        Assert.Equal(Fields.Sum(f => f.FakeVisit.Distinct().Count()), paths.Count);
        var lines = paths.SelectMany(p => File.ReadAllLines(p).Skip(1)).ToList();
        Assert.Equal(Fields.Sum(f => f.Fakes.Count), lines.Count);
        var header = File.ReadAllLines(paths[0])[0].Split(',');
        foreach (var col in new[] { "field", "visit", "band", "x", "y", "ra", "dec", "mag", "host_id" }) Assert.Contains(col, header);
        // RA/Dec: a TAN projection, 0.168"/px; a pixel step of 100 along y is 16.8" of declination.
        var f0 = Fields[0];
        var (ra0, dec0) = f0.PixelToSky(100, 100);
        var (ra1, dec1) = f0.PixelToSky(100, 200);
        Assert.Equal(16.8 / 3600, dec1 - dec0, 1e-6);
        Assert.Equal(ra0, ra1, 1e-6);
        Assert.True(f0.PixelToSky(200, 100).Ra < ra0, "east is to the left");
        // Each visit's catalogue is drawn on its own: every visit has fakes, and their hosts differ from visit to visit.
        foreach (var f in Fields)
        {
            Assert.Equal(Small.Visits, f.FakeVisit.Distinct().Count());
            var hosts = Enumerable.Range(0, Small.Visits).Select(v => f.Fakes.Where(k => f.FakeVisit[k.Id] == v).Select(k => k.HostId).ToHashSet()).ToList();
            Assert.Contains(Enumerable.Range(1, Small.Visits - 1), v => !hosts[v].SetEquals(hosts[0]));
        }
    }
}
