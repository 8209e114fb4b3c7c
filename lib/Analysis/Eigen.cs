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

    /// <summary>The top <paramref name="nev"/> eigenvectors, by decreasing eigenvalue, by thick-restart
    /// Lanczos with full reorthogonalisation (Wu &amp; Simon 2000): a Krylov basis of <paramref name="basis"/>
    /// vectors, restarted from its best Ritz vectors until their residuals ‖Ax − θx‖ fall below
    /// <paramref name="tol"/>. Far fewer products than subspace iteration when the wanted eigenvalues
    /// crowd together (a graph of well-separated clusters), where subspace iteration converges slowly.</summary>
    public static double[][] TopLanczos(int n, int nev, Action<double[], double[]> apply, int seed, int basis = 40, double tol = 1e-6, int maxRestarts = 200)
    {
        if (nev < 1 || nev > n) throw new ArgumentOutOfRangeException(nameof(nev), nev, $"nev must be between 1 and n = {n}");
        if (n <= 4 * basis) return DenseTop(n, nev, apply);
        int m = Math.Max(basis, 2 * nev + 2);
        var v = new double[m + 1][];
        var t = new double[m * m];
        var coef = new double[m];
        var rng = new Random(seed);
        v[0] = new double[n];
        for (int i = 0; i < n; i++) v[0][i] = rng.NextDouble() - 0.5;
        Scale(v[0], 1 / Norm(v[0]));
        int kept = 0;
        for (int restart = 0; ; restart++)
        {
            double beta = 0;
            for (int j = kept; j < m; j++)
            {
                var w = v[j + 1] ??= new double[n];
                apply(v[j], w);
                Array.Clear(coef);
                for (int pass = 0; pass < 2; pass++) // twice is enough (Kahan, Parlett)
                    for (int l = 0; l <= j; l++)
                    {
                        double h = Dot(w, v[l]);
                        coef[l] += h;
                        Axpy(-h, v[l], w);
                    }
                for (int l = 0; l <= j; l++) t[l * m + j] = t[j * m + l] = coef[l];
                beta = Norm(w);
                if (beta < 1e-13) { beta = 0; break; } // an invariant subspace: the Ritz pairs are exact
                Scale(w, 1 / beta);
            }
            var (values, vecs) = Dense.SymmetricEigen(t, m);
            bool done = beta == 0 || restart == maxRestarts;
            if (!done)
            {
                double worst = 0;
                for (int r = 0; r < nev; r++) worst = Math.Max(worst, beta * Math.Abs(vecs[r * m + m - 1]));
                done = worst < tol;
            }
            int keep = done ? nev : Math.Min(m - 2, Math.Max(nev + 1, m / 2));
            var ritz = new double[keep][];
            for (int r = 0; r < keep; r++)
            {
                var x = ritz[r] = new double[n];
                for (int a = 0; a < m; a++) if (v[a] is { } va) Axpy(vecs[r * m + a], va, x);
            }
            if (done) return ritz;
            // restart: the kept Ritz vectors, then the last residual direction
            var residual = v[m];
            for (int r = 0; r < keep; r++) v[r] = ritz[r];
            v[keep] = residual;
            for (int r = keep + 1; r <= m; r++) v[r] = null!;
            Array.Clear(t);
            for (int r = 0; r < keep; r++) t[r * m + r] = values[r];
            kept = keep;
        }
    }

    /// <summary>Small operators: the whole matrix from n products, then a dense decomposition.</summary>
    static double[][] DenseTop(int n, int nev, Action<double[], double[]> apply)
    {
        var a = new double[n * n]; var e = new double[n]; var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(e); e[j] = 1; apply(e, col);
            for (int i = 0; i < n; i++) a[i * n + j] = col[i];
        }
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i] = (a[i * n + j] + a[j * n + i]) / 2;
        var (_, vecs) = Dense.SymmetricEigen(a, n);
        return Enumerable.Range(0, nev).Select(r => vecs.AsSpan(r * n, n).ToArray()).ToArray();
    }

    static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, b);
    static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
    static void Scale(double[] a, double s) => System.Numerics.Tensors.TensorPrimitives.Multiply<double>(a, s, a);
    static void Axpy(double s, double[] x, double[] y) => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<double>(x, s, y, y);

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
