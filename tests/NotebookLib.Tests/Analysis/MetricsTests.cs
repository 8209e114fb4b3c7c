using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class MetricsTests
{
    static (int[] Y, float[] S, int[] P) Scored(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new int[n]; var s = new float[n]; var p = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < 0.3 ? 1 : 0;
            // rounded so that ties between scores occur, as they do with real classifiers
            s[i] = MathF.Round((float)(y[i] * 0.8 + rng.NextDouble()), 2);
            p[i] = s[i] >= 0.9f ? 1 : 0;
        }
        return (y, s, p);
    }

    [Fact]
    public void Classification_metrics_equal_scikit_learn()
    {
        var (y, s, p) = Scored(400, 1);
        var o = Oracle.Run("""
            from sklearn import metrics as m
            y, s, p = np.array(inp['y']), np.array(inp['s'], dtype=np.float32), np.array(inp['p'])
            tn, fp, fn, tp = m.confusion_matrix(y, p).ravel()
            fpr, tpr, _ = m.roc_curve(y, s, drop_intermediate=False)
            pr, rc, th = m.precision_recall_curve(y, s)
            f1 = 2*pr*rc/np.maximum(pr+rc, 1e-300)
            out = dict(cm=m.confusion_matrix(y, p), precision=m.precision_score(y, p), recall=m.recall_score(y, p),
                       f1=m.f1_score(y, p), accuracy=m.accuracy_score(y, p), specificity=tn/(tn+fp), npv=tn/(tn+fn),
                       auc=m.roc_auc_score(y, s), ap=m.average_precision_score(y, s), fpr=fpr, tpr=tpr,
                       pr=pr, rc=rc, th=th, bestf1=f1[:-1].max(), bestth=th[np.argmax(f1[:-1])])
            """, new { y, s, p });

        var cm = Metrics.ConfusionMatrix(y, p);
        var b = cm.Binary();
        Assert.Equal(o["cm"]![0]![0]!.GetValue<long>(), cm.Counts[0, 0]);
        Assert.Equal(o["cm"]![1]![1]!.GetValue<long>(), cm.Counts[1, 1]);
        Assert.Equal(o["cm"]![0]![1]!.GetValue<long>(), b.FalsePositives);
        Assert.Equal(o["precision"]!.GetValue<double>(), b.Precision, 12);
        Assert.Equal(o["recall"]!.GetValue<double>(), b.Recall, 12);
        Assert.Equal(o["f1"]!.GetValue<double>(), b.F1, 12);
        Assert.Equal(o["accuracy"]!.GetValue<double>(), b.Accuracy, 12);
        Assert.Equal(o["specificity"]!.GetValue<double>(), b.Specificity, 12);
        Assert.Equal(o["npv"]!.GetValue<double>(), b.Npv, 12);
        Assert.Equal(b, Metrics.Binary(y, p));

        var roc = Metrics.RocCurve(y, s);
        Assert.Equal(o["auc"]!.GetValue<double>(), roc.Auc, 12);
        Oracle.Close(Oracle.Doubles(o["fpr"]!), roc.X, 12);
        Oracle.Close(Oracle.Doubles(o["tpr"]!), roc.Y, 12);

        var pr = Metrics.PrecisionRecallCurve(y, s);
        Assert.Equal(o["ap"]!.GetValue<double>(), pr.Auc, 12);
        Oracle.Close(Oracle.Doubles(o["pr"]!), pr.Y, 12);
        Oracle.Close(Oracle.Doubles(o["rc"]!), pr.X, 12);
        Oracle.Close(Oracle.Doubles(o["th"]!), pr.Thresholds, 6);

        var (t, f1) = Metrics.BestF1Threshold(y, s);
        Assert.Equal(o["bestf1"]!.GetValue<double>(), f1, 12);
        Assert.Equal(o["bestth"]!.GetValue<double>(), t, 6);
        Assert.Equal(f1, Metrics.Binary(y, s, t).F1, 12);
    }

    [Fact]
    public void Clustering_metrics_equal_scikit_learn()
    {
        var rng = new Random(3);
        var (x, truth) = Synthetic.Blobs(150, 5, 3, 2, spread: 4f, separation: 5f);
        var pred = truth.Select(l => rng.NextDouble() < 0.2 ? rng.Next(4) : l).ToArray();
        var o = Oracle.Run("""
            from sklearn import metrics as m
            X, a, b = np.array(inp['x'], dtype=np.float32), inp['a'], inp['b']
            out = dict(ari=m.adjusted_rand_score(a, b), nmi=m.normalized_mutual_info_score(a, b),
                       sil=m.silhouette_score(X, b), silc=m.silhouette_score(X, b, metric='cosine'),
                       sils=m.silhouette_samples(X, b))
            """, new { x = Oracle.Rows(x), a = truth, b = pred });
        Assert.Equal(o["ari"]!.GetValue<double>(), Metrics.AdjustedRandIndex(truth, pred), 12);
        Assert.Equal(o["nmi"]!.GetValue<double>(), Metrics.NormalizedMutualInfo(truth, pred), 12);
        Assert.Equal(o["sil"]!.GetValue<double>(), Metrics.Silhouette(x, pred), 4);
        Assert.Equal(o["silc"]!.GetValue<double>(), Metrics.Silhouette(x, pred, Metric.Cosine), 4);
        Oracle.Close(Oracle.Doubles(o["sils"]!), Metrics.SilhouetteSamples(x, pred), 4);
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, truth.Select(l => 7 - l).ToArray()), 12);
    }

    [Fact]
    public void Bad_input_names_what_is_wrong()
    {
        var e = Assert.Throws<ArgumentException>(() => Metrics.ConfusionMatrix([1, 0, 1], [1, 0]));
        Assert.Contains("3", e.Message); Assert.Contains("2", e.Message);
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => Metrics.RocAuc([1, 1], [0.2f, 0.4f])).Message);
        var x = new float[4, 2]; x[2, 1] = float.NaN;
        Assert.Contains("X[2, 1]", Assert.Throws<ArgumentException>(() => Metrics.Silhouette(x, [0, 0, 1, 1])).Message);
    }
}
