using NotebookLib.Data;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Data;

public class HscTransientTests
{
    static readonly HscTransientOptions Small = new() { Width = 256, Height = 256, Visits = 4, Stars = 25, Galaxies = 120, RealTransients = 2 };
    static readonly IReadOnlyList<HscTransientField> Fields = HscTransientGenerator.GenerateFields(6, Small with { HostFraction = 0.2 }, 3);

    [Fact]
    public void Fake_catalogue_follows_talk_002_hosts_offsets_magnitudes_and_host_less_share()
    {
        var rng = new Rng(11UL);
        // 20 000 sources, 70 % extended, big semi-major axes far from the edges so clamping never acts.
        var sources = Enumerable.Range(0, 20000).Select(i => new HscSource(i, 5000, 5000, rng.Uniform(19, 24), true,
            rng.Uniform(2, 10), 0.7, 0, 1, 0.5, rng.Bernoulli(0.7) ? 1 : 0)).ToList();
        var fakes = FakeTransientCatalogue.Make(sources, 10000, 10000, rng);
        var hosted = fakes.Where(f => !f.HostLess).ToList();
        var extended = sources.Count(s => s.Extendedness == 1);
        Assert.InRange(hosted.Count, 0.03 * extended - 4 * Math.Sqrt(0.03 * extended), 0.03 * extended + 4 * Math.Sqrt(0.03 * extended));
        Assert.All(hosted, f => Assert.Equal(1, sources[f.HostId].Extendedness));
        Assert.Equal(hosted.Count, hosted.Select(f => f.HostId).Distinct().Count());
        Assert.All(hosted, f => Assert.InRange(f.Magnitude, sources[f.HostId].Magnitude - 1, sources[f.HostId].Magnitude + 3));
        Assert.Equal(1.0, hosted.Average(f => f.Magnitude - sources[f.HostId].Magnitude), 0.2); // mean of U(-1, 3)
        // Offsets / a are N(0, 1) in each axis.
        var z = hosted.SelectMany(f => new[] { f.OffsetX / sources[f.HostId].SemiMajorAxis, f.OffsetY / sources[f.HostId].SemiMajorAxis }).ToList();
        Assert.Equal(0, z.Average(), 0.1);
        Assert.Equal(1, Math.Sqrt(z.Average(v => v * v)), 0.1);
        Assert.Equal(0.05, fakes.Count(f => f.HostLess) / (double)fakes.Count, 0.015);
        Assert.All(fakes.Where(f => f.HostLess), f => Assert.Equal(0, f.OffsetX));
    }

    [Fact]
    public void Extendedness_separates_stars_from_resolved_galaxies()
    {
        var sources = Fields.SelectMany(f => f.Sources).ToList();
        var stars = sources.Where(s => !s.IsGalaxy && s.Magnitude < 22).ToList();
        var bigGalaxies = sources.Where(s => s.IsGalaxy && s.SemiMajorAxis > 3 && s.Magnitude < 23).ToList();
        // Measured on the template's pixels: noise and neighbours (these fields are crowded) scatter some stars below the criterion.
        Assert.True(stars.Count(s => s.Extendedness == 0) >= 0.8 * stars.Count, $"{stars.Count(s => s.Extendedness == 0)} of {stars.Count} stars point-like");
        Assert.True(bigGalaxies.Count(s => s.Extendedness == 1) >= 0.9 * bigGalaxies.Count, $"{bigGalaxies.Count(s => s.Extendedness == 1)} of {bigGalaxies.Count} big galaxies extended; missed: " +
            string.Join("; ", bigGalaxies.Where(s => s.Extendedness == 0).Take(8).Select(s => $"m {s.Magnitude:F1} a {s.SemiMajorAxis:F1} q {s.AxisRatio:F2} n {s.SersicIndex:F1} ratio {s.PsfModelFluxRatio:F2}")));
    }

    [Fact]
    public void Same_seed_same_field()
    {
        var a = HscTransientGenerator.Generate(Small, 5);
        var b = HscTransientGenerator.Generate(Small, 5);
        Assert.Equal(a.Template.Pixels, b.Template.Pixels);
        Assert.Equal(a.Visits[2].Difference.Pixels, b.Visits[2].Difference.Pixels);
        Assert.Equal(a.Fakes, b.Fakes);
        Assert.NotEqual(a.Template.Pixels, HscTransientGenerator.Generate(Small, 6).Template.Pixels);
    }

    [Fact]
    public void Candidates_have_centred_cutouts_snr_and_every_kind_of_bogus()
    {
        var all = Fields.SelectMany(f => f.Candidates).ToList();
        // Every kind the generator makes (Unmatched is the DIA pipeline's: a detection near nothing it made).
        foreach (var kind in Enum.GetValues<CandidateKind>().Where(k => k != CandidateKind.Unmatched)) Assert.Contains(all, c => c.Kind == kind);
        foreach (var f in Fields)
            foreach (var c in f.Candidates)
            {
                Assert.Equal((30, 30), (c.Cutout.Width, c.Cutout.Height));
                Assert.True(c.Snr >= 5);
                var d = f.Visits[c.Visit].Difference;
                Assert.Equal(d[(int)Math.Round(c.X), (int)Math.Round(c.Y)], c.Cutout[15, 15]);
            }
        // Fakes appear only in the visit they were injected into.
        foreach (var f in Fields)
            Assert.All(f.Candidates.Where(c => c.IsInjected), c => Assert.Equal(f.FakeVisit[c.TruthId], c.Visit));
        var ds = all.ToDataset();
        Assert.Equal([1, 30, 30], ds.SampleShape);
        Assert.Equal(all.Count(c => c.IsInjected), ds.Labels().Count(l => l == 1));
        var first = ds.Get(0);
        Assert.Equal(0f, first.Min());
        Assert.Equal(1f, first.Max());
    }

