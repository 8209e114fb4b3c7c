using MathNet.Numerics.Distributions;

namespace NotebookLib.Models.Search;

/// <summary>
/// The univariate Parzen estimator of TPE (Bergstra et al. 2011, as in Optuna): for a numeric
/// parameter, a mixture of Gaussians truncated to [low, high], one at each observation plus a
/// broad prior at the centre, with bandwidths from the gaps between neighbouring observations;
/// for a categorical one, smoothed frequencies. Sample draws from it, LogPdf scores a point.
/// </summary>
internal sealed class ParzenEstimator
{
    readonly double[] weights;
    readonly double[] mus;
    readonly double[] sigmas;
    readonly double[] logNorms;   // log of each component's mass inside [low, high]
    readonly double low, high;
    readonly double[]? categoryProbabilities;

    ParzenEstimator(double[] weights, double[] mus, double[] sigmas, double low, double high)
    {
        this.weights = weights; this.mus = mus; this.sigmas = sigmas; this.low = low; this.high = high;
        logNorms = new double[mus.Length];
        for (var i = 0; i < mus.Length; i++)
            logNorms[i] = Math.Log(Math.Max(Mass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]), 1e-300));
    }

    ParzenEstimator(double[] categoryProbabilities)
    {
        this.categoryProbabilities = categoryProbabilities;
        weights = mus = sigmas = logNorms = [];
    }

    /// <summary>Mixture over observations in [low, high] (already in the sampler's coordinates).</summary>
    public static ParzenEstimator Numeric(IReadOnlyList<double> observations, double low, double high, double priorWeight = 1.0)
    {
        var n = observations.Count;
        var mus = new double[n + 1];
        for (var i = 0; i < n; i++) mus[i] = observations[i];
        mus[n] = 0.5 * (low + high);
        var range = high - low;
        var sigmas = new double[n + 1];
        // Bandwidth of each point: the larger gap to its sorted neighbours (the two extremes have
        // one neighbour), clipped to [range / min(100, 1 + n), range] (Bergstra's "magic clip").
        var order = Enumerable.Range(0, n + 1).OrderBy(i => mus[i]).ToArray();
        for (var r = 0; r < order.Length; r++)
        {
            var left = r > 0 ? mus[order[r]] - mus[order[r - 1]] : double.NaN;
            var right = r < order.Length - 1 ? mus[order[r + 1]] - mus[order[r]] : double.NaN;
            sigmas[order[r]] = double.IsNaN(left) ? right : double.IsNaN(right) ? left : Math.Max(left, right);
        }
        var minSigma = range / Math.Min(100.0, 1.0 + (n + 1));
        for (var i = 0; i <= n; i++)
            sigmas[i] = double.IsNaN(sigmas[i]) ? range : Math.Clamp(sigmas[i], minSigma, range);
        sigmas[n] = range;                        // the prior spans the whole interval
        if (range == 0) Array.Fill(sigmas, 1.0);  // degenerate interval: any positive width will do
        var weights = new double[n + 1];
        for (var i = 0; i < n; i++) weights[i] = 1.0;
        weights[n] = priorWeight;
        var total = weights.Sum();
        for (var i = 0; i <= n; i++) weights[i] /= total;
        return new ParzenEstimator(weights, mus, sigmas, low, high);
    }

    /// <summary>Frequencies of the observed category indices, smoothed by a prior spread evenly over the choices.</summary>
    public static ParzenEstimator Categorical(IReadOnlyList<int> observations, int choices, double priorWeight = 1.0)
    {
        var p = new double[choices];
        for (var k = 0; k < choices; k++) p[k] = priorWeight / choices;
        foreach (var o in observations) p[o] += 1;
        var total = p.Sum();
        for (var k = 0; k < choices; k++) p[k] /= total;
        return new ParzenEstimator(p);
    }

    public double Sample(Random random)
    {
        if (categoryProbabilities is { } p) return Pick(random, p);
        var i = Pick(random, weights);
        return TruncatedNormal(random, mus[i], sigmas[i], low, high);
    }

    public double LogPdf(double x)
    {
        if (categoryProbabilities is { } p) return Math.Log(p[(int)x]);
        // log-sum-exp over the components, each a truncated normal density.
        var terms = new double[mus.Length];
        var max = double.NegativeInfinity;
        for (var i = 0; i < mus.Length; i++)
        {
            var z = (x - mus[i]) / sigmas[i];
            terms[i] = Math.Log(weights[i]) - 0.5 * z * z - Math.Log(sigmas[i] * Math.Sqrt(2 * Math.PI)) - logNorms[i];
            max = Math.Max(max, terms[i]);
        }
        var sum = 0.0;
        foreach (var t in terms) sum += Math.Exp(t - max);
        return max + Math.Log(sum);
    }

    static int Pick(Random random, double[] p)
    {
        var u = random.NextDouble();
        for (var i = 0; i < p.Length; i++)
        {
            u -= p[i];
            if (u < 0) return i;
        }
        return p.Length - 1;
    }

    /// <summary>Probability mass of the standard normal between a and b, computed on the side
    /// of zero where the CDF keeps its precision.</summary>
    static double Mass(double a, double b) =>
        a > 0 ? Normal.CDF(0, 1, -a) - Normal.CDF(0, 1, -b) : Normal.CDF(0, 1, b) - Normal.CDF(0, 1, a);

    /// <summary>Inverse-CDF draw from N(mu, sigma²) restricted to [low, high].</summary>
    static double TruncatedNormal(Random random, double mu, double sigma, double low, double high)
    {
        var a = (low - mu) / sigma;
        var b = (high - mu) / sigma;
        var sign = 1.0;
        if (a > 0) { (a, b) = (-b, -a); sign = -1; }
        var pa = Normal.CDF(0, 1, a);
        var pb = Normal.CDF(0, 1, b);
        var u = pa + random.NextDouble() * (pb - pa);
        var z = pb - pa > 1e-300 ? Normal.InvCDF(0, 1, u) : 0.5 * (a + b);
        if (!double.IsFinite(z)) z = u <= pa ? a : b;
        return Math.Clamp(mu + sign * sigma * z, low, high);
    }
}
