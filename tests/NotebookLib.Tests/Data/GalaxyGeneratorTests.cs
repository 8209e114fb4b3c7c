using System.Text.Json;
using NotebookLib.Data;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Data;

public class GalaxyGeneratorTests
{
    [Fact]
    public void Sersic_profile_matches_astropy_Sersic2D()
    {
        int w = 61, h = 51;
        double x = 30.3, y = 24.6, re = 7, n = 2.5, q = 0.6, pa = 0.5;
        var img = new float[w * h];
        Render.Sersic(img, w, h, x, y, 1.0, re, n, q, pa, psfSigma: 0);
        var bn = Render.SersicB(n);
        var total = 2 * Math.PI * q * re * re * n * Math.Exp(bn) * Math.Pow(bn, -2 * n) * MathNet.Numerics.SpecialFunctions.Gamma(2 * n);
        var expected = JsonSerializer.Deserialize<double[]>(Repo.RunPython("""
            import sys, json, numpy as np
            from astropy.modeling.models import Sersic2D
            w, h, x, y, re, n, q, pa = map(float, sys.argv[1:])
            yy, xx = np.mgrid[0:int(h), 0:int(w)]
            m = Sersic2D(amplitude=1, r_eff=re, n=n, x_0=x, y_0=y, ellip=1 - q, theta=pa)
            print(json.dumps(m(xx, yy).ravel().tolist()))
            """, $"{w}", $"{h}", $"{x}", $"{y}", $"{re}", $"{n}", $"{q}", $"{pa}"))!;
        for (var i = 0; i < img.Length; i++)
            Assert.Equal(expected[i], img[i] * total, 2e-3 * expected[i] + 1e-6);
    }

    [Fact]
    public void Cfis_artifacts_come_at_their_rates_and_show_what_they_are()
    {
        var o = new CfisGalaxyOptions { Count = 1500, Size = 48, EdgeGapRate = 0.1, ZeroFluxRate = 0.1, BleedTrailRate = 0.1 };
        var set = CfisGalaxyGenerator.Generate(o, 8);
        Assert.Equal(1500 * 48 * 48, set.Images.Length);
        foreach (var (flag, rate) in new[] { (CfisArtifact.EdgeGap, 0.1), (CfisArtifact.ZeroFlux, 0.1), (CfisArtifact.BleedTrail, 0.1),
                                             (CfisArtifact.SatelliteTrail, 0.03), (CfisArtifact.BrightStarHalo, 0.05) })
        {
            var count = set.Artifacts.Count(a => a.HasFlag(flag));
            var sd = Math.Sqrt(1500 * rate * (1 - rate));
            Assert.InRange(count, 1500 * rate - 4 * sd, 1500 * rate + 4 * sd);
        }
        for (var i = 0; i < set.Count; i++)
        {
            var zeros = 0;
            foreach (var v in set.Image(i).Pixels) if (v == 0f) zeros++;
            var zeroed = (set.Artifacts[i] & (CfisArtifact.EdgeGap | CfisArtifact.ZeroFlux)) != 0;
            // Sky noise never gives exact zeros; a mask is at least (n/6)² pixels, an edge gap n/10 rows or columns.
            Assert.True(zeroed ? zeros >= 8 * 8 : zeros == 0, $"image {i} ({set.Artifacts[i]}): {zeros} zero pixels");
        }
        Assert.Equal(set.Images, CfisGalaxyGenerator.Generate(o, 8).Images);
        Assert.Equal("CFHT", set.Header.GetString("TELESCOP"));
        var ds = set.ToDataset();
        Assert.Equal([1, 48, 48], ds.SampleShape);
        Assert.Equal(set.Artifacts.Count(a => a != 0), ds.Labels().Sum());
    }

    [Fact]
    public void Bleed_trails_reach_saturation_along_a_column()
    {
        var set = CfisGalaxyGenerator.Generate(new CfisGalaxyOptions { Count = 200, Size = 64, BleedTrailRate = 0.5 }, 2);
        var sat = 3000f;
        for (var i = 0; i < set.Count; i++)
        {
            var img = set.Image(i).Pixels;
            // The longest run of consecutive pixels at or above saturation in any column.
            var longest = 0;
            for (var c = 0; c < 64; c++)
                for (int r = 0, run = 0; r < 64; r++) { run = img[r * 64 + c] >= sat ? run + 1 : 0; longest = Math.Max(longest, run); }
            if (set.Artifacts[i].HasFlag(CfisArtifact.BleedTrail) && !set.Artifacts[i].HasFlag(CfisArtifact.EdgeGap) && !set.Artifacts[i].HasFlag(CfisArtifact.ZeroFlux))
                Assert.True(longest >= 8, $"image {i}: longest saturated run {longest}");
            if (set.Artifacts[i] == CfisArtifact.None) Assert.True(longest < 6, $"clean image {i} has a run of {longest} saturated pixels in a column");
        }
    }

