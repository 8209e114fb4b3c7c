using System.Text.Json.Nodes;
using NotebookLib.Imaging;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Imaging;

/// <summary>
/// Runs Debian's scipy, scikit-image and astropy once on the test inputs (raw float32/int32 files)
/// and keeps their answers: scalars in JSON, arrays as raw float64 files. One Python start for all
/// oracle tests keeps the suite fast on a shared two-core machine.
/// </summary>
public sealed class ImagingOracle
{
    public string Dir { get; } = Repo.TempDir("imaging-oracle");
    public JsonNode Json { get; }

    /// <summary>61×47 (non-square, so x/y mix-ups show): smooth background, noise, a few bright blobs.</summary>
    public Image Image { get; } = Inputs.Scene(61, 47, seed: 1);
    /// <summary>200×150 with outliers and NaNs: more pixels than zscale samples, so the stride matters.</summary>
    public Image Large { get; }
    /// <summary>97×83 random mask at 45 % density: long winding 8-connected shapes.</summary>
    public bool[] Mask { get; } = Inputs.RandomMask(97, 83, 0.45, seed: 2);
    public const int MaskWidth = 97, MaskHeight = 83;
    /// <summary>331×257 (over 65,536 pixels, so labelling runs in parallel stripes that must be stitched).</summary>
    public bool[] BigMask { get; } = Inputs.RandomMask(331, 257, 0.55, seed: 7);
    public const int BigWidth = 331, BigHeight = 257;
    /// <summary>Over a million pixels each, so that labelling runs its parallel stripes, gathers labels
    /// and streams the label image: winding blobs that cross every stripe seam (1100 wide, not a
    /// multiple of 64), and 16 % random pixels, hundreds of thousands of small objects (1024 wide).</summary>
    public bool[] SeamMask { get; } = Inputs.BlobMask(SeamWidth, SeamHeight, seed: 8);
    public const int SeamWidth = 1100, SeamHeight = 1000;
    public bool[] DenseMask { get; } = Inputs.RandomMask(DenseWidth, DenseHeight, 0.16, seed: 9);
    public const int DenseWidth = 1024, DenseHeight = 1030;
    public Image MaskIntensity { get; } = Inputs.Scene(97, 83, seed: 3);
    public LabelImage OurLabels { get; }
    public Image Scene { get; } = Inputs.Scene(120, 90, seed: 4, blobs: 12);

    public ImagingOracle()
    {
        var large = Inputs.Scene(200, 150, seed: 5, blobs: 6);
        var rng = new Random(6);
        for (int k = 0; k < 40; k++) large.Pixels[rng.Next(large.Count)] = k % 4 == 0 ? float.NaN : 5000f;
        Large = large;
        OurLabels = ConnectedComponents.Label(new Mask(MaskWidth, MaskHeight, Mask));

        Write("image.f32", Image.Pixels);
        Write("large.f32", Large.Pixels);
        Write("mask.u8", Mask.Select(b => (byte)(b ? 1 : 0)).ToArray());
        Write("bigmask.u8", BigMask.Select(b => (byte)(b ? 1 : 0)).ToArray());
        Write("seammask.u8", SeamMask.Select(b => (byte)(b ? 1 : 0)).ToArray());
        Write("densemask.u8", DenseMask.Select(b => (byte)(b ? 1 : 0)).ToArray());
        Write("intensity.f32", MaskIntensity.Pixels);
        Write("ourlabels.i32", OurLabels.Labels);
        Write("scene.f32", Scene.Pixels);
        var output = Repo.RunPython(Script, Dir);
        Json = JsonNode.Parse(output) ?? throw new InvalidOperationException("the oracle printed nothing");
    }

