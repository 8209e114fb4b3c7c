namespace NotebookLib.Explorer;

/// <summary>
/// Generated galaxy-like cutouts with ground truth, for demonstrations and tests (`./nb explore --demo 10000`):
/// round ellipticals, two-armed spirals, edge-on discs and artifacts (a satellite streak or a hot
/// column), in noise, with a truth column and an anomaly score that is high for artifacts.
/// Deterministic for a seed.
/// </summary>
public static class DemoCutouts
{
    public static readonly string[] Classes = ["elliptical", "spiral", "edge-on", "artifact"];

    public static (ArrayCutouts Cutouts, CutoutMetadata Metadata) Generate(int count, int size = 32, int seed = 42)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), $"a demo needs at least one cutout, not {count}");
        if (size < 8) throw new ArgumentOutOfRangeException(nameof(size), $"demo cutouts are at least 8 px, not {size}");
        var images = new CutoutImage[count];
        var truth = new double[count];
        var anomaly = new double[count];
        var magnitude = new double[count];
        Parallel.For(0, count, i =>
        {
            var rng = new Random(HashCode.Combine(seed, i));
            var cls = rng.NextDouble() switch { < 0.4 => 0, < 0.75 => 1, < 0.93 => 2, _ => 3 };
            var px = new float[size * size];
            double c = (size - 1) / 2.0 + rng.NextDouble() - 0.5, r = size * (0.08 + 0.06 * rng.NextDouble());
            double angle = rng.NextDouble() * Math.PI, flux = 0.5 + rng.NextDouble() * 2;
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    double dx = x - c, dy = y - c;
                    double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
                    double value = cls switch
                    {
                        0 => Math.Exp(-Math.Sqrt(u * u + v * v / 0.8) / r * 1.6),
                        1 => Math.Exp(-Math.Sqrt(u * u + v * v) / (1.6 * r)) * (0.55 + 0.45 * Math.Cos(2 * Math.Atan2(v, u) - Math.Sqrt(u * u + v * v) / r * 1.7)),
                        2 => Math.Exp(-Math.Abs(u) / (1.8 * r) - Math.Abs(v) / (0.25 * r)),
                        _ => Math.Exp(-Math.Sqrt(dx * dx + dy * dy) / (0.5 * r)) * 0.3,
                    };
                    px[y * size + x] = (float)(flux * value + 0.03 * Gaussian(rng));
                }
            if (cls == 3)
            {
                if (rng.NextDouble() < 0.5)
                {   // a streak across the cutout
                    double a = rng.NextDouble() * Math.PI, off = (rng.NextDouble() - 0.5) * size / 2;
                    for (var y = 0; y < size; y++)
                        for (var x = 0; x < size; x++)
                        {
                            var d = (x - c) * Math.Sin(a) - (y - c) * Math.Cos(a) - off;
                            px[y * size + x] += (float)(1.5 * Math.Exp(-d * d / 1.2));
                        }
                }
                else
                {   // a hot column
                    var col = rng.Next(size);
                    for (var y = 0; y < size; y++) px[y * size + col] += 3f;
                }
            }
            images[i] = new CutoutImage(px, size, size);
            truth[i] = cls;
            anomaly[i] = Math.Round((cls == 3 ? 0.6 : cls == 2 ? 0.45 : 0.35) + 0.12 * Gaussian(rng), 4);
            magnitude[i] = Math.Round(22 - 2.5 * Math.Log10(flux), 3);
        });
        var names = Enumerable.Range(0, count).Select(i => $"demo-{i:D5}").ToList();
        var metadata = new CutoutMetadata(count).Add("anomaly", anomaly).Add("magnitude", magnitude).Add("truth", truth);
        return (new ArrayCutouts(images, names), metadata);
    }

    static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
