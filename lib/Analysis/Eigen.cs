namespace NotebookLib.Analysis;

/// <summary>Leading eigenvectors of a large symmetric positive semi-definite operator given only
/// as a matrix-vector product (graph Laplacians for UMAP's initialisation and spectral clustering).</summary>
internal static class Eigen
{
    /// <summary>The top <paramref name="p"/> eigenvectors, by decreasing eigenvalue, by subspace
    /// iteration with Gram-Schmidt and a final Rayleigh-Ritz rotation.</summary>
    public static double[][] TopSubspace(int n, int p, Action<double[], double[]> apply, int seed, int iterations = 300, double tol = 1e-9)
    {
        var rng = new Random(seed);
        var q = new double[p][];
        for (int j = 0; j < p; j++) { q[j] = new double[n]; for (int i = 0; i < n; i++) q[j][i] = rng.NextDouble() - 0.5; }
        Orthonormalize(q);
        var z = Enumerable.Range(0, p).Select(_ => new double[n]).ToArray();
        var ritz = new double[p];
        for (int it = 0; it < iterations; it++)
        {
            double change = 0;
            for (int j = 0; j < p; j++)
            {
                apply(q[j], z[j]);
                double r = 0; for (int i = 0; i < n; i++) r += q[j][i] * z[j][i];
                change = Math.Max(change, Math.Abs(r - ritz[j])); ritz[j] = r;
            }
            (q, z) = (z, q);
            Orthonormalize(q);
            if (it > 10 && change < tol) break; // the Rayleigh quotients have settled
        }
        // Rayleigh-Ritz: diagonalise Qᵀ A Q and rotate
        for (int j = 0; j < p; j++) apply(q[j], z[j]);
        var t = new double[p * p];
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) { double s = 0; for (int i = 0; i < n; i++) s += q[a][i] * z[b][i]; t[a * p + b] = s; }
        for (int a = 0; a < p; a++) for (int b = a + 1; b < p; b++) t[a * p + b] = t[b * p + a] = (t[a * p + b] + t[b * p + a]) / 2;
        var (_, vecs) = Dense.SymmetricEigen(t, p);
        var result = new double[p][];
        for (int r = 0; r < p; r++)
        {
            result[r] = new double[n];
            for (int a = 0; a < p; a++) { double w = vecs[r * p + a]; if (w == 0) continue; for (int i = 0; i < n; i++) result[r][i] += w * q[a][i]; }
        }
        return result;
    }

    static void Orthonormalize(double[][] q)
    {
        for (int j = 0; j < q.Length; j++)
        {
            for (int pass = 0; pass < 2; pass++)
                for (int l = 0; l < j; l++)
                {
                    double s = 0; for (int i = 0; i < q[j].Length; i++) s += q[j][i] * q[l][i];
                    for (int i = 0; i < q[j].Length; i++) q[j][i] -= s * q[l][i];
                }
            double norm = Math.Sqrt(q[j].Sum(v => v * v));
            if (norm < 1e-300) { var r = new Random(j); for (int i = 0; i < q[j].Length; i++) q[j][i] = r.NextDouble() - 0.5; j--; continue; }
            for (int i = 0; i < q[j].Length; i++) q[j][i] /= norm;
        }
    }
}
