using System.Text.Json.Nodes;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Imaging;

/// <summary>
/// scipy.ndimage on the same arrays, run once: gaussian_filter (mode "reflect", truncate 4) for the
/// PSF matching, correlate1d with the squared kernel for the variance, and gaussian_filter, label,
/// maximum_position, center_of_mass for the matched-filter detection.
/// </summary>
public sealed class DiaOracle
{
    public const int W = 131, H = 97;   // not square, not a multiple of anything
    public const double ScienceSigma = 2.3, TemplateSigma = 1.3;
    public string Dir { get; } = Repo.TempDir("dia-oracle");
    public Image Science { get; }
    public Image Template { get; }
    public Image ScienceVariance { get; }
    public Image TemplateVariance { get; }
    public JsonNode Json { get; }

    public DiaOracle()
    {
        var rng = new Random(17);
        double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var stars = Enumerable.Range(0, 25).Select(_ => (x: rng.NextDouble() * W, y: rng.NextDouble() * H, f: 2000 + 30000 * rng.NextDouble())).ToList();
        var transients = Enumerable.Range(0, 8).Select(_ => (x: 5 + rng.NextDouble() * (W - 10), y: 5 + rng.NextDouble() * (H - 10), f: 800 + 4000 * rng.NextDouble())).ToList();
        float[] sci = new float[W * H], tpl = new float[W * H], sv = new float[W * H], tv = new float[W * H];
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
            {
                double s = 100, t = 100;
                foreach (var (sx, sy, f) in stars)
                {
                    s += Blob(x, y, sx + 0.05, sy, f, ScienceSigma);   // slightly misregistered: dipoles
                    t += Blob(x, y, sx, sy, f, TemplateSigma);
                }
                foreach (var (sx, sy, f) in transients) s += Blob(x, y, sx, sy, f, ScienceSigma);
                var i = y * W + x;
                sv[i] = (float)s; tv[i] = (float)(t / 10);
                sci[i] = (float)(s + Math.Sqrt(s) * G());
                tpl[i] = (float)(t + Math.Sqrt(t / 10) * G());
            }
        Science = new Image(W, H, sci); Template = new Image(W, H, tpl);
        ScienceVariance = new Image(W, H, sv); TemplateVariance = new Image(W, H, tv);
        foreach (var (name, img) in new[] { ("sci", Science), ("tpl", Template), ("sv", ScienceVariance), ("tv", TemplateVariance) })
            File.WriteAllBytes(Path.Combine(Dir, name + ".f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(img.Pixels.AsSpan()).ToArray());
        Json = JsonNode.Parse(Repo.RunPython(Script, Dir, ScienceSigma.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                             TemplateSigma.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
    }

    static double Blob(double x, double y, double cx, double cy, double flux, double s) =>
        flux / (2 * Math.PI * s * s) * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));

    public double[] Array(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, name + ".f64"));
        var a = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, a, 0, bytes.Length);
        return a;
    }

    const string Script = """
import json, os, sys
import numpy as np
from scipy import ndimage
d, ss, st = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
H, W = 97, 131
load = lambda n: np.fromfile(os.path.join(d, n + ".f32"), dtype=np.float32).reshape(H, W).astype(np.float64)
save = lambda n, a: np.asarray(a, dtype=np.float64).ravel().tofile(os.path.join(d, n + ".f64"))
sci, tpl, sv, tv = load("sci"), load("tpl"), load("sv"), load("tv")
def kernel(s):
    r = int(4.0 * s + 0.5); x = np.arange(-r, r + 1); k = np.exp(-0.5 * x * x / (s * s)); return k / k.sum()
def sep(a, k):
    return ndimage.correlate1d(ndimage.correlate1d(a, k, axis=1, mode="reflect"), k, axis=0, mode="reflect")
sk = np.sqrt(ss * ss - st * st)
matched = ndimage.gaussian_filter(tpl, sk, mode="reflect", truncate=4.0)
diff = sci - matched
var = sv + sep(tv, kernel(sk) ** 2)
save("smoothed", ndimage.gaussian_filter(sci, 1.7, mode="reflect", truncate=4.0))
save("diff", diff); save("var", var)
kp = kernel(ss)
F = ndimage.gaussian_filter(diff, ss, mode="reflect", truncate=4.0)
V = sep(var, kp ** 2)
snr = np.where(V > 0, F / np.sqrt(np.where(V > 0, V, 1)), 0)
save("snr", snr)
lab, n = ndimage.label(snr >= 5, structure=np.ones((3, 3)))
idx = np.arange(1, n + 1)
peaks = ndimage.maximum_position(snr, lab, idx)
com = ndimage.center_of_mass(snr, lab, idx)
area = ndimage.sum(np.ones_like(snr), lab, idx)
norm = (kp ** 2).sum() ** 2
print(json.dumps(dict(kernel_sigma=float(sk), n=int(n),
    sources=[dict(px=int(p[1]), py=int(p[0]), x=float(c[1]), y=float(c[0]), snr=float(snr[p]), flux=float(F[p] / norm), area=int(a))
             for p, c, a in zip(peaks, com, area)])))
""";
}

public class DifferenceImagingTests(DiaOracle oracle) : IClassFixture<DiaOracle>
{
    static void Close(double[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance * scale, $"largest difference {worst} is above {tolerance} × {scale}");
    }