    [Fact]
    public void Real_transients_have_light_curves_and_are_found_in_several_visits()
    {
        Assert.Equal(22.0, HscTransientGenerator.SupernovaMagnitude(22.0, 0), 2);
        Assert.True(HscTransientGenerator.SupernovaMagnitude(22.0, 30) > 22.9);
        Assert.True(double.IsPositiveInfinity(HscTransientGenerator.SupernovaMagnitude(22.0, -60)));
        var reals = Fields.SelectMany(f => f.RealTransients).ToList();
        Assert.All(reals, r => Assert.Equal(4, r.MagnitudeAtVisit.Length));
        Assert.Contains(reals, r => r.MagnitudeAtVisit.Where(double.IsFinite).Distinct().Count() >= 3);
        Assert.Contains(Fields, f => f.Candidates.Where(c => c.Kind == CandidateKind.RealTransient).GroupBy(c => c.TruthId).Any(g => g.Count() >= 2));
    }

    [Fact]
    public void Matching_across_visits_finds_the_light_curves_of_real_transients_and_no_fakes()
    {
        foreach (var f in Fields)
        {
            var groups = f.Candidates.MatchAcrossVisits(radius: 1.5, minVisits: 2);
            // Each fake is injected into one visit and cosmic rays hit once: on their own they make no light curve.
            // Fakes of different visits meet only by chance (the catalogues are drawn independently: one host
            // drawn again, neighbouring hosts, fakes clamped onto the margin). These fields make 20 % of the
            // galaxies hosts, so chance is not rare, but most fakes stay alone.
            var fakes = f.Candidates.Count(c => c.IsInjected);
            var grouped = groups.Where(g => g.All(c => c.IsInjected)).Sum(g => g.Count);
            Assert.True(grouped <= 0.3 * fakes, $"{grouped} of {fakes} fakes make light curves");
            // Two cosmic rays of different visits within 1.5 px happen by chance (about one field in six here), no more.
            Assert.True(groups.Count(g => g.All(c => c.Kind == CandidateKind.CosmicRay)) <= 1);
            foreach (var real in f.Candidates.Where(c => c.Kind == CandidateKind.RealTransient).GroupBy(c => c.TruthId).Where(g => g.Count() >= 2))
                Assert.Contains(groups, g => real.All(c => g.Contains(c)));
            Assert.All(groups, g => Assert.Equal(g.OrderBy(c => c.Visit).Select(c => c.Visit), g.Select(c => c.Visit)));
        }
        Assert.Contains(Fields, f => f.Candidates.MatchAcrossVisits(1.5).Any(g => g.All(c => c.Kind == CandidateKind.RealTransient)));
    }

    [Fact]
    public void Psf_snr_matches_the_matched_filter_closed_form()
    {
        // A noiseless Gaussian of flux F on constant variance V: SNR = F Σp² / (2πσ² sqrt(V Σp²)) → F / sqrt(4πσ² V).
        int w = 64, h = 64;
        double sigma = 2.0, flux = 5000, variance = 100;
        var img = new float[w * h];
        Render.Gaussian(img, w, h, 32, 32, flux, sigma);
        var snr = HscTransientGenerator.PsfSnr(new Image(w, h, img), Image.Filled(w, h, (float)variance), 32, 32, sigma);
        Assert.Equal(flux / Math.Sqrt(4 * Math.PI * sigma * sigma * variance), snr, 0.02 * snr);
    }

    [Fact]
    public void Visits_carry_calexp_like_headers_and_sky_noise()
    {
        var f = Fields[0];
        var v = f.Visits[1];
        Assert.Equal("Hyper Suprime-Cam", v.Header.GetString("INSTRUME"));
        Assert.Equal(v.SeeingArcsec, v.Header.GetDouble("SEEING"), 4);
        Assert.Equal(Math.Pow(10, 0.4 * 33), v.Header.GetDouble("FLUXMAG0"), 1e-6);
        // The difference image is consistent with its variance plane: the normalised residuals have a
        // robust σ (1.4826 MAD, insensitive to cosmic rays and transients) of 1.
        var z = v.Difference.Pixels.Select((d, i) => d / Math.Sqrt(v.Variance.Pixels[i])).Order().ToArray();
        var med = z[z.Length / 2];
        var mad = z.Select(x => Math.Abs(x - med)).Order().ElementAt(z.Length / 2);
        Assert.Equal(0, med, 0.05);
        Assert.Equal(1.0, 1.4826 * mad, 0.05);
    }
}
