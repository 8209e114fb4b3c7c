
using NotebookLib.Display;

namespace NotebookLib.Analysis;

/// <summary>
/// A self-organising map (Kohonen) on a rows × cols rectangular grid, trained in batch mode:
/// each epoch assigns every sample to its best-matching unit, then moves each unit to the
/// neighbourhood-weighted mean of the samples, with a Gaussian neighbourhood whose width shrinks
/// from <c>sigma</c> (default half the grid) to <c>sigmaEnd</c>. Deterministic given the seed.
/// </summary>
public sealed class SelfOrganizingMap(int rows = 10, int cols = 10, int nEpochs = 30, double? sigma = null, double sigmaEnd = 0.5, int? seed = null, bool progress = true)
{
    public int Rows { get; } = rows > 0 ? rows : throw new ArgumentOutOfRangeException(nameof(rows), rows, "the grid needs at least one row");
    public int Cols { get; } = cols > 0 ? cols : throw new ArgumentOutOfRangeException(nameof(cols), cols, "the grid needs at least one column");
    public int NEpochs { get; } = Math.Max(1, nEpochs);
    public double Sigma { get; } = sigma ?? Math.Max(rows, cols) / 2.0;
    public double SigmaEnd { get; } = sigmaEnd;
    public int Seed { get; } = NotebookLib.Configuration.Seeds.Resolve(seed);
    readonly bool progress = progress;

    /// <summary>Unit weights, (Rows·Cols) × d; unit u sits at grid cell (u / Cols, u % Cols).</summary>
    public float[,] Weights { get; private set; } = new float[0, 0];
    /// <summary>Mean distance of the training samples to their best-matching unit.</summary>
    public double QuantizationError { get; private set; }
    /// <summary>Fraction of training samples whose two best units are not grid neighbours.</summary>
    public double TopographicError { get; private set; }
    int d;

    public SelfOrganizingMap Fit(float[,] x)
    {
        var (n, dd) = Input.Check(x, "SelfOrganizingMap");
        d = dd; int units = Rows * Cols;
        var data = Input.Flat(x).ToArray();
        // initialise on the plane of the first two principal components, as is usual for SOMs
        var w = new float[units * d];
        if (n >= 3 && d >= 2)
        {
            var pca = new PCA(2).Fit(x);
            for (int u = 0; u < units; u++)
            {
                double a = Rows == 1 ? 0 : 2.0 * (u / Cols) / (Rows - 1) - 1, b = Cols == 1 ? 0 : 2.0 * (u % Cols) / (Cols - 1) - 1;
                for (int j = 0; j < d; j++)
                    w[u * d + j] = (float)(pca.Mean[j] + a * Math.Sqrt(pca.ExplainedVariance[0]) * pca.Components[0, j] + b * Math.Sqrt(pca.ExplainedVariance[1]) * pca.Components[1, j]);
            }
        }
        else
        {
            var rng = new Random(Seed);
            for (int u = 0; u < units; u++) data.AsSpan(rng.Next(n) * d, d).CopyTo(w.AsSpan(u * d, d));
        }
        using var prog = progress ? Progress.Start("SOM", NEpochs) : null;
        for (int e = 0; e < NEpochs; e++)
        {
            double s = NEpochs == 1 ? SigmaEnd : Sigma * Math.Pow(SigmaEnd / Sigma, (double)e / (NEpochs - 1));
            var (bmu, _) = Kernels.NearestCenter(data, n, w, units, d, Torch.Device.Default);
            // per-unit sums of the samples that chose it, then one neighbourhood smoothing over the grid
            var sums = new double[units * d]; var counts = new double[units];
            for (int i = 0; i < n; i++) { counts[bmu[i]]++; for (int j = 0; j < d; j++) sums[bmu[i] * d + j] += data[i * d + j]; }
            var next = new float[units * d];
            Parallel.For(0, units, Input.Parallel, u =>
            {
                double total = 0; var acc = new double[d];
                for (int v = 0; v < units; v++)
                {
                    if (counts[v] == 0) continue;
                    double h = Math.Exp(-GridDistance2(u, v) / (2 * s * s));
                    if (h < 1e-6) continue;
                    total += h * counts[v];
                    for (int j = 0; j < d; j++) acc[j] += h * sums[v * d + j];
                }
                for (int j = 0; j < d; j++) next[u * d + j] = total > 0 ? (float)(acc[j] / total) : w[u * d + j];
            });
            w = next;
            prog?.Report(e + 1);
        }
        Weights = Input.ToMatrix(w, units, d);
        (QuantizationError, TopographicError) = Errors(data, n, w);
        return this;
    }

    double GridDistance2(int u, int v) { double dr = u / Cols - v / Cols, dc = u % Cols - v % Cols; return dr * dr + dc * dc; }

    (double, double) Errors(float[] data, int n, float[] w)
    {
        int units = Rows * Cols;
        if (units < 2) return (0, 0);
        var (idx, d2) = Kernels.KNearest(data, n, w, units, d, 2, false);
        double qe = 0; int bad = 0;
        for (int i = 0; i < n; i++)
        {
            qe += Math.Sqrt(d2[2 * i]);
            if (GridDistance2(idx[2 * i], idx[2 * i + 1]) > 2.0) bad++; // not one of the 8 surrounding cells
        }
        return (qe / n, (double)bad / n);
    }

    /// <summary>The best-matching unit of each sample, as a unit index (row · Cols + col).</summary>
    public int[] Predict(float[,] x)
    {
        Input.CheckFitted(d > 0, "SelfOrganizingMap");
        int n = Input.CheckFeatures(x, d, "SelfOrganizingMap.Predict");
        return Kernels.NearestCenter(Input.Flat(x), n, Input.Flat(Weights), Rows * Cols, d, Torch.Device.Default).Labels;
    }

    /// <summary>Grid cell (row, col) of each sample's best-matching unit.</summary>
    public (int Row, int Col)[] Winners(float[,] x) => Predict(x).Select(u => (u / Cols, u % Cols)).ToArray();

    /// <summary>The U-matrix: mean distance of each unit to its 4-connected grid neighbours (cluster borders are high).</summary>
    public double[,] UMatrix()
    {
        Input.CheckFitted(d > 0, "SelfOrganizingMap");
        var u = new double[Rows, Cols];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
            {
                double s = 0; int k = 0;
                foreach (var (dr, dc) in new[] { (-1, 0), (1, 0), (0, -1), (0, 1) })
                {
                    int rr = r + dr, cc = c + dc; if (rr < 0 || rr >= Rows || cc < 0 || cc >= Cols) continue;
                    double e = 0; for (int j = 0; j < d; j++) { double v = Weights[r * Cols + c, j] - Weights[rr * Cols + cc, j]; e += v * v; }
                    s += Math.Sqrt(e); k++;
                }
                u[r, c] = k > 0 ? s / k : 0;
            }
        return u;
    }
}
