
using NotebookLib.Plotting;

namespace NotebookLib.Analysis;

/// <summary>The shape of each component's covariance: full matrices, diagonal (per-feature
/// variances) or spherical (one variance per component).</summary>
public enum CovarianceType { Full, Diag, Spherical }

/// <summary>
/// Gaussian mixture fitted by expectation-maximisation, shaped like scikit-learn's GaussianMixture:
/// k-means initialisation (best of three k-means++ seedings), <c>regCovar</c> added to the diagonal, EM until the mean log-likelihood
/// changes by less than <c>tol</c>; the best of <c>nInit</c> runs. Aic/Bic choose the number of
/// components (see <see cref="Sweep"/>).
/// </summary>
public sealed class GaussianMixture(int nComponents = 1, CovarianceType covarianceType = CovarianceType.Full,
    double tol = 1e-3, double regCovar = 1e-6, int maxIter = 100, int nInit = 1, int? seed = null)
{
    public int NComponents { get; } = nComponents > 0 ? nComponents : throw new ArgumentOutOfRangeException(nameof(nComponents), nComponents, "a mixture needs at least one component");
    public CovarianceType CovarianceType { get; } = covarianceType;
    public double Tol { get; } = tol;
    public double RegCovar { get; } = regCovar;
    public int MaxIter { get; } = maxIter;
    public int NInit { get; } = Math.Max(1, nInit);
    public int Seed { get; } = seed ?? NotebookLib.Configuration.EnvironmentSettings.Current.Seed;

    /// <summary>Mixing weights (sum to 1).</summary>
    public double[] Weights { get; private set; } = [];
    /// <summary>Component means, NComponents × d.</summary>
    public float[,] Means { get; private set; } = new float[0, 0];
    /// <summary>Each component's d×d covariance (diagonal and spherical ones written out in full).</summary>
    public double[][,] Covariances => Enumerable.Range(0, NComponents).Select(Covariance).ToArray();
    public bool Converged { get; private set; }
    public int Iterations { get; private set; }
    /// <summary>The mean log-likelihood at the last EM step of the best run.</summary>
    public double LowerBound { get; private set; }
    /// <summary>Free parameters: means, covariances and the k−1 free weights.</summary>
    public int NParameters => CovarianceType switch
    {
        CovarianceType.Full => NComponents * d * (d + 1) / 2,
        CovarianceType.Diag => NComponents * d,
        _ => NComponents,
    } + NComponents * d + NComponents - 1;

    int d;
    double[] means = [];       // k × d
    double[][] cov = [];       // per component: full d×d, diag d, spherical 1
    double[][] precChol = [];  // full: inverse Cholesky factor (rows); diag/spherical: 1/σ
    double[] logDet = [];      // log det of the precision Cholesky factor
    bool fitted;

    public GaussianMixture Fit(float[,] x)
    {
        var (n, dd) = Input.Check(x, "GaussianMixture");
        if (n < NComponents) throw new ArgumentException($"GaussianMixture: X has {n} samples but nComponents = {NComponents}; there must be at least as many samples as components", nameof(x));
        if (n < 2) throw new ArgumentException("GaussianMixture needs at least 2 samples", nameof(x));
        d = dd;
        var data = Input.Flat(x).ToArray();
        double best = double.NegativeInfinity;
        (double[] w, double[] m, double[][] c, double[][] p, double[] ld, bool conv, int it)? keep = null;
        for (int run = 0; run < NInit; run++)
        {
            // the best of 3 k-means++ seedings: a merged pair of clusters at the start costs EM many slow iterations
            var labels = new KMeans(NComponents, nInit: 3, seed: Seed + run).Fit(x).Labels;
            var resp = new double[n * NComponents];
            for (int i = 0; i < n; i++) resp[i * NComponents + labels[i]] = 1;
            MStep(data, n, resp, isLog: false);
            double lower = double.NegativeInfinity; bool conv = false; int iter = 0;
            for (iter = 1; iter <= MaxIter; iter++)
            {
                double prev = lower;
                lower = EStep(data, n, resp);
                MStep(data, n, resp);
                if (Math.Abs(lower - prev) < Tol) { conv = true; break; }
            }
            if (lower > best || keep is null)
            {
                best = lower;
                keep = (Weights, means, cov, precChol, logDet, conv, Math.Min(iter, MaxIter));
            }
        }
        (Weights, means, cov, precChol, logDet, Converged, Iterations) = keep!.Value;
        LowerBound = best;
        Means = Input.ToMatrix(means, NComponents, d);
        fitted = true;
        return this;
    }

    /// <summary>log p(xᵢ) under the mixture, for every sample.</summary>
    public double[] ScoreSamples(float[,] x)
    {
        var (data, n) = Checked(x, "ScoreSamples");
        var r = new double[n * NComponents];
        WeightedLogProb(data, n, r);
        return Enumerable.Range(0, n).Select(i => LogSumExp(r.AsSpan(i * NComponents, NComponents))).ToArray();
    }

    /// <summary>Mean log-likelihood per sample.</summary>
    public double Score(float[,] x) => ScoreSamples(x).Average();

    /// <summary>Posterior probability of each component for each sample (n × NComponents).</summary>
    public double[,] PredictProba(float[,] x)
    {
        var (data, n) = Checked(x, "PredictProba");
        var r = new double[n * NComponents];
        EStep(data, n, r);
        var p = new double[n, NComponents];
        for (int i = 0; i < n; i++) for (int k = 0; k < NComponents; k++) p[i, k] = Math.Exp(r[i * NComponents + k]);
        return p;
    }

    public int[] Predict(float[,] x)
    {
        var p = PredictProba(x);
        return Enumerable.Range(0, p.GetLength(0)).Select(i =>
        {
            int b = 0; for (int k = 1; k < NComponents; k++) if (p[i, k] > p[i, b]) b = k; return b;
        }).ToArray();
    }

    public int[] FitPredict(float[,] x) => Fit(x).Predict(x);

    /// <summary>Akaike information criterion: −2 log L + 2p (lower is better).</summary>
    public double Aic(float[,] x) => -2 * Score(x) * x.GetLength(0) + 2 * NParameters;

    /// <summary>Bayesian information criterion: −2 log L + p ln n (lower is better).</summary>
    public double Bic(float[,] x) => -2 * Score(x) * x.GetLength(0) + NParameters * Math.Log(x.GetLength(0));

    /// <summary>Fits one mixture per component count and tabulates AIC and BIC, as talk 000 does to
    /// choose the number of clusters; the best count is the one with the lowest BIC.</summary>
    public static ComponentSweep Sweep(float[,] x, IEnumerable<int> nComponents, CovarianceType covarianceType = CovarianceType.Full,
        int? seed = null, int nInit = 1, double tol = 1e-3, int maxIter = 100, bool progress = true)
    {
        var counts = nComponents.ToArray();
        if (counts.Length == 0) throw new ArgumentException("Sweep needs at least one component count", nameof(nComponents));
        using var p = progress ? Progress.Start("GMM sweep", counts.Length) : null;
        var rows = new List<ComponentSweep.Row>(); var models = new List<GaussianMixture>();
        for (int i = 0; i < counts.Length; i++)
        {
            var g = new GaussianMixture(counts[i], covarianceType, tol, maxIter: maxIter, nInit: nInit, seed: seed).Fit(x);
            double ll = g.Score(x) * x.GetLength(0);
            rows.Add(new ComponentSweep.Row(counts[i], ll, g.Aic(x), g.Bic(x), g.Converged));
            models.Add(g);
            p?.Report(i + 1, $"k={counts[i]} BIC={rows[^1].Bic:F1}");
        }
        return new ComponentSweep(rows, models);
    }

    (float[] Data, int N) Checked(float[,] x, string what)
    {
        Input.CheckFitted(fitted, "GaussianMixture");
        int n = Input.CheckFeatures(x, d, "GaussianMixture." + what);
        return (Input.Flat(x).ToArray(), n);
    }

    double[,] Covariance(int k)
    {
        var c = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                c[i, j] = CovarianceType switch
                {
                    CovarianceType.Full => cov[k][i * d + j],
                    CovarianceType.Diag => i == j ? cov[k][i] : 0,
                    _ => i == j ? cov[k][0] : 0,
                };
        return c;
    }

    /// <summary>Writes log-responsibilities into <paramref name="resp"/> and returns the mean log-likelihood.</summary>
    double EStep(float[] data, int n, double[] resp)
    {
        WeightedLogProb(data, n, resp);
        int k = NComponents; double total = 0; object gate = new();
        Parallel.For(0, (n + 1023) / 1024, Input.Parallel, b =>
        {
            double s = 0; int i1 = Math.Min(n, (b + 1) * 1024);
            for (int i = b * 1024; i < i1; i++)
            {
                var row = resp.AsSpan(i * k, k); double lse = LogSumExp(row); s += lse;
                for (int c = 0; c < k; c++) row[c] -= lse;
            }
            lock (gate) total += s;
        });
        return total / n;
    }

    static double LogSumExp(ReadOnlySpan<double> v)
    {
        double m = double.NegativeInfinity; foreach (var x in v) m = Math.Max(m, x);
        if (double.IsNegativeInfinity(m)) return m;
        double s = 0; foreach (var x in v) s += Math.Exp(x - m);
        return m + Math.Log(s);
    }

    /// <summary>log wₖ + log N(xᵢ | μₖ, Σₖ) for every sample and component.</summary>
    void WeightedLogProb(float[] data, int n, double[] output)
    {
        int k = NComponents; double c0 = d * Math.Log(2 * Math.PI);
        float[][] pf = CovarianceType == CovarianceType.Full ? precChol.Select(p => p.Select(v => (float)v).ToArray()).ToArray() : [];
        var muP = new double[k][];
        if (CovarianceType == CovarianceType.Full)
            for (int c = 0; c < k; c++)
            {
                muP[c] = new double[d];
                for (int j = 0; j < d; j++) { double s = 0; for (int l = 0; l <= j; l++) s += precChol[c][j * d + l] * means[c * d + l]; muP[c][j] = s; }
            }
        const int block = 256;
        Parallel.For(0, (n + block - 1) / block, Input.Parallel, () => new float[block * d], (b, _, buf) =>
        {
            int i0 = b * block, m = Math.Min(block, n - i0);
            for (int c = 0; c < k; c++)
            {
                double lw = Math.Log(Weights[c]) + logDet[c];
                if (CovarianceType == CovarianceType.Full)
                {
                    // y = L⁻¹(x − μ): one row of L⁻¹ per output feature
                    Kernels.DotBlock(data, i0, m, pf[c], 0, d, d, buf);
                    for (int i = 0; i < m; i++)
                    {
                        double s = 0;
                        for (int j = 0; j < d; j++) { double y = buf[i * d + j] - muP[c][j]; s += y * y; }
                        output[(i0 + i) * k + c] = -0.5 * (c0 + s) + lw;
                    }
                }
                else
                {
                    var p = precChol[c];
                    for (int i = 0; i < m; i++)
                    {
                        double s = 0; int row = (i0 + i) * d;
                        for (int j = 0; j < d; j++)
                        {
                            double y = (data[row + j] - means[c * d + j]) * (p.Length == 1 ? p[0] : p[j]);
                            s += y * y;
                        }
                        output[(i0 + i) * k + c] = -0.5 * (c0 + s) + lw;
                    }
                }
            }
            return buf;
        }, _ => { });
    }

    /// <summary>Weights, means and covariances from log-responsibilities (or one-hot responsibilities on the first call).</summary>
    void MStep(float[] data, int n, double[] resp, bool isLog = true)
    {
        int k = NComponents;
        var r = isLog ? resp.Select(Math.Exp).ToArray() : resp;
        var nk = new double[k]; var mu = new double[k * d]; object gate = new();
        Parallel.For(0, (n + 2047) / 2048, Input.Parallel, () => (new double[k], new double[k * d]), (b, _, acc) =>
        {
            int i1 = Math.Min(n, (b + 1) * 2048);
            for (int i = b * 2048; i < i1; i++)
                for (int c = 0; c < k; c++)
                {
                    double w = r[i * k + c]; if (w < 1e-300) continue;
                    acc.Item1[c] += w;
                    for (int j = 0; j < d; j++) acc.Item2[c * d + j] += w * data[i * d + j];
                }
            return acc;
        }, acc => { lock (gate) { for (int c = 0; c < k; c++) nk[c] += acc.Item1[c]; for (int q = 0; q < k * d; q++) mu[q] += acc.Item2[q]; } });
        for (int c = 0; c < k; c++)
        {
            nk[c] += 10 * 2.220446049250313e-16; // scikit-learn's guard against empty components
            for (int j = 0; j < d; j++) mu[c * d + j] /= nk[c];
        }
        var covs = new double[k][]; var pc = new double[k][]; var ld = new double[k];
        for (int c = 0; c < k; c++)
        {
            var wc = new double[n]; for (int i = 0; i < n; i++) wc[i] = r[i * k + c];
            var mc = mu.AsSpan(c * d, d).ToArray();
            if (CovarianceType == CovarianceType.Full)
            {
                var s = Dense.WeightedScatter(data, n, d, mc, wc);
                for (int q = 0; q < s.Length; q++) s[q] /= nk[c];
                for (int j = 0; j < d; j++) s[j * d + j] += RegCovar;
                var l = Dense.Cholesky(s, d) ?? throw new InvalidOperationException(
                    $"GaussianMixture: the covariance of component {c} is not positive definite; the data may have duplicate samples or a constant feature — raise regCovar ({RegCovar}) or use fewer components");
                covs[c] = s; pc[c] = Dense.InvertLower(l, d);
                double sum = 0; for (int j = 0; j < d; j++) sum += Math.Log(pc[c][j * d + j]);
                ld[c] = sum;
            }
            else
            {
                var v = new double[d];
                for (int i = 0; i < n; i++)
                {
                    double w = wc[i]; if (w == 0) continue;
                    for (int j = 0; j < d; j++) { double e = data[i * d + j] - mc[j]; v[j] += w * e * e; }
                }
                for (int j = 0; j < d; j++) v[j] = v[j] / nk[c] + RegCovar;
                if (CovarianceType == CovarianceType.Spherical) v = [v.Average()];
                covs[c] = v; pc[c] = v.Select(x => 1 / Math.Sqrt(x)).ToArray();
                ld[c] = CovarianceType == CovarianceType.Spherical ? d * Math.Log(pc[c][0]) : pc[c].Sum(Math.Log);
            }
        }
        Weights = nk.Select(v => v / n).ToArray();
        means = mu; cov = covs; precChol = pc; logDet = ld;
    }
}

/// <summary>AIC and BIC per number of components; <see cref="Best"/> has the lowest BIC.</summary>
public sealed record ComponentSweep(IReadOnlyList<ComponentSweep.Row> Rows, IReadOnlyList<GaussianMixture> Models)
{
    public sealed record Row(int Components, double LogLikelihood, double Aic, double Bic, bool Converged);
    public int Best => Rows.MinBy(r => r.Bic)!.Components;
    public int BestByAic => Rows.MinBy(r => r.Aic)!.Components;
    public GaussianMixture BestModel => Models[Rows.ToList().FindIndex(r => r.Components == Best)];
}
