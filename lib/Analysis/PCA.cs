using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>
/// Principal component analysis by eigen-decomposition of the covariance matrix, shaped like
/// scikit-learn's PCA: Components (rows, by decreasing variance), ExplainedVariance(Ratio), Mean.
/// Each component's sign is fixed so that its largest-magnitude loading is positive. The covariance
/// (in float64), its eigen-decomposition and the projections run on lib/Torch, on <c>device</c>.
/// </summary>
public sealed class PCA(int? nComponents = null, bool whiten = false, Device? device = null)
{
    public int? NComponents { get; } = nComponents is null or > 0 ? nComponents : throw new ArgumentOutOfRangeException(nameof(nComponents), nComponents, "nComponents must be positive");
    public bool Whiten { get; } = whiten;
    /// <summary>Where the matrix work runs.</summary>
    public Device Device { get; } = Device.Resolve(device);

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
        using var scope = torch.NewDisposeScope();
        // float64 in row blocks, each uploaded from x as it is needed: neither a whole float32 copy of X on the
        // device nor a whole float64 one (at 100,000 × 64 they were 26 MB and a 34 MB block, more than
        // scikit-learn's whole fit needs). A matrix of at most one distance block's elements stays one block,
        // as before, so that small fits sum in the same order.
        int block = (long)n * d <= Kernels.RowBlock(1) ? n : Math.Max(1, StreamBlockElements / d);
        var sum = torch.zeros([1, d], ScalarType.Float64, Device);
        for (int i0 = 0; i0 < n; i0 += block)
        {
            using var rows = torch.NewDisposeScope();
            sum.add_(Rows(x, i0, Math.Min(block, n - i0)).to(ScalarType.Float64).sum(0, keepdim: true));
        }
        var mean = sum / n;
        var cov = torch.zeros([d, d], ScalarType.Float64, Device);
        for (int i0 = 0; i0 < n; i0 += block)
        {
            using var rows = torch.NewDisposeScope();
            var centered = Rows(x, i0, Math.Min(block, n - i0)).to(ScalarType.Float64).sub_(mean);
            cov.add_(centered.t().mm(centered));
        }
        cov.div_(n - 1);
        var (values, vectors) = torch.linalg.eigh(cov);
        double total = cov.diag().sum().item<double>();
        // eigh gives ascending eigenvalues and eigenvectors as columns
        var ascending = values.data<double>();
        var columns = vectors.data<double>();
        var comps = new float[k * d];
        ExplainedVariance = new double[k];
        for (int r = 0; r < k; r++)
        {
            int col = d - 1 - r;
            ExplainedVariance[r] = Math.Max(ascending[col], 0);
            int arg = 0; for (int j = 1; j < d; j++) if (Math.Abs(columns[j * d + col]) > Math.Abs(columns[arg * d + col])) arg = j;
            double sign = columns[arg * d + col] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) comps[r * d + j] = (float)(sign * columns[j * d + col]);
        }
        ExplainedVarianceRatio = ExplainedVariance.Select(v => v / total).ToArray();
        Components = Input.ToMatrix(comps, k, d);
        Mean = mean.to(ScalarType.Float32).data<float>();
        return this;
    }

    /// <summary>Elements of one float64 block of a large fit (4 MiB).</summary>
    const int StreamBlockElements = 1 << 19;

    /// <summary>Rows <paramref name="start"/> … + <paramref name="count"/> of x on the device.</summary>
    Tensor Rows(float[,] x, int start, int count)
    {
        int dd = x.GetLength(1);
        return Kernels.Upload(Input.Flat(x).Slice(start * dd, count * dd), count, dd, Device);
    }

    /// <summary>Projection onto the components (n × k), divided by √variance when whitening.</summary>
    public float[,] Transform(float[,] x)
    {
        Input.CheckFitted(Mean.Length > 0, "PCA");
        Input.CheckFeatures(x, d, "PCA.Transform");
        using var scope = torch.NewDisposeScope();
        var projected = (Kernels.Upload(x, Device) - torch.tensor(Mean, device: Device)).mm(Kernels.Upload(Components, Device).t());
        if (Whiten) projected = projected / torch.tensor(ExplainedVariance.Select(v => (float)Math.Sqrt(v)).ToArray(), device: Device);
        return Kernels.Download(projected);
    }

    public float[,] FitTransform(float[,] x) => Fit(x).Transform(x);

    /// <summary>Back from component space to feature space.</summary>
    public float[,] InverseTransform(float[,] z)
    {
        Input.CheckFitted(Mean.Length > 0, "PCA");
        Input.CheckFeatures(z, k, "PCA.InverseTransform", "Z");
        using var scope = torch.NewDisposeScope();
        var Z = Kernels.Upload(z, Device);
        if (Whiten) Z = Z * torch.tensor(ExplainedVariance.Select(v => (float)Math.Sqrt(v)).ToArray(), device: Device);
        return Kernels.Download(Z.mm(Kernels.Upload(Components, Device)) + torch.tensor(Mean, device: Device));
    }
}
