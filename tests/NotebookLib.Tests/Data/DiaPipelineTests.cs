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
                // Detection does not deblend: a fake within 15 px of anything else that changed shares its footprint, and the peak is the brighter one's.
                if (f.Visits[v].Truth.Any(t => !(t.Kind == CandidateKind.InjectedFake && t.Id == fake.Id) && t.DistanceTo(fake.X, fake.Y) < 15)) continue;
                Assert.True(s.Any(c => c.Field == f.FieldId && c.IsInjected && c.TruthId == fake.Id), $"fake {fake} missed; near it: " +
                    string.Join("; ", s.Where(c => c.Field == f.FieldId && c.Visit == v && Math.Abs(c.X - fake.X) + Math.Abs(c.Y - fake.Y) < 12).Select(c => $"{c.Kind} {c.TruthId} at ({c.X}, {c.Y}) SNR {c.Snr:F1}")));
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

/// <summary>Fields made in three bands without their fakes, then injected by the library call.</summary>
public class FakeInjectionTests
{
    static readonly HscTransientOptions Options = new()
    {
        Width = 200,
        Height = 200,
        Visits = 6,
        Stars = 25,
        Galaxies = 110,
        RealTransients = 2,
        HostFraction = 0.15,
        Bands = ["g", "r", "i"],
        InjectFakes = false,
    };
    static readonly IReadOnlyList<HscTransientField> Bare = HscTransientGenerator.GenerateFields(2, Options, 21);
    static readonly IReadOnlyList<HscTransientField> Injected = Bare.InjectFakes(seed: 21);

    [Fact]
    public void Visits_cycle_through_the_bands_each_with_its_template_and_fake_catalogue()
    {
        var f = Bare[0];
        Assert.Equal(["g", "r", "i"], f.Bands);
        Assert.Equal(["HSC-G", "HSC-R2", "HSC-I2", "HSC-G", "HSC-R2", "HSC-I2"], f.Visits.Select(v => v.Header.GetString("FILTER")));
        Assert.Equal(3, f.Templates.Count);
        // Stars and galaxies are redder than flat: the g template holds less light than the i template.
        Assert.True(f.Templates[0].Pixels.Sum(p => (double)p) < f.Templates[2].Pixels.Sum(p => (double)p));
        Assert.False(f.FakesInjected);
        var csv = Bare.Fakes();
        Assert.Equal(["HSC-G", "HSC-I2", "HSC-R2"], Enumerable.Range(0, (int)csv.Rows.Count).Select(i => (string)csv["band"][i]).Distinct().Order());
        // A hosted fake's magnitude is drawn from its host's magnitude in the visit's band.
        foreach (var k in f.Fakes.Where(k => !k.HostLess))
        {
            var m = f.Sources[k.HostId].MagnitudeIn(f.Visits[f.FakeVisit[k.Id]].Band);
            Assert.InRange(k.Magnitude, m - 1, m + 3);
        }
        Assert.Throws<InvalidOperationException>(() => Injected[0].InjectFakes(1));
    }

    [Fact]
    public void Injection_changes_only_the_pixels_around_the_fakes_and_forced_photometry_recovers_their_flux()
    {
        for (var fi = 0; fi < Bare.Count; fi++)
        {
            var (bare, inj) = (Bare[fi], Injected[fi]);
            Assert.True(inj.FakesInjected);
            for (var v = 0; v < bare.Visits.Count; v++)
            {
                var fakes = bare.Fakes.Where(k => bare.FakeVisit[k.Id] == v).ToList();
                var changed = Enumerable.Range(0, bare.Width * bare.Height).Where(i => inj.Visits[v].Science.Pixels[i] != bare.Visits[v].Science.Pixels[i]).ToList();
                var sigma = bare.Visits[v].PsfSigma;
                Assert.All(changed, i => Assert.Contains(fakes, k => Math.Abs(k.X - i % bare.Width) <= 5 * sigma + 2 && Math.Abs(k.Y - i / bare.Width) <= 5 * sigma + 2));
                // Forced PSF photometry on the difference of the injected and the bare exposure gives each fake's flux
                // (within 4σ of its photon noise; overlapping fakes excepted).
                var diff = new NotebookLib.Imaging.Image(bare.Width, bare.Height, inj.Visits[v].Science.Pixels.Select((p, i) => p - bare.Visits[v].Science.Pixels[i]).ToArray());
                var variance = new NotebookLib.Imaging.Image(bare.Width, bare.Height, inj.Visits[v].ScienceVariance!.Pixels.Select((p, i) => p - bare.Visits[v].ScienceVariance!.Pixels[i] + 1e-3f).ToArray());
                foreach (var k in fakes.Where(k => fakes.All(o => o == k || Math.Abs(o.X - k.X) + Math.Abs(o.Y - k.Y) > 10 * sigma)))
                {
                    var flux = Math.Pow(10, -0.4 * (k.Magnitude - inj.ZeroPoint));
                    var (measured, error) = NotebookLib.Imaging.ForcedPhotometry.PsfFlux(diff, variance, k.X, k.Y, sigma);
                    Assert.InRange(measured, flux - 4 * error - 1, flux + 4 * error + 1);
                }
            }
        }
    }

