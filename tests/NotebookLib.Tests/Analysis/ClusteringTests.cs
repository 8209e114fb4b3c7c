using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class ClusteringTests
{
    [Fact]
    public void KMeans_recovers_blobs_and_matches_scikit_learn_inertia()
    {
        var (x, truth) = Synthetic.Blobs(600, 8, 5, seed: 1, spread: 1.5f, separation: 6f);
        var km = new KMeans(5, seed: 3).Fit(x);
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, km.Labels), 12);
        Assert.Equal(km.Labels, km.Predict(x));
        var o = Oracle.Run("""
            from sklearn.cluster import KMeans
            X = np.array(inp['x'], dtype=np.float32)
            out = dict(inertia=KMeans(5, n_init=10, random_state=0).fit(X).inertia_)
            """, new { x = Oracle.Rows(x) });
        Assert.InRange(km.Inertia / o["inertia"]!.GetValue<double>(), 0.999, 1.001);
        Assert.Equal(-km.Inertia, km.Score(x), 3);
        var t = km.Transform(x);
        Assert.Equal(5, t.GetLength(1));
    }

    /// <summary>Notebook 04's case: a broad, anisotropic bulk with a few sparse groups off it, where k-means has many local
    /// minima and each start ends in its own. Ten starts of ours must end as low as ten of scikit-learn's, and the inertia we
    /// report must be the sum of squares of our labels and centres.</summary>
    [Fact]
    public void KMeans_with_ten_starts_reaches_scikit_learn_inertia_where_starts_end_in_different_minima()
    {
        var rng = new Random(4);
        int n = 2000, d = 16;
        var x = new float[n, d];
        var offsets = new float[6, d];
        for (int g = 0; g < 6; g++) for (int j = 0; j < d; j++) offsets[g, j] = 2.5f * Synthetic.Gauss(rng);
        for (int i = 0; i < n; i++)
        {
            int group = i < 1700 ? -1 : (i - 1700) % 6;   // 1,700 in the bulk, 300 in six sparse groups
            for (int j = 0; j < d; j++)
                x[i, j] = group < 0 ? (3f - 0.17f * j) * Synthetic.Gauss(rng) : offsets[group, j] + 1.5f * Synthetic.Gauss(rng);
        }
        var fits = Enumerable.Range(0, 5).Select(s => new KMeans(7, seed: s).Fit(x)).ToArray();
        var ours = fits.Select(f => f.Inertia).ToArray();
        var o = Oracle.Run("""
            from sklearn.cluster import KMeans
            X = np.array(inp['x'], dtype=np.float32)
            singles = [KMeans(7, n_init=1, random_state=s).fit(X).inertia_ for s in range(100)]
            C = np.array(inp['centers'], dtype=np.float64)[np.array(inp['labels'])]
            out = dict(ten=[KMeans(7, n_init=10, random_state=s).fit(X).inertia_ for s in range(5)], best=min(singles), worst=max(singles),
                       recomputed=float(((X.astype(np.float64) - C) ** 2).sum()))
            """, new { x = Oracle.Rows(x), labels = fits[0].Labels, centers = Oracle.Rows(fits[0].Centers) });
        var ten = Oracle.Doubles(o["ten"]!);
        double best = o["best"]!.GetValue<double>(), worst = o["worst"]!.GetValue<double>();
        Assert.True(worst / best > 1.01, $"the case has distinct minima: single starts of scikit-learn end between {best:F1} and {worst:F1}");
        Assert.True(ours.Max() <= ten.Max() * 1.001, $"ours, ten starts: {string.Join(", ", ours.Select(v => v.ToString("F1")))}; scikit-learn: {string.Join(", ", ten.Select(v => v.ToString("F1")))}");
        Assert.True(ours.Average() <= ten.Average() * 1.001, $"mean over five seeds: ours {ours.Average():F1}, scikit-learn {ten.Average():F1}");
        // a low inertia is a real one: numpy's sum of squares of our labels and centres
        Assert.InRange(ours[0] / o["recomputed"]!.GetValue<double>(), 1 - 1e-5, 1 + 1e-5);
    }

    [Fact]
    public void Gaussian_mixture_recovers_blobs_and_matches_scikit_learn_likelihood()
    {
        var (x, truth) = Synthetic.Blobs(600, 4, 3, seed: 2, spread: 1f, separation: 8f);
        foreach (var ct in new[] { CovarianceType.Full, CovarianceType.Diag, CovarianceType.Spherical })
        {
            var g = new GaussianMixture(3, ct, seed: 1).Fit(x);
            Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, g.Predict(x)), 12);
            var p = g.PredictProba(x);
            for (int k = 0; k < 3; k++) Assert.InRange(p[0, k], 0, 1);
            Assert.Equal(1.0, p[7, 0] + p[7, 1] + p[7, 2], 9);
            Assert.Equal(1.0, g.Weights.Sum(), 9);
        }
        var fitted = new[] { "full", "diag", "spherical" }.Select(ct => new GaussianMixture(3,
            ct == "full" ? CovarianceType.Full : ct == "diag" ? CovarianceType.Diag : CovarianceType.Spherical, seed: 1).Fit(x)).ToArray();
        var o = Oracle.Run("""
            from sklearn.mixture import GaussianMixture
            X = np.array(inp['x'], dtype=np.float64)
            out = {}
            for ct in ['full', 'diag', 'spherical']:
                g = GaussianMixture(3, covariance_type=ct, random_state=0).fit(X)
                out[ct] = dict(score=g.score(X), bic=g.bic(X), aic=g.aic(X), samples=g.score_samples(X[:5]))
            """, new { x = Oracle.Rows(x) });
        int i = 0;
        foreach (var ct in new[] { "full", "diag", "spherical" })
        {
            var g = fitted[i++];
            Assert.Equal(o[ct]!["score"]!.GetValue<double>(), g.Score(x), 3);
            Assert.InRange(g.Bic(x) - o[ct]!["bic"]!.GetValue<double>(), -1, 1);
            Assert.InRange(g.Aic(x) - o[ct]!["aic"]!.GetValue<double>(), -1, 1);
            var rows = new float[5, 4]; for (int r = 0; r < 5; r++) for (int c = 0; c < 4; c++) rows[r, c] = x[r, c];
            Oracle.Close(Oracle.Doubles(o[ct]!["samples"]!), g.ScoreSamples(rows), 2);
        }
    }

    [Fact]
    public void Bic_sweep_picks_the_true_number_of_components()
    {
        var (x, _) = Synthetic.Blobs(800, 3, 4, seed: 5, spread: 1f, separation: 10f);
        var sweep = GaussianMixture.Sweep(x, Enumerable.Range(1, 7), seed: 2, progress: false);
        Assert.Equal(4, sweep.Best);
        Assert.Equal(7, sweep.Rows.Count);
        Assert.Equal(4, sweep.BestModel.NComponents);
        Assert.All(sweep.Rows, r => Assert.Equal(-2 * r.LogLikelihood + 2 * sweep.Models[r.Components - 1].NParameters, r.Aic, 6));
    }

    [Fact]
    public void Component_sweep_is_a_data_frame_to_filter_and_save()
    {
        var (x, _) = Synthetic.Blobs(400, 2, 3, seed: 5, spread: 1f, separation: 10f);
        var sweep = GaussianMixture.Sweep(x, Enumerable.Range(1, 5), seed: 2, progress: false);
        var table = sweep.Table;
        Assert.Equal(5, table.Rows.Count);
        Assert.Equal(["components", "log_likelihood", "aic", "bic", "converged", "best_bic", "best_aic"], table.Columns.Select(c => c.Name));
        for (var i = 0; i < sweep.Rows.Count; i++)
        {
            Assert.Equal(sweep.Rows[i].Components, (int)table["components"][i]!);
            Assert.Equal(sweep.Rows[i].Bic, (double)table["bic"][i]!);
            Assert.Equal(sweep.Rows[i].Aic, (double)table["aic"][i]!);
        }
        // Filter: the one row of the lowest BIC is the sweep's Best.
        var best = table.Filter(table["best_bic"].ElementwiseEquals(true));
        Assert.Equal(1, best.Rows.Count);
        Assert.Equal(sweep.Best, (int)best["components"][0]!);
        Assert.Equal(3, sweep.Best);
        // Save and load: the same BIC column comes back from CSV.
        using var csv = new MemoryStream();
        Microsoft.Data.Analysis.DataFrame.SaveCsv(table, csv);
        csv.Position = 0;
        var back = Microsoft.Data.Analysis.DataFrame.LoadCsv(csv);
        Assert.Equal(5, back.Rows.Count);
        for (var i = 0; i < 5; i++) Assert.Equal(sweep.Rows[i].Bic, Convert.ToDouble(back["bic"][i], System.Globalization.CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public void Clustering_bad_input_gets_clear_errors()
    {
        var (x, _) = Synthetic.Blobs(10, 3, 2, seed: 1);
        Assert.Contains("nClusters = 20", Assert.Throws<ArgumentException>(() => new KMeans(20).Fit(x)).Message);
        Assert.Contains("nComponents = 11", Assert.Throws<ArgumentException>(() => new GaussianMixture(11).Fit(x)).Message);
        var km = new KMeans(2, seed: 1).Fit(x);
        var e = Assert.Throws<ArgumentException>(() => km.Predict(new float[4, 5]));
        Assert.Contains("4×5", e.Message); Assert.Contains("3 features", e.Message);
        x[3, 2] = float.NaN;
        Assert.Contains("X[3, 2] is NaN", Assert.Throws<ArgumentException>(() => new GaussianMixture(2).Fit(x)).Message);
        Assert.Contains("not fitted", Assert.Throws<InvalidOperationException>(() => new KMeans(2).Predict(x)).Message);
    }
}
