using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Analysis;

/// <summary>scikit-learn / scipy from Debian as the oracle: the inputs go to Python as JSON
/// (variable <c>inp</c>), the snippet sets <c>out</c>, which comes back as JSON.</summary>
static class Oracle
{
    public static JsonNode Run(string code, object input)
    {
        var dir = Repo.TempDir("analysis-oracle");
        var path = Path.Combine(dir, "in.json");
        File.WriteAllText(path, JsonSerializer.Serialize(input));
        var script = "import json, sys\nimport numpy as np\ninp = json.load(open(sys.argv[1]))\n" + code +
                     "\nprint(json.dumps(out, default=lambda o: o.tolist() if hasattr(o, 'tolist') else float(o)))";
        return JsonNode.Parse(Repo.RunPython(script, path))!;
    }

    public static float[][] Rows(float[,] x) =>
        Enumerable.Range(0, x.GetLength(0)).Select(i => Enumerable.Range(0, x.GetLength(1)).Select(j => x[i, j]).ToArray()).ToArray();

    /// <summary>Element-wise equality to <paramref name="digits"/> decimal places, naming the first difference.</summary>
    public static void Close(double[] expected, double[] actual, int digits)
    {
        Assert.True(expected.Length == actual.Length, $"expected {expected.Length} values, got {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 0.5 * Math.Pow(10, -digits), $"at [{i}]: expected {expected[i]}, got {actual[i]}");
    }

    public static double[] Doubles(JsonNode n) => n.AsArray().Select(v => v!.GetValue<double>()).ToArray();
}

/// <summary>Test data with known structure.</summary>
static class Synthetic
{
    /// <summary>Isotropic Gaussian blobs with centres far apart (separation ≫ spread).</summary>
    public static (float[,] X, int[] Labels) Blobs(int n, int d, int k, int seed, float spread = 1f, float separation = 20f)
    {
        var rng = new Random(seed);
        var centers = new float[k, d];
        for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) centers[c, j] = (float)(rng.NextDouble() * 2 - 1) * separation;
        var x = new float[n, d]; var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % k;
            for (int j = 0; j < d; j++) x[i, j] = centers[y[i], j] + spread * Gauss(rng);
        }
        return (x, y);
    }

    public static float Gauss(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
