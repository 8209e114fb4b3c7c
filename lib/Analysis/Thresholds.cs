namespace NotebookLib.Analysis;

/// <summary>
/// Cut-offs on a one-dimensional anomaly measure such as an autoencoder's per-sample
/// reconstruction error: a percentile, mean + k·σ, or the robust median + k·1.4826·MAD
/// (σ-equivalent for Gaussian data, unmoved by the outliers it is meant to find).
/// </summary>
public static class Thresholds
{
    /// <summary>The q-th percentile (0–100) with linear interpolation, as numpy.percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        var v = Checked(values, nameof(Percentile));
        if (q is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(q), q, "a percentile lies between 0 and 100");
        Array.Sort(v);
        double pos = q / 100 * (v.Length - 1); int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, v.Length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    /// <summary>mean + k·σ (population standard deviation).</summary>
    public static double MeanStd(IReadOnlyList<double> values, double k = 3)
    {
        var v = Checked(values, nameof(MeanStd));
        double m = v.Average(), s = Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / v.Length);
        return m + k * s;
    }

    /// <summary>median + k·1.4826·MAD.</summary>
    public static double Mad(IReadOnlyList<double> values, double k = 3)
    {
        var v = Checked(values, nameof(Mad));
        double med = Percentile(v, 50);
        double mad = Percentile(v.Select(x => Math.Abs(x - med)).ToArray(), 50);
        return med + k * 1.4826 * mad;
    }

    /// <summary>Indices of the values above <paramref name="threshold"/>, largest first.</summary>
    public static int[] Above(IReadOnlyList<double> values, double threshold) =>
        Enumerable.Range(0, values.Count).Where(i => values[i] > threshold).OrderByDescending(i => values[i]).ToArray();

    static double[] Checked(IReadOnlyList<double> values, string what)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException($"Thresholds.{what}: no values");
        for (int i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"Thresholds.{what}: value [{i}] is {values[i]}; every value must be finite");
        return values.ToArray();
    }
}
