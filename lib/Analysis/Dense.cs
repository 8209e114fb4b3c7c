namespace NotebookLib.Analysis;

/// <summary>The symmetric eigen-decomposition of a small p×p matrix on the CPU: the Rayleigh-Ritz
/// step of <see cref="Eigen"/>'s sparse-graph eigensolver (the dense matrix work runs on lib/Torch).</summary>
internal static class Dense
{
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
