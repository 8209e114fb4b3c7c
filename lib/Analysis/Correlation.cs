namespace NotebookLib.Analysis;

// Correlation coefficients (scipy.stats' pearsonr and spearmanr statistics).
public static partial class Metrics
{
    /// <summary>Pearson's correlation coefficient r of two samples (NaN when either is constant).</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}");
        if (x.Count < 2) throw new ArgumentException("a correlation needs at least two pairs");
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>Spearman's rank correlation ρ (Pearson's r of the ranks, ties given their mean rank): 1 for a
    /// strictly increasing relation.</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(Ranks(x), Ranks(y));

    static double[] Ranks(IReadOnlyList<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Count];
        for (var a = 0; a < order.Length;)
        {
            var b = a;
            while (b + 1 < order.Length && v[order[b + 1]] == v[order[a]]) b++;
            for (var k = a; k <= b; k++) ranks[order[k]] = (a + b) / 2.0 + 1;
            a = b + 1;
        }
        return ranks;
    }
}
