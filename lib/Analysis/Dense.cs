namespace NotebookLib.Analysis;

/// <summary>Small double-precision dense linear algebra on d×d row-major matrices (covariances,
/// PCA): Cholesky, triangular inverse, a weighted scatter (Gram) kernel, symmetric eigen-decomposition.</summary>
internal static class Dense
{
    /// <summary>Lower Cholesky factor of a symmetric positive-definite matrix, or null when it is not.</summary>
    public static double[]? Cholesky(double[] a, int d)
    {
        var l = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * d + j];
                for (int k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
                if (i == j) { if (!(s > 0)) return null; l[i * d + i] = Math.Sqrt(s); }
                else l[i * d + j] = s / l[j * d + j];
            }
        return l;
    }

    /// <summary>Inverse of a lower-triangular matrix (lower-triangular).</summary>
    public static double[] InvertLower(double[] l, int d)
    {
        var inv = new double[d * d];
        for (int j = 0; j < d; j++)
        {
            inv[j * d + j] = 1 / l[j * d + j];
            for (int i = j + 1; i < d; i++)
            {
                double s = 0;
                for (int k = j; k < i; k++) s -= l[i * d + k] * inv[k * d + j];
                inv[i * d + j] = s / l[i * d + i];
            }
        }
        return inv;
    }

    /// <summary>Σᵢ wᵢ (xᵢ − μ)(xᵢ − μ)ᵀ over all samples, in double, blocked through the float
    /// SIMD dot kernel on transposed chunks (the matrix part of GMM's M-step and of PCA).</summary>
    public static double[] WeightedScatter(float[] data, int n, int d, double[] mean, double[]? weights)
    {
        const int chunk = 2048;
        // rows whose weight is negligible (a GMM component far from them) add nothing: skip them
        int[]? rows = null;
        if (weights is not null)
        {
            double max = weights.Max();
            rows = Enumerable.Range(0, n).Where(i => weights[i] > 1e-13 * max).ToArray();
        }
        int count = rows?.Length ?? n;
        var total = new double[d * d]; object gate = new();
        Parallel.For(0, (count + chunk - 1) / chunk, Input.Parallel, () => (new float[d * chunk], new float[d * d]), (b, _, buf) =>
        {
            int i0 = b * chunk, c = Math.Min(chunk, count - i0);
            var t = buf.Item1;
            for (int i = 0; i < c; i++)
            {
                int src = rows is null ? i0 + i : rows[i0 + i];
                double w = weights is null ? 1 : Math.Sqrt(weights[src]);
                int row = src * d;
                for (int j = 0; j < d; j++) t[j * c + i] = (float)((data[row + j] - mean[j]) * w);
            }
            Kernels.DotBlock(t, 0, d, t, 0, d, c, buf.Item2);
            lock (gate) for (int k = 0; k < d * d; k++) total[k] += buf.Item2[k];
            return buf;
        }, _ => { });
        return total;
    }

    /// <summary>Eigenvalues (descending) and eigenvectors (rows) of a symmetric matrix.</summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(double[] a, int d)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(d, d, (i, j) => a[i * d + j]);
        var evd = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var values = order.Select(i => evd.EigenValues[i].Real).ToArray();
        var vectors = new double[d * d];
        for (int r = 0; r < d; r++)
        {
            var v = evd.EigenVectors.Column(order[r]);
            // sign convention: largest-magnitude component positive, so results are reproducible
            int arg = 0; for (int j = 1; j < d; j++) if (Math.Abs(v[j]) > Math.Abs(v[arg])) arg = j;
            double s = v[arg] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) vectors[r * d + j] = s * v[j];
        }
        return (values, vectors);
    }
}