    [Fact]
    public void Gaussian_filter_matches_scipy_with_reflected_edges()
    {
        Close(oracle.Array("smoothed"), oracle.Science.Gaussian(1.7).Pixels, 1e-5);
        Assert.Equal(1f, GaussianFilter.Kernel(2.5).Sum(), 5);
        Assert.Equal(2 * (int)(4 * 2.5 + 0.5) + 1, GaussianFilter.Kernel(2.5).Length);
    }

    [Fact]
    public void Subtraction_matches_scipy_difference_and_variance()
    {
        var d = DifferenceImaging.Subtract(oracle.Science, oracle.Template, DiaOracle.ScienceSigma, DiaOracle.TemplateSigma,
                                           oracle.ScienceVariance, oracle.TemplateVariance);
        Assert.Equal((double)oracle.Json["kernel_sigma"]!, d.KernelSigma, 9);
        Assert.False(d.ConvolvedScience);
        Assert.Equal(DiaOracle.ScienceSigma, d.PsfSigma);
        Close(oracle.Array("diff"), d.Difference.Pixels, 1e-5);
        Close(oracle.Array("var"), d.Variance.Pixels, 1e-5);
    }

    [Fact]
    public void Detection_matches_scipy_label_peaks_centroids_and_fluxes()
    {
        var d = DifferenceImaging.Subtract(oracle.Science, oracle.Template, DiaOracle.ScienceSigma, DiaOracle.TemplateSigma,
                                           oracle.ScienceVariance, oracle.TemplateVariance);
        Close(oracle.Array("snr"), SourceDetection.SnrImage(d.Difference, d.Variance, d.PsfSigma).Pixels, 1e-4);
        var ours = d.Detect(threshold: 5);
        var theirs = oracle.Json["sources"]!.AsArray();
        Assert.Equal((int)oracle.Json["n"]!, ours.Count);
        Assert.True(ours.Count >= 8, $"the eight transients are found (and dipole lobes), not {ours.Count} sources");
        for (var i = 0; i < ours.Count; i++)
        {
            var t = theirs[i]!;
            Assert.Equal(((int)t["px"]!, (int)t["py"]!), (ours[i].PeakX, ours[i].PeakY));
            Assert.Equal((int)t["area"]!, ours[i].Area);
            Assert.Equal((double)t["x"]!, ours[i].X, 3);
            Assert.Equal((double)t["y"]!, ours[i].Y, 3);
            Assert.Equal((double)t["snr"]!, ours[i].Snr, 1e-4 * (double)t["snr"]!);
            Assert.Equal((double)t["flux"]!, ours[i].PsfFlux, 1e-4 * Math.Abs((double)t["flux"]!));
        }
    }

    [Fact]
    public void A_perfectly_matched_star_subtracts_to_noise_and_a_new_point_source_is_found_with_its_flux()
    {
        // Noiseless: the science image is the template seen through the matching kernel, plus a transient.
        int w = 80, h = 64;
        var tpl = new float[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                tpl[y * w + x] = (float)(50000 / (2 * Math.PI * 1.2 * 1.2) * Math.Exp(-((x - 30.0) * (x - 30) + (y - 30.0) * (y - 30)) / (2 * 1.2 * 1.2)));
        var template = new Image(w, h, tpl);
        var scienceSigma = 2.0;
        var sci = template.Gaussian(Math.Sqrt(scienceSigma * scienceSigma - 1.2 * 1.2)).Pixels.ToArray();
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                sci[y * w + x] += (float)(3000 / (2 * Math.PI * scienceSigma * scienceSigma) * Math.Exp(-((x - 55.0) * (x - 55) + (y - 40.0) * (y - 40)) / (2 * scienceSigma * scienceSigma)));
        var variance = Image.Filled(w, h, 25f);
        var d = DifferenceImaging.Subtract(new Image(w, h, sci), template, scienceSigma, 1.2, variance, Image.Filled(w, h, 0f));
        Assert.True(Math.Abs(d.Difference[30, 30]) < 1e-2, $"the star leaves {d.Difference[30, 30]}");
        var found = d.Detect(threshold: 5);
        var source = Assert.Single(found);
        Assert.Equal((55, 40), (source.PeakX, source.PeakY));
        Assert.Equal(3000, source.PsfFlux, 3000 * 0.01);
        // Forced photometry at the true position recovers the flux, and reads ~0 where nothing changed.
        Assert.Equal(3000, ForcedPhotometry.PsfFlux(d.Difference, d.Variance, 55, 40, scienceSigma).Flux, 3000 * 0.01);
        Assert.Equal(0, ForcedPhotometry.PsfFlux(d.Difference, d.Variance, 30, 30, scienceSigma).Flux, 1);
        // The other way round: a sharper science image is the one convolved.
        var back = DifferenceImaging.Subtract(template, new Image(w, h, sci), 1.2, scienceSigma);
        Assert.True(back.ConvolvedScience);
    }

    [Fact]
    public void Mismatched_sizes_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => DifferenceImaging.Subtract(Image.Filled(10, 8, 0), Image.Filled(8, 10, 0), 2, 1));
        Assert.Contains("8×10", e.Message);
        Assert.Contains("10×8", e.Message);
    }
}
