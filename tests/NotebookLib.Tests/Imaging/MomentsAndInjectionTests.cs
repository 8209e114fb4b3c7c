using System.Globalization;
using System.Text.Json.Nodes;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Imaging;

/// <summary>Gaussian-weighted moments against numpy on the same arrays, the extendedness measurement on
/// Gaussian sources of known size, and injection recovered by forced photometry.</summary>
public class MomentsAndInjectionTests
{
    static Image Gaussian(int w, int h, double cx, double cy, double flux, double sx, double sy, double sky = 0)
    {
        var p = new float[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                p[y * w + x] = (float)(sky + flux / (2 * Math.PI * sx * sy) * Math.Exp(-(x - cx) * (x - cx) / (2 * sx * sx) - (y - cy) * (y - cy) / (2 * sy * sy)));
        return new Image(w, h, p);
    }

    [Fact]
    public void Weighted_moments_match_numpy_on_the_same_pixels()
    {
        var scene = Inputs.Scene(61, 47, seed: 11, blobs: 6);
        var positions = new[] { (20.3, 17.8, 2.5), (40.0, 30.0, 3.0), (3.2, 44.1, 2.0), (58.7, 2.4, 4.0) };
        var dir = Repo.TempDir("moments-oracle");
        File.WriteAllBytes(Path.Combine(dir, "scene.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(scene.Pixels.AsSpan()).ToArray());
        const string script = """
import json, os, sys
import numpy as np
img = np.fromfile(os.path.join(sys.argv[1], "scene.f32"), dtype=np.float32).reshape(47, 61).astype(np.float64) - 10.0
out = []
for x, y, s in json.loads(sys.argv[2]):
    r = int(np.ceil(4 * s)); cx, cy = int(round(x)), int(round(y))
    ys, xs = np.mgrid[max(0, cy - r):min(46, cy + r) + 1, max(0, cx - r):min(60, cx + r) + 1]
    dx, dy = xs - x, ys - y
    v = np.exp(-(dx * dx + dy * dy) / (2 * s * s)) * img[ys, xs]
    f = v.sum(); mx = (v * dx).sum() / f; my = (v * dy).sum() / f
    ixx = (v * (dx - mx) ** 2).sum() / f; iyy = (v * (dy - my) ** 2).sum() / f; ixy = (v * (dx - mx) * (dy - my)).sum() / f
    out.append(dict(flux=f, x=x + mx, y=y + my, ixx=ixx, iyy=iyy, ixy=ixy))
print(json.dumps(out))
""";
        var arg = "[" + string.Join(",", positions.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.Item1},{p.Item2},{p.Item3}]"))) + "]";
        var expected = JsonNode.Parse(Repo.RunPython(script, dir, arg))!.AsArray();
        for (var k = 0; k < positions.Length; k++)
        {
            var (x, y, s) = positions[k];
            var m = Moments.Weighted(scene, x, y, s, background: 10);
            var e = expected[k]!;
            void Near(string name, double actual) => Assert.Equal((double)e[name]!, actual, 1e-4 * Math.Max(1, Math.Abs((double)e[name]!)));
            Near("flux", m.Flux); Near("x", m.X); Near("y", m.Y); Near("ixx", m.Ixx); Near("iyy", m.Iyy); Near("ixy", m.Ixy);
        }
    }

    [Fact]
    public void The_extendedness_measurement_is_one_for_the_psf_and_falls_with_a_sources_size()
    {
        const double psf = 1.3;
        // A point source gives 1; a Gaussian galaxy of σ_g seen through the PSF (σ² = σ_psf² + σ_g²) gives 2σ_psf² / (2σ_psf² + σ_g²).
        Assert.Equal(1.0, Moments.PsfModelRatio(Gaussian(41, 41, 20.2, 19.7, 5000, psf, psf, sky: 50), 20.2, 19.7, psf, background: 50), 0.005);
        foreach (var g in new[] { 0.8, 1.5, 3.0 })
        {
            var s = Math.Sqrt(psf * psf + g * g);
            var expected = 2 * psf * psf / (2 * psf * psf + g * g);
            Assert.Equal(expected, Moments.PsfModelRatio(Gaussian(61, 61, 30.4, 30.1, 5000, s, s), 30.4, 30.1, psf), 0.01);
        }
        // An elliptical source: the mean of its axes' σ².
        var m = Moments.Weighted(Gaussian(61, 61, 30, 30, 5000, 2.0, 1.0), 30, 30, 2.6);
        Assert.True(m.Ixx > 2 * m.Iyy);
        Assert.Equal(0, m.Ixy, 1e-6);
        Assert.True(double.IsNaN(Moments.Weighted(new Image(20, 20, new float[400]), 10, 10, 2).SourceSigma2));
    }

    [Fact]
    public void Injected_point_sources_are_recovered_by_forced_photometry()
    {
        const int w = 120, h = 90;
        const double psf = 1.8, sky = 400;
        var rng = new Random(5);
        var noise = new float[w * h];
        for (var i = 0; i < noise.Length; i++)
            noise[i] = (float)(sky + Math.Sqrt(sky) * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var exposure = new Image(w, h, noise);
        var variance = Image.Filled(w, h, (float)sky);
        var fakes = new[] { new PointSource(20.3, 30.6, 5000), new PointSource(70.0, 45.5, 20000), new PointSource(100.8, 70.2, 1500) };

        // Without noise the PSF model itself is added: forced photometry on the difference returns each flux to 0.5 %.
        var exact = Injection.Inject(exposure, variance, fakes, psf, seed: 1, photonNoise: false);
        var added = new Image(w, h, exact.Image.Pixels.Select((p, i) => p - exposure.Pixels[i]).ToArray());
        foreach (var f in fakes)
            Assert.Equal(f.Flux, ForcedPhotometry.PsfFlux(added, variance, f.X, f.Y, psf).Flux, 0.005 * f.Flux);
        Assert.Equal(fakes.Sum(f => f.Flux), added.Pixels.Sum(p => (double)p), 0.01 * fakes.Sum(f => f.Flux));

        // With the photon noise on the sky exposure: sky-subtracted forced photometry gives each flux within 4 of its errors,
        // the variance plane gains the source counts, and the input exposure is unchanged.
        var before = (float[])exposure.Pixels.Clone();
        var noisy = Injection.Inject(exposure, variance, fakes, psf, seed: 2);
        Assert.Equal(before, exposure.Pixels);
        var skySubtracted = new Image(w, h, noisy.Image.Pixels.Select(p => (float)(p - sky)).ToArray());
        foreach (var f in fakes)
        {
            var (flux, error) = ForcedPhotometry.PsfFlux(skySubtracted, noisy.Variance, f.X, f.Y, psf);
            Assert.InRange(flux, f.Flux - 4 * error, f.Flux + 4 * error);
        }
        var model = 20000 / (2 * Math.PI * psf * psf) * Math.Exp(-0.25 / (2 * psf * psf));
        Assert.Equal(sky + model, noisy.Variance[70, 45], 1e-3 * model);
        Assert.Throws<ArgumentException>(() => Injection.Inject(exposure, Image.Filled(10, 10, 1), fakes, psf, 1));
    }
}