    [Fact]
    public void Galaxy_cutouts_are_three_band_with_rare_labelled_anomalies_and_colours_by_type()
    {
        var o = new GalaxyCutoutOptions { Count = 3000, Size = 32 };
        var set = GalaxyCutoutGenerator.Generate(o, 4);
        Assert.Equal(3000 * 3 * 32 * 32, set.Images.Length);
        var anomalies = set.Anomalies.Count(a => a != GalaxyAnomaly.None);
        Assert.InRange(anomalies, 60 - 4 * 8, 60 + 4 * 8);  // 2 % of 3000, binomial σ ≈ 7.7
        foreach (var a in Enum.GetValues<GalaxyAnomaly>()) Assert.Contains(a, set.Anomalies);
        Assert.All(Enumerable.Range(0, set.Count).Where(i => set.Anomalies[i] == GalaxyAnomaly.Lens), i => Assert.Equal(GalaxyMorphology.Elliptical, set.Morphologies[i]));
        double Ratio(int i) // z / g flux of the central region
        {
            var (gImage, zImage) = (set.Image(i, 0), set.Image(i, 2));
            double g = 0, z = 0;
            for (var r = 12; r < 20; r++) for (var c = 12; c < 20; c++) { g += gImage[c, r]; z += zImage[c, r]; }
            return z / g;
        }
        var ell = Enumerable.Range(0, set.Count).Where(i => set.Anomalies[i] == 0 && set.Morphologies[i] == GalaxyMorphology.Elliptical).Select(Ratio).Average();
        var spi = Enumerable.Range(0, set.Count).Where(i => set.Anomalies[i] == 0 && set.Morphologies[i] == GalaxyMorphology.Spiral).Select(Ratio).Average();
        Assert.True(ell > 2.5 && spi < 2.0 && spi > 0.8, $"z/g: ellipticals {ell}, spirals {spi}");
        var g2 = GalaxyCutoutGenerator.Generate(o with { Count = 10 }, 4);
        Assert.Equal(set.Images.AsSpan(0, 10 * 3 * 1024).ToArray(), g2.Images);
        Assert.Equal([3, 32, 32], set.ToDataset().SampleShape);
    }

    [Fact]
    public void Galaxy_cutouts_carry_their_truth_and_plant_blends_and_stars_at_the_rates_asked()
    {
        var o = new GalaxyCutoutOptions { Count = 800, Size = 48 }.WithAnomalyRatesTimes(5);
        var set = GalaxyCutoutGenerator.Generate(o, 7);
        var oddities = set.Anomalies.Count(a => a != GalaxyAnomaly.None);
        Assert.InRange(oddities, 80 - 3 * 8, 80 + 3 * 8);    // 10 % of 800
        Assert.Contains(GalaxyAnomaly.Blend, set.Anomalies);
        Assert.Contains(GalaxyAnomaly.Star, set.Anomalies);
        Assert.Equal(set.Count, set.Flux.Length);
        Assert.All(set.EffectiveRadius, r => Assert.InRange(r, 1, 0.14 * 48));
        Assert.All(set.AxisRatio, q => Assert.InRange(q, 0.35, 1));
        // Kinds name the oddity, or the morphology of a nominal galaxy.
        var kinds = set.Kinds;
        Assert.All(Enumerable.Range(0, set.Count), i => Assert.Equal(set.Anomalies[i] == GalaxyAnomaly.None ? set.Morphologies[i].ToString() : set.Anomalies[i].ToString(), kinds[i]));
        // A star is a point source: its measured half-light radius is the PSF's, far below a galaxy's of the same flux.
        var star = Array.IndexOf(set.Anomalies, GalaxyAnomaly.Star);
        var m = set.Image(star, 1).Measure(threshold: 0.06);
        Assert.InRange(m.HalfLightRadius, 0.5, 3.5);
        // The truth flux and radius rank the nominal galaxies as their measured r-band flux and half-light radius do.
        var nominal = Enumerable.Range(0, set.Count).Where(i => set.Anomalies[i] == GalaxyAnomaly.None).ToArray();
        var measured = nominal.Select(i => set.Image(i, 1).Measure(threshold: 0.06)).ToArray();
        var fluxRho = NotebookLib.Analysis.Metrics.Spearman(nominal.Select(i => set.Flux[i]).ToArray(), measured.Select(g => g.Flux).ToArray());
        var radiusRho = NotebookLib.Analysis.Metrics.Spearman(nominal.Select(i => set.EffectiveRadius[i]).ToArray(), measured.Select(g => g.HalfLightRadius).ToArray());
        Assert.True(fluxRho > 0.8 && radiusRho > 0.6, $"Spearman ρ of truth and measurement: flux {fluxRho}, radius {radiusRho}");
    }
}
