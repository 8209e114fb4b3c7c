using System.Numerics;
using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>
/// Principal component analysis by eigen-decomposition of the covariance matrix, shaped like
/// scikit-learn's PCA: Components (rows, by decreasing variance), ExplainedVariance(Ratio), Mean.
/// Each component's sign is fixed so that its largest-magnitude loading is positive. The covariance
/// is summed in float64 by row blocks and decomposed by LAPACK's symmetric eigensolver (syevd). On the CPU
/// the products call BLAS directly (<see cref="Blas"/>: no libtorch in the process, as scikit-learn's has no
/// PyTorch); on a GPU <c>device</c> the covariance, its eigen-decomposition and the projections run on lib/Torch.
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

    /// <summary>Runs the fit and the projections on lib/Torch even on the CPU (tests check the GPU's path with it).</summary>
    internal bool OnTensors { get; init; }

    bool Tensors => Device.IsCuda || OnTensors;

    public PCA Fit(float[,] x)
    {
        var (n, dd) = Input.Check(x, "PCA", 2);
        d = dd;
        k = NComponents ?? Math.Min(n, d);
        if (k > Math.Min(n, d)) throw new ArgumentException($"PCA: nComponents = {k} but X is {n}×{d}; at most min(n, d) = {Math.Min(n, d)} components exist", nameof(x));
        // ascending eigenvalues; row r of vectors is the unit eigenvector of ascending[r]
        var (mean, ascending, vectors, total) = Tensors ? EigenOnTensors(x, n) : EigenOnCpu(x, n);
        var comps = new float[k * d];
        ExplainedVariance = new double[k];
        for (int r = 0; r < k; r++)
        {
            int row = d - 1 - r;
            var v = vectors.AsSpan(row * d, d);
            ExplainedVariance[r] = Math.Max(ascending[row], 0);
            int arg = 0; for (int j = 1; j < d; j++) if (Math.Abs(v[j]) > Math.Abs(v[arg])) arg = j;
            double sign = v[arg] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) comps[r * d + j] = (float)(sign * v[j]);
        }
        ExplainedVarianceRatio = ExplainedVariance.Select(v => v / total).ToArray();
        Components = Input.ToMatrix(comps, k, d);
        Mean = mean;
        return this;
    }

    /// <summary>Elements of one float64 block of a fit (4 MiB).</summary>
    const int StreamBlockElements = 1 << 19;

    /// <summary>The mean, and the eigen-decomposition and trace of the covariance, in managed code and BLAS/LAPACK: a
    /// pass for the mean, then per block of rows a float64 centred copy (4 MiB: at 100,000 × 64 the data are 26 MB) and
    /// its Aᵀ A added to the covariance by dsyrk.</summary>
    (float[] Mean, double[] Ascending, double[] Vectors, double Total) EigenOnCpu(float[,] x, int n)
    {
        Blas.UseThreads(Input.Threads);
        int block = Math.Max(1, StreamBlockElements / d), blocks = (n + block - 1) / block;
        // each block's column sums, then the blocks' in order: the same sum whatever the threads
        var partial = new double[blocks * d];
        Parallel.For(0, blocks, Input.Parallel, b =>
        {
            var rows = Input.Flat(x).Slice(b * block * d, Math.Min(block, n - b * block) * d);
            var sum = partial.AsSpan(b * d, d);
            for (int i = 0; i < rows.Length; i += d) AddWidened(rows.Slice(i, d), sum);
        });
        var mean = new double[d];
        for (int b = 0; b < blocks; b++)
            for (int j = 0; j < d; j++) mean[j] += partial[b * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var cov = new double[d * d];
        var centred = new double[Math.Min(block, n) * d];
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int m = Math.Min(block, n - i0);
            const int slice = 256;
            Parallel.For(0, (m + slice - 1) / slice, Input.Parallel, s =>
            {
                int r0 = s * slice, r1 = Math.Min(m, r0 + slice);
                var rows = Input.Flat(x).Slice((i0 + r0) * d, (r1 - r0) * d);
                var target = centred.AsSpan(r0 * d, (r1 - r0) * d);
                for (int i = 0; i < rows.Length; i += d) SubtractWidened(rows.Slice(i, d), mean, target.Slice(i, d));
            });
            Blas.DsyrkTransposedAccumulate(d, m, centred, d, cov);
        }
        // dsyrk wrote the lower triangle; dsyevd reads it alone
        double total = 0;
        for (int j = 0; j < d; j++) total += cov[j * d + j] /= n - 1;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++) cov[i * d + j] /= n - 1;
        var ascending = new double[d];
        Blas.SymmetricEigen(d, cov, ascending);
        return (mean.Select(v => (float)v).ToArray(), ascending, cov, total);
    }

    /// <summary>sum[j] += row[j] in float64, a vector of floats at a time (each column still sums the rows in order).</summary>
    static void AddWidened(ReadOnlySpan<float> row, Span<double> sum)
    {
        int j = 0, w = Vector<float>.Count;
        for (; j + w <= row.Length; j += w)
        {
            Vector.Widen(new Vector<float>(row.Slice(j, w)), out var lo, out var hi);
            (new Vector<double>(sum.Slice(j, w / 2)) + lo).CopyTo(sum.Slice(j, w / 2));
            (new Vector<double>(sum.Slice(j + w / 2, w / 2)) + hi).CopyTo(sum.Slice(j + w / 2, w / 2));
        }
        for (; j < row.Length; j++) sum[j] += row[j];
    }

    /// <summary>target[j] = row[j] − mean[j] in float64, a vector of floats at a time.</summary>
    static void SubtractWidened(ReadOnlySpan<float> row, ReadOnlySpan<double> mean, Span<double> target)
    {
        int j = 0, w = Vector<float>.Count;
        for (; j + w <= row.Length; j += w)
        {
            Vector.Widen(new Vector<float>(row.Slice(j, w)), out var lo, out var hi);
            (lo - new Vector<double>(mean.Slice(j, w / 2))).CopyTo(target.Slice(j, w / 2));
            (hi - new Vector<double>(mean.Slice(j + w / 2, w / 2))).CopyTo(target.Slice(j + w / 2, w / 2));
        }
        for (; j < row.Length; j++) target[j] = row[j] - mean[j];
    }

    /// <summary>The same on lib/Torch, on <see cref="Device"/> (a GPU): float64 in row blocks, each uploaded from x as it
    /// is needed (neither a whole float32 copy of X on the device nor a whole float64 one), then eigh there.</summary>
    (float[] Mean, double[] Ascending, double[] Vectors, double Total) EigenOnTensors(float[,] x, int n)
    {
        using var scope = torch.NewDisposeScope();
        // a matrix of at most one distance block's elements stays one block, so that small fits sum in one order
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
        // eigh gives the eigenvectors as columns: as rows, they are its transpose
        return (mean.to(ScalarType.Float32).data<float>(), values.data<double>(), vectors.t().contiguous().data<double>(), total);
    }

    /// <summary>Rows <paramref name="start"/> … + <paramref name="count"/> of x on the device.</summary>
    Tensor Rows(float[,] x, int start, int count)
    {
        int dd = x.GetLength(1);
        return Kernels.Upload(Input.Flat(x).Slice(start * dd, count * dd), count, dd, Device);
    }

    /// <summary>Rows of a float32 block of a projection on the CPU (about 4 MiB).</summary>
    int ProjectionRows(int width) => Math.Max(1, (1 << 20) / Math.Max(1, width));

    float[] Scales() => ExplainedVariance.Select(v => (float)Math.Sqrt(v)).ToArray();

    /// <summary>Projection onto the components (n × k), divided by √variance when whitening.</summary>
    public float[,] Transform(float[,] x)
    {
        Input.CheckFitted(Mean.Length > 0, "PCA");
        int n = Input.CheckFeatures(x, d, "PCA.Transform");
        if (Tensors)
        {
            using var scope = torch.NewDisposeScope();
            var projected = (Kernels.Upload(x, Device) - torch.tensor(Mean, device: Device)).mm(Kernels.Upload(Components, Device).t());
            if (Whiten) projected = projected / torch.tensor(Scales(), device: Device);
            return Kernels.Download(projected);
        }
        Blas.UseThreads(Input.Threads);
        var result = new float[n, k];
        var output = Input.FlatMut(result);
        var components = Input.Flat(Components);
        var scales = Whiten ? Scales() : null;
        var mean = Mean;
        int block = ProjectionRows(d);
        var centred = new float[Math.Min(block, n) * d];
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int m = Math.Min(block, n - i0);
            var rows = Input.Flat(x).Slice(i0 * d, m * d);
            for (int i = 0; i < rows.Length; i += d)
                for (int j = 0; j < d; j++) centred[i + j] = rows[i + j] - mean[j];
            var target = output.Slice(i0 * k, m * k);
            Blas.Sgemm(false, true, m, k, d, 1f, centred, d, components, d, 0f, target, k);
            if (scales is not null)
                for (int i = 0; i < target.Length; i += k)
                    for (int c = 0; c < k; c++) target[i + c] /= scales[c];
        }
        return result;
    }

    public float[,] FitTransform(float[,] x) => Fit(x).Transform(x);

    /// <summary>Back from component space to feature space.</summary>
    public float[,] InverseTransform(float[,] z)
    {
        Input.CheckFitted(Mean.Length > 0, "PCA");
        int n = Input.CheckFeatures(z, k, "PCA.InverseTransform", "Z");
        if (Tensors)
        {
            using var scope = torch.NewDisposeScope();
            var Z = Kernels.Upload(z, Device);
            if (Whiten) Z = Z * torch.tensor(Scales(), device: Device);
            return Kernels.Download(Z.mm(Kernels.Upload(Components, Device)) + torch.tensor(Mean, device: Device));
        }
        Blas.UseThreads(Input.Threads);
        var result = new float[n, d];
        var output = Input.FlatMut(result);
        var components = Input.Flat(Components);
        var scales = Whiten ? Scales() : null;
        var mean = Mean;
        int block = ProjectionRows(Math.Max(k, d));
        var scaled = scales is null ? null : new float[Math.Min(block, n) * k];
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int m = Math.Min(block, n - i0);
            ReadOnlySpan<float> rows = Input.Flat(z).Slice(i0 * k, m * k);
            if (scaled is not null)
            {
                for (int i = 0; i < rows.Length; i += k)
                    for (int c = 0; c < k; c++) scaled[i + c] = rows[i + c] * scales![c];
                rows = scaled.AsSpan(0, m * k);
            }
            var target = output.Slice(i0 * d, m * d);
            Blas.Sgemm(false, false, m, d, k, 1f, rows, k, components, d, 0f, target, d);
            for (int i = 0; i < target.Length; i += d)
                for (int j = 0; j < d; j++) target[i + j] += mean[j];
        }
        return result;
    }
}
