namespace NotebookLib.Analysis;

/// <summary>
/// Principal component analysis by eigen-decomposition of the covariance matrix, shaped like
/// scikit-learn's PCA: Components (rows, by decreasing variance), ExplainedVariance(Ratio), Mean.
/// Each component's sign is fixed so that its largest-magnitude loading is positive.
/// </summary>
public sealed class PCA(int? nComponents = null, bool whiten = false)
{
    public int? NComponents { get; } = nComponents is null or > 0 ? nComponents : throw new ArgumentOutOfRangeException(nameof(nComponents), nComponents, "nComponents must be positive");
    public bool Whiten { get; } = whiten;

    /// <summary>Principal axes, k × d, unit length.</summary>
    public float[,] Components { get; private set; } = new float[0, 0];
    /// <summary>Variance along each component (n − 1 normalisation, as scikit-learn).</summary>
    public double[] ExplainedVariance { get; private set; } = [];
    /// <summary>Fraction of the total variance along each component.</summary>
    public double[] ExplainedVarianceRatio { get; private set; } = [];
    public float[] Mean { get; private set; } = [];
    int d, k;

    public PCA Fit(float[,] x)
    {
        var (n, dd) = Input.Check(x, "PCA", 2);
        d = dd;
        k = NComponents ?? Math.Min(n, d);
        if (k > Math.Min(n, d)) throw new ArgumentException($"PCA: nComponents = {k} but X is {n}×{d}; at most min(n, d) = {Math.Min(n, d)} components exist", nameof(x));
        var data = Input.Flat(x).ToArray();
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += data[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var cov = Dense.WeightedScatter(data, n, d, mean, null);
        for (int q = 0; q < cov.Length; q++) cov[q] /= n - 1;
        var (values, vectors) = Dense.SymmetricEigen(cov, d);
        double total = 0; for (int j = 0; j < d; j++) total += cov[j * d + j];
        ExplainedVariance = values.Take(k).Select(v => Math.Max(v, 0)).ToArray();
        ExplainedVarianceRatio = ExplainedVariance.Select(v => v / total).ToArray();
        Components = Input.ToMatrix(vectors.AsSpan(0, k * d).ToArray(), k, d);
        Mean = mean.Select(v => (float)v).ToArray();
        return this;
    }

    /// <summary>Projection onto the components (n × k), divided by √variance when whitening.</summary>
    public float[,] Transform(float[,] x)
    {
        Input.CheckFitted(Mean.Length > 0, "PCA");
        int n = Input.CheckFeatures(x, d, "PCA.Transform");
        var centered = Input.Flat(x).ToArray();
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) centered[i * d + j] -= Mean[j];
        var r = new float[n, k];
        var comps = Input.Flat(Components).ToArray();
        var dst = r;
        Parallel.For(0, (n + 255) / 256, Input.Parallel, b =>
        {
            int i0 = b * 256, m = Math.Min(256, n - i0);
            Kernels.DotBlock(centered, i0, m, comps, 0, k, d, Input.FlatMut(dst).Slice(i0 * k, m * k));
        });
        if (Whiten)
            for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) r[i, c] /= (float)Math.Sqrt(ExplainedVariance[c]);
        return r;
    }

    public float[,] FitTransform(float[,] x) => Fit(x).Transform(x);

    /// <summary>Back from component space to feature space.</summary>
    public float[,] InverseTransform(float[,] z)
    {
        Input.CheckFitted(Mean.Length > 0, "PCA");
        int n = Input.CheckFeatures(z, k, "PCA.InverseTransform", "Z");
        var r = new float[n, d];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
            {
                double s = z[i, c] * (Whiten ? Math.Sqrt(ExplainedVariance[c]) : 1);
                for (int j = 0; j < d; j++) r[i, j] += (float)(s * Components[c, j]);
            }
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) r[i, j] += Mean[j];
        return r;
    }
}