    [Fact]
    public void The_pipeline_finds_the_injected_fakes_on_each_bands_difference_images()
    {
        var dia = DiaPipeline.Run(Injected);
        Assert.DoesNotContain(DiaPipeline.Run(Bare).Sources, s => s.IsInjected);
        foreach (var band in new[] { "g", "r", "i" })
            Assert.Contains(dia.Sources, s => s.IsInjected && Injected[s.Field].Visits[s.Visit].Band == band);
        // Every fake brighter than 22.5 mag (SNR ≫ 5 at any seeing) away from anything else that changed is detected.
        foreach (var f in Injected)
            foreach (var k in f.Fakes.Where(k => k.Magnitude < 22.5))
            {
                var v = f.FakeVisit[k.Id];
                // Detection does not deblend: a fake within 15 px of anything else that changed shares its footprint, and the peak is the brighter one's.
                if (f.Visits[v].Truth.Any(t => !(t.Kind == CandidateKind.InjectedFake && t.Id == k.Id) && t.DistanceTo(k.X, k.Y) < 15)) continue;
                Assert.True(dia.Sources.Any(s => s.Field == f.FieldId && s.IsInjected && s.TruthId == k.Id), $"fake {k} missed in band {f.Visits[v].Band}; near it: " +
                    string.Join("; ", dia.Sources.Where(c => c.Field == f.FieldId && c.Visit == v && Math.Abs(c.X - k.X) + Math.Abs(c.Y - k.Y) < 12).Select(c => $"{c.Kind} {c.TruthId} at ({c.X}, {c.Y}) SNR {c.Snr:F1}")));
            }
    }

    [Fact]
    public void Extendedness_is_measured_on_the_template_pixels_and_separates_stars_from_large_galaxies()
    {
        var sources = Bare.SelectMany(f => f.Sources).ToList();
        Assert.All(sources, s => Assert.Equal(s.PsfModelFluxRatio < Options.ExtendednessCriterion ? 1 : 0, s.Extendedness));
        var f0 = Bare[0];
        var r = f0.Templates[f0.Bands.ToList().IndexOf("r")];
        var sky = r.Pixels.Order().ElementAt(r.Count / 2);
        var s0 = f0.Sources[0];
        Assert.Equal(NotebookLib.Imaging.Moments.PsfModelRatio(r, s0.X, s0.Y, f0.TemplatePsfSigma, sky), s0.PsfModelFluxRatio, 1e-9);
        var brightStars = sources.Where(s => !s.IsGalaxy && s.Magnitude < 22).ToList();
        var bigGalaxies = sources.Where(s => s.IsGalaxy && s.SemiMajorAxis > 3 && s.Magnitude < 23).ToList();
        Assert.True(brightStars.Count(s => s.Extendedness == 0) >= 0.85 * brightStars.Count, $"{brightStars.Count(s => s.Extendedness == 0)} of {brightStars.Count} bright stars point-like");
        Assert.True(bigGalaxies.Count(s => s.Extendedness == 1) >= 0.9 * bigGalaxies.Count, $"{bigGalaxies.Count(s => s.Extendedness == 1)} of {bigGalaxies.Count} big galaxies extended");
    }
}