    public double[] Array(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, name + ".f64"));
        var a = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, a, 0, bytes.Length);
        return a;
    }

    public int[] Ints(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, name + ".i32"));
        var a = new int[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, a, 0, bytes.Length);
        return a;
    }

    void Write<T>(string name, T[] data) where T : struct
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        File.WriteAllBytes(Path.Combine(Dir, name), bytes);
    }

    const string Script = """
import json, os, sys
import numpy as np
from scipy import ndimage, stats
from skimage import measure, morphology, transform
from astropy.stats import mad_std
from astropy.visualization import ZScaleInterval, LogStretch, AsinhStretch
from astropy.nddata import Cutout2D

d = sys.argv[1]
def load(name, dtype, shape):
    return np.fromfile(os.path.join(d, name), dtype=dtype).reshape(shape)
def save(name, a):
    np.asarray(a, dtype=np.float64).ravel().tofile(os.path.join(d, name + ".f64"))
def save_i(name, a):
    np.asarray(a, dtype=np.int32).ravel().tofile(os.path.join(d, name + ".i32"))

out = {}
img = load("image.f32", np.float32, (47, 61))
large = load("large.f32", np.float32, (150, 200))
mask = load("mask.u8", np.uint8, (83, 97)).astype(bool)
intensity = load("intensity.f32", np.float32, (83, 97))
ours = load("ourlabels.i32", np.int32, (83, 97))
scene = load("scene.f32", np.float32, (90, 120))

# connected components
for name, structure in (("label8", np.ones((3, 3))), ("label4", None)):
    lab, n = ndimage.label(mask, structure=structure)
    save_i(name, lab)
    out[name] = int(n)

big = load("bigmask.u8", np.uint8, (257, 331)).astype(bool)
for name, structure in (("biglabel8", np.ones((3, 3))), ("biglabel4", None)):
    lab, n = ndimage.label(big, structure=structure)
    save_i(name, lab)
    out[name] = int(n)

for name, shape in (("seammask", (1000, 1100)), ("densemask", (1030, 1024))):
    m = load(name + ".u8", np.uint8, shape).astype(bool)
    for suffix, structure in (("8", np.ones((3, 3))), ("4", None)):
        lab, n = ndimage.label(m, structure=structure)
        save_i(name + suffix, lab)
        out[name + suffix] = int(n)

# region properties measured on our labels
props = []
for r in measure.regionprops(ours, intensity_image=intensity):
    props.append(dict(label=int(r.label), area=int(r.area), row=float(r.centroid[0]), col=float(r.centroid[1]),
                      bbox=[int(v) for v in r.bbox], mean=float(r.intensity_mean),
                      wrow=float(r.weighted_centroid[0]), wcol=float(r.weighted_centroid[1])))
out["props"] = props
save_i("small_removed", morphology.remove_small_objects(ours, min_size=6) > 0)

# robust statistics
flat = img.ravel()
out["median"] = float(np.median(flat))
out["mad"] = float(stats.median_abs_deviation(flat))
out["mad_std"] = float(mad_std(flat))
out["mean"] = float(np.mean(flat.astype(np.float64)))

# zscale
z = ZScaleInterval()
out["zscale"] = {"image": [float(v) for v in z.get_limits(img)], "large": [float(v) for v in z.get_limits(large)],
                 "tight": [float(v) for v in ZScaleInterval(nsamples=300, contrast=0.1).get_limits(large)]}

# resizing
save("bilinear_down", transform.resize(img, (20, 25), order=1, mode="edge", anti_aliasing=False, preserve_range=True))
save("bilinear_up", transform.resize(img, (100, 130), order=1, mode="edge", anti_aliasing=False, preserve_range=True))
save("area_down", transform.resize_local_mean(img, (20, 25), grid_mode=True, preserve_range=True))
save("area_up", transform.resize_local_mean(img, (100, 130), grid_mode=True, preserve_range=True))
save("downscale2", transform.downscale_local_mean(img[:46, :60], (2, 2)))

# local standard deviation
save("std3", ndimage.generic_filter(img, np.std, size=3, mode="reflect"))
save("std4", ndimage.generic_filter(img, np.std, size=4, mode="reflect"))

# cutouts
cut = {}
for key, (x, y, s) in {"inside": (30, 20, 9), "corner": (1, 2, 8), "far_edge": (59.6, 45.2, 7), "half": (10.5, 30.5, 6)}.items():
    c = Cutout2D(img, (x, y), s, mode="partial", fill_value=-99.0)
    save("cut_" + key, c.data)
out["cutouts"] = cut

# stretches on [0, 1] data
unit = (img - img.min()) / (img.max() - img.min())
save("unit", unit)
save("log_stretch", LogStretch()(unit, clip=False))
save("asinh_stretch", AsinhStretch()(unit, clip=False))

# the segmentation pipeline written with scipy: mean threshold, local std, 8-connected labels, small ones out
t = np.where(scene > scene.astype(np.float64).mean(), scene, 0).astype(np.float32)
sd = ndimage.generic_filter(t, np.std, size=3, mode="reflect")
m = sd > sd.astype(np.float64).mean()
lab, n = ndimage.label(m, structure=np.ones((3, 3)))
sizes = np.bincount(lab.ravel())
keep = sizes >= 5
keep[0] = False
final = keep[lab]
save_i("segment_mask", final)
out["segment_all"] = int(n)
out["segment_kept"] = int(keep.sum())
print(json.dumps(out))
""";
}

/// <summary>Deterministic synthetic inputs.</summary>
public static class Inputs
{
    public static Image Scene(int width, int height, int seed, int blobs = 4)
    {
        var rng = new Random(seed);
        var p = new float[width * height];
        var centres = Enumerable.Range(0, blobs).Select(_ => (x: rng.NextDouble() * width, y: rng.NextDouble() * height,
            a: 50 + 200 * rng.NextDouble(), s: 1 + 3 * rng.NextDouble())).ToArray();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double v = 100 + 0.3 * x - 0.2 * y + Gaussian(rng) * 5;
                foreach (var c in centres)
                    v += c.a * Math.Exp(-((x - c.x) * (x - c.x) + (y - c.y) * (y - c.y)) / (2 * c.s * c.s));
                p[y * width + x] = (float)v;
            }
        return new Image(width, height, p);
    }

    /// <summary>Smoothed noise above zero: large winding objects, about half the pixels.</summary>
    public static bool[] BlobMask(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var noise = new float[width * height];
        for (int i = 0; i < noise.Length; i++) noise[i] = (float)Gaussian(rng);
        var smooth = new Image(width, height, noise).Resize(width / 8, height / 8, ResizeMethod.Area).Resize(width, height, ResizeMethod.Bilinear);
        return smooth.Pixels.Select(v => v > 0f).ToArray();
    }

    public static bool[] RandomMask(int width, int height, double density, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, width * height).Select(_ => rng.NextDouble() < density).ToArray();
    }

    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
