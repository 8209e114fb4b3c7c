using Microsoft.Data.Analysis;
using NotebookLib.Display;
using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>The shape of each component's covariance: full matrices, diagonal (per-feature
/// variances) or spherical (one variance per component).</summary>
public enum CovarianceType { Full, Diag, Spherical }

/// <summary>
/// Gaussian mixture fitted by expectation-maximisation, shaped like scikit-learn's GaussianMixture:
/// k-means initialisation (best of three k-means++ seedings), <c>regCovar</c> added to the diagonal, EM until the mean log-likelihood
/// changes by less than <c>tol</c>; the best of <c>nInit</c> runs. Aic/Bic choose the number of
/// components (see <see cref="Sweep"/>). The E and M steps are matrix products and batched Cholesky
/// factorisations on lib/Torch, on <c>device</c> (a GPU when there is one).
/// </summary>
public sealed class GaussianMixture(int nComponents = 1, CovarianceType covarianceType = CovarianceType.Full,
    double tol = 1e-3, double regCovar = 1e-6, int maxIter = 100, int nInit = 1, int? seed = null, Device? device = null)
{
    public int NComponents { get; } = nComponents > 0 ? nComponents : throw new ArgumentOutOfRangeException(nameof(nComponents), nComponents, "a mixture needs at least one component");
    public CovarianceType CovarianceType { get; } = covarianceType;
    public double Tol { get; } = tol;
    public double RegCovar { get; } = regCovar;
    public int MaxIter { get; } = maxIter;
    public int NInit { get; } = Math.Max(1, nInit);
    public int Seed { get; } = NotebookLib.Configuration.Seeds.Resolve(seed);
    /// <summary>Where the matrix work runs.</summary>
    public Device Device { get; } = Device.Resolve(device);

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
    double[][] precChol = [];  // full: inverse Cholesky factor, transposed (upper); diag/spherical: 1/σ
    double[] logDet = [];      // log det of the precision Cholesky factor
    bool fitted;

    public GaussianMixture Fit(float[,] x)
    {
        var (n, dd) = Input.Check(x, "GaussianMixture");
        if (n < NComponents) throw new ArgumentException($"GaussianMixture: X has {n} samples but nComponents = {NComponents}; there must be at least as many samples as components", nameof(x));
        if (n < 2) throw new ArgumentException("GaussianMixture needs at least 2 samples", nameof(x));
        d = dd;
        using var scope = torch.NewDisposeScope();
        var X = Kernels.Upload(x, Device);
        double best = double.NegativeInfinity;
        Parameters? keep = null; bool keepConverged = false; int keepIterations = 0;
        for (int run = 0; run < NInit; run++)
        {
            // the best of 3 k-means++ seedings: a merged pair of clusters at the start costs EM many slow iterations
            var labels = new KMeans(NComponents, nInit: 3, seed: Seed + run, device: Device).Fit(x, X).Labels;
            var onehot = torch.tensor(labels, device: Device).to(ScalarType.Int64).unsqueeze(1)
                .eq(torch.arange(NComponents, device: Device).unsqueeze(0)).to(ScalarType.Float64);
            var p = MStep(X, onehot);
            double lower = double.NegativeInfinity; bool conv = false; int iter;
            for (iter = 1; iter <= MaxIter; iter++)
            {
                using var step = torch.NewDisposeScope();
                double prev = lower;
                var (logResp, mean) = EStep(X, p);
                lower = mean;
                var next = MStep(X, logResp.exp()).MoveTo(step);
                p.Dispose(); p = next;
                if (Math.Abs(lower - prev) < Tol) { conv = true; break; }
            }
            if (lower > best || keep is null)
            {
                best = lower; keep?.Dispose(); keep = p;
                keepConverged = conv; keepIterations = Math.Min(iter, MaxIter);
            }
            else p.Dispose();
        }
        Download(keep!);
        Converged = keepConverged; Iterations = keepIterations;
        LowerBound = best;
        Means = Input.ToMatrix(means, NComponents, d);
        fitted = true;
        return this;
    }

    /// <summary>log p(xᵢ) under the mixture, for every sample.</summary>
    public double[] ScoreSamples(float[,] x)
    {
        Checked(x, "ScoreSamples");
        using var scope = torch.NewDisposeScope();
        return WeightedLogProb(Kernels.Upload(x, Device), Upload()).logsumexp(1).data<double>();
    }

    /// <summary>Mean log-likelihood per sample.</summary>
    public double Score(float[,] x) => ScoreSamples(x).Average();

    /// <summary>Posterior probability of each component for each sample (n × NComponents).</summary>
    public double[,] PredictProba(float[,] x)
    {
        int n = Checked(x, "PredictProba");
        using var scope = torch.NewDisposeScope();
        var p = new double[n, NComponents];
        EStep(Kernels.Upload(x, Device), Upload()).LogResp.exp().CopyTo<double>(
            System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref p[0, 0], p.Length));
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

    int Checked(float[,] x, string what)
    {
        Input.CheckFitted(fitted, "GaussianMixture");
        return Input.CheckFeatures(x, d, "GaussianMixture." + what);
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

    /// <summary>One set of mixture parameters on the device. Full: PrecChol [k, d, d] (float32) and
    /// Cov [k, d, d]; diagonal: [k, d]; spherical: [k]. LogWeights and LogDet [k] in float64.</summary>
    sealed record Parameters(Tensor LogWeights, Tensor Means, Tensor Cov, Tensor PrecChol, Tensor LogDet) : IDisposable
    {
        public Parameters MoveTo(DisposeScope scope)
        {
            foreach (var t in new[] { LogWeights, Means, Cov, PrecChol, LogDet }) scope.MoveToOuter(t);
            return this;
        }
        public void Dispose() { LogWeights.Dispose(); Means.Dispose(); Cov.Dispose(); PrecChol.Dispose(); LogDet.Dispose(); }
    }

    /// <summary>Log-responsibilities (n × k, float64) and the mean log-likelihood.</summary>
    (Tensor LogResp, double Mean) EStep(Tensor x, Parameters p)
    {
        var weighted = WeightedLogProb(x, p);
        var norm = weighted.logsumexp(1, keepdim: true);
        double mean = norm.mean().item<double>();
        return (weighted - norm, mean);
    }

    /// <summary>log wₖ + log N(xᵢ | μₖ, Σₖ) for every sample and component (n × k, float64), with the
    /// Mahalanobis terms as matrix products: full, y = x·Pₖ − μₖ·Pₖ for all k at once (Pₖ the
    /// precision Cholesky factor); diagonal and spherical by the expansion ‖x‖² − 2x·μ + ‖μ‖².</summary>
    Tensor WeightedLogProb(Tensor x, Parameters p)
    {
        long n = x.size(0), k = NComponents;
        Tensor maha;
        if (CovarianceType == CovarianceType.Full)
        {
            var all = p.PrecChol.permute(1, 0, 2).reshape(d, k * d);        // [d, k·d]
            var muP = p.Means.unsqueeze(1).matmul(p.PrecChol).reshape(1, k * d);
            // in row blocks: the n × k·d products would otherwise be k·d floats per sample at once
            int block = Kernels.RowBlock(k * d);
            var parts = new List<Tensor>();
            for (long i0 = 0; i0 < n; i0 += block)
            {
                long m = Math.Min(block, n - i0);
                using var rows = torch.NewDisposeScope();
                var y = x.narrow(0, i0, m).mm(all).sub_(muP);
                parts.Add(rows.MoveToOuter(y.mul_(y).reshape(m, k, d).sum(2)));
            }
            maha = parts.Count == 1 ? parts[0] : torch.cat(parts);
        }
        else
        {
            var prec2 = CovarianceType == CovarianceType.Diag ? p.PrecChol.square() : p.PrecChol.square().unsqueeze(1).expand(k, d);
            var x2 = x.square();
            maha = x2.mm(prec2.t()) - 2 * x.mm((p.Means * prec2).t()) + (p.Means.square() * prec2).sum(1).unsqueeze(0);
        }
        return maha.to(ScalarType.Float64).mul_(-0.5).add_(-0.5 * d * Math.Log(2 * Math.PI)).add_((p.LogDet + p.LogWeights).unsqueeze(0));
    }

    /// <summary>Weights, means and covariances from responsibilities (n × k, float64).</summary>
    Parameters MStep(Tensor x, Tensor resp)
    {
        long n = x.size(0);
        int k = NComponents;
        // scikit-learn's guard against empty components
        var nk = resp.sum(0) + 10 * 2.220446049250313e-16;
        var r32 = resp.to(ScalarType.Float32);
        var means = (r32.t().mm(x).to(ScalarType.Float64) / nk.unsqueeze(1)).to(ScalarType.Float32);
        var nkHost = nk.data<double>();
        var covs = new List<Tensor>();
        for (int c = 0; c < k; c++)
        {
            // one component at a time, its n × d temporaries freed before the next: otherwise k of them live at once
            using var component = torch.NewDisposeScope();
            // about the component's own mean: no cancellation between E[x²] and μ²
            var diff = x - means.narrow(0, c, 1);
            var w = r32.narrow(1, c, 1);
            Tensor cv;
            if (CovarianceType == CovarianceType.Full)
                cv = diff.mul(w).t().mm(diff).to(ScalarType.Float64) / nkHost[c];
            else
            {
                var v = w.t().mm(diff.square()).squeeze(0).to(ScalarType.Float64) / nkHost[c];
                cv = CovarianceType == CovarianceType.Diag ? v : v.mean().unsqueeze(0);
            }
            covs.Add(component.MoveToOuter(cv));
        }
        var cov = torch.stack(covs);
        Tensor precChol, logDet;
        if (CovarianceType == CovarianceType.Full)
        {
            cov = cov + torch.eye(d, dtype: ScalarType.Float64, device: x.device) * RegCovar;
            Tensor chol;
            try { chol = torch.linalg.cholesky(cov); }
            catch (TorchException e)
            {
                throw new InvalidOperationException(
                    $"GaussianMixture: a component's covariance is not positive definite ({e.Message.Split('\n')[0]}); the data may have duplicate samples or a constant feature — raise regCovar ({RegCovar}) or use fewer components", e);
            }
            var inv = torch.linalg.inv(chol).transpose(1, 2);                // upper: Σ⁻¹ = P Pᵀ
            var eye = torch.eye(d, dtype: ScalarType.Float64, device: x.device);
            logDet = -(chol * eye).sum(2).log().sum(1);                       // log det P = −Σ log Lⱼⱼ
            precChol = inv.to(ScalarType.Float32).contiguous();
        }
        else
        {
            cov = cov + RegCovar;
            if (CovarianceType == CovarianceType.Spherical) cov = cov.squeeze(1);
            var inv = cov.rsqrt();
            logDet = CovarianceType == CovarianceType.Spherical ? inv.log() * d : inv.log().sum(1);
            precChol = inv.to(ScalarType.Float32);
        }
        return new Parameters((nk / n).log(), means, cov, precChol, logDet);
    }

    /// <summary>The fitted parameters back on the device, for scoring new samples.</summary>
    Parameters Upload()
    {
        var dev = Device;
        long[] shape = CovarianceType switch
        {
            CovarianceType.Full => [NComponents, d, d],
            CovarianceType.Diag => [NComponents, d],
            _ => [NComponents],
        };
        var covariances = torch.tensor(cov.SelectMany(v => v).ToArray(), shape, dev);
        var precision = torch.tensor(precChol.SelectMany(v => v).ToArray(), shape, dev).to(ScalarType.Float32);
        return new Parameters(torch.tensor(Weights.Select(w => Math.Log(w)).ToArray(), device: dev),
            torch.tensor(means, [NComponents, d], dev).to(ScalarType.Float32), covariances, precision, torch.tensor(logDet, device: dev));
    }

    void Download(Parameters p)
    {
        Weights = p.LogWeights.exp().data<double>();
        means = p.Means.data<double>();
        var c = p.Cov.data<double>(); var pc = p.PrecChol.data<double>();
        int per = CovarianceType switch { CovarianceType.Full => d * d, CovarianceType.Diag => d, _ => 1 };
        cov = Enumerable.Range(0, NComponents).Select(i => c.AsSpan(i * per, per).ToArray()).ToArray();
        precChol = Enumerable.Range(0, NComponents).Select(i => pc.AsSpan(i * per, per).ToArray()).ToArray();
        logDet = p.LogDet.data<double>();
        p.Dispose();
    }
}

/// <summary>AIC and BIC per number of components; <see cref="Best"/> has the lowest BIC. <see cref="Table"/> is the
/// same sweep as a DataFrame, to filter, join or save (<c>DataFrame.SaveCsv</c>).</summary>
public sealed record ComponentSweep(IReadOnlyList<ComponentSweep.Row> Rows, IReadOnlyList<GaussianMixture> Models)
{
    public sealed record Row(int Components, double LogLikelihood, double Aic, double Bic, bool Converged);
    public int Best => Rows.MinBy(r => r.Bic)!.Components;
    public int BestByAic => Rows.MinBy(r => r.Aic)!.Components;
    public GaussianMixture BestModel => Models[Rows.ToList().FindIndex(r => r.Components == Best)];

    /// <summary>One row per component count: components, log_likelihood, aic, bic, converged, and whether the row
    /// has the lowest BIC (best_bic) and the lowest AIC (best_aic). A new DataFrame on each call.</summary>
    public DataFrame Table => new(
        new Int32DataFrameColumn("components", Rows.Select(r => r.Components)),
        new DoubleDataFrameColumn("log_likelihood", Rows.Select(r => r.LogLikelihood)),
        new DoubleDataFrameColumn("aic", Rows.Select(r => r.Aic)),
        new DoubleDataFrameColumn("bic", Rows.Select(r => r.Bic)),
        new BooleanDataFrameColumn("converged", Rows.Select(r => r.Converged)),
        new BooleanDataFrameColumn("best_bic", Rows.Select(r => r.Components == Best)),
        new BooleanDataFrameColumn("best_aic", Rows.Select(r => r.Components == BestByAic)));
}
