namespace NotebookLib.Analysis;

/// <summary>The library's one confusion matrix: Counts[i, j] is the number of samples whose true label is
/// Labels[i] and predicted label is Labels[j] (scikit-learn's confusion_matrix layout), with optional
/// names for the classes. It displays in a notebook as a table of counts and percentages of each true
/// class (lib/Plotting, which also draws it as a heatmap: <c>Plot.ConfusionMatrix</c>).</summary>
public sealed record ConfusionMatrix
{
    public ConfusionMatrix(int[] labels, long[,] counts, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(counts);
        var n = labels.Length;
        if (n == 0) throw new ArgumentException("no classes given", nameof(labels));
        if (counts.GetLength(0) != n || counts.GetLength(1) != n)
            throw new ArgumentException($"counts is {counts.GetLength(0)}×{counts.GetLength(1)} but there are {n} classes: it must be {n}×{n}", nameof(counts));
        foreach (var c in counts) if (c < 0) throw new ArgumentException("counts must not be negative", nameof(counts));
        if (classNames is not null && classNames.Count != n)
            throw new ArgumentException($"{classNames.Count} class names for {n} classes", nameof(classNames));
        Labels = labels;
        Counts = counts;
        ClassNames = classNames ?? labels.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    public int[] Labels { get; }
    public long[,] Counts { get; }
    /// <summary>What each class is called in displays (the labels as numbers unless named).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public long Total { get { long s = 0; foreach (var c in Counts) s += c; return s; } }

    /// <summary>Fraction of the samples on the diagonal (NaN when there are none).</summary>
    public double Accuracy
    {
        get
        {
            long diagonal = 0;
            for (int i = 0; i < Labels.Length; i++) diagonal += Counts[i, i];
            return Total == 0 ? double.NaN : (double)diagonal / Total;
        }
    }

    /// <summary>Samples of true class i.</summary>
    public long RowTotal(int i)
    {
        long s = 0;
        for (int j = 0; j < Labels.Length; j++) s += Counts[i, j];
        return s;
    }

    /// <summary>Counts[i, j] over the samples of true class i (0 when the class has none).</summary>
    public double RowFraction(int i, int j)
    {
        var row = RowTotal(i);
        return row == 0 ? 0 : (double)Counts[i, j] / row;
    }

    /// <summary>Per true class: its name, how many samples it has and which fraction of them is predicted right (per-class accuracy, i.e. recall).</summary>
    public Microsoft.Data.Analysis.DataFrame PerClassAccuracy() => new(
        new Microsoft.Data.Analysis.StringDataFrameColumn("class", ClassNames),
        new Microsoft.Data.Analysis.Int64DataFrameColumn("samples", Enumerable.Range(0, Labels.Length).Select(k => RowTotal(k))),
        new Microsoft.Data.Analysis.DoubleDataFrameColumn("accuracy", Enumerable.Range(0, Labels.Length).Select(k => Math.Round(RowFraction(k, k), 4))));

    /// <summary>The binary view with <paramref name="positive"/> as the positive class.</summary>
    public BinaryMetrics Binary(int positive = 1)
    {
        int p = Array.IndexOf(Labels, positive);
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < Labels.Length; i++)
            for (int j = 0; j < Labels.Length; j++)
            {
                long c = Counts[i, j];
                bool t = i == p, q = j == p;
                if (t && q) tp += c; else if (!t && q) fp += c; else if (t) fn += c; else tn += c;
            }
        return new BinaryMetrics(tp, fp, tn, fn);
    }
}

/// <summary>The counts of a two-class decision and the rates astronomers quote from them.
/// A rate whose denominator is zero is 0, as scikit-learn's zero_division=0.</summary>
public sealed record BinaryMetrics(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    /// <summary>Recall, also called sensitivity or true-positive rate.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double Sensitivity => Recall;
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);
    /// <summary>Negative predictive value.</summary>
    public double Npv => Ratio(TrueNegatives, TrueNegatives + FalseNegatives);
    public double Accuracy => Ratio(TruePositives + TrueNegatives, TruePositives + TrueNegatives + FalsePositives + FalseNegatives);
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);
}

/// <summary>A receiver-operating-characteristic or precision-recall curve: one point per distinct
/// score threshold (a sample is called positive when its score ≥ the threshold).</summary>
public sealed record Curve(double[] X, double[] Y, double[] Thresholds, double Auc);

/// <summary>Classification and clustering metrics, numerically equal to scikit-learn's.</summary>
public static partial class Metrics
{
    /// <summary>The confusion matrix of the labels (all that occur, in order, unless given), with the
    /// classes named <paramref name="classNames"/> in displays.</summary>
    public static ConfusionMatrix ConfusionMatrix(int[] yTrue, int[] yPred, int[]? labels = null, IReadOnlyList<string>? classNames = null)
    {
        CheckSameLength(yTrue, yPred, "yTrue", "yPred");
        labels ??= yTrue.Concat(yPred).Distinct().Order().ToArray();
        var where = new Dictionary<int, int>();
        for (int i = 0; i < labels.Length; i++) where[labels[i]] = i;
        var counts = new long[labels.Length, labels.Length];
        for (int i = 0; i < yTrue.Length; i++)
            if (where.TryGetValue(yTrue[i], out var a) && where.TryGetValue(yPred[i], out var b)) counts[a, b]++;
        return new ConfusionMatrix(labels, counts, classNames);
    }

    public static BinaryMetrics Binary(int[] yTrue, int[] yPred, int positive = 1)
    {
        CheckSameLength(yTrue, yPred, "yTrue", "yPred");
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < yTrue.Length; i++)
        {
            bool t = yTrue[i] == positive, p = yPred[i] == positive;
            if (t && p) tp++; else if (p) fp++; else if (t) fn++; else tn++;
        }
        return new BinaryMetrics(tp, fp, tn, fn);
    }

    /// <summary>Binary metrics of the decision score ≥ threshold.</summary>
    public static BinaryMetrics Binary(int[] yTrue, float[] scores, double threshold, int positive = 1)
    {
        CheckSameLength(yTrue, scores, "yTrue", "scores");
        return Binary(yTrue.Select(y => y == positive ? 1 : 0).ToArray(), scores.Select(s => s >= threshold ? 1 : 0).ToArray());
    }

    /// <summary>Cumulative true/false positives at each distinct score, highest score first
    /// (scikit-learn's _binary_clf_curve).</summary>
    static (double[] Fps, double[] Tps, double[] Thresholds) BinaryCurve(int[] yTrue, float[] scores, int positive)
    {
        CheckSameLength(yTrue, scores, "yTrue", "scores");
        if (yTrue.Length == 0) throw new ArgumentException("yTrue is empty");
        foreach (var s in scores) if (!float.IsFinite(s)) throw new ArgumentException($"scores contain {s}; every score must be finite", nameof(scores));
        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));
        var fps = new List<double>(); var tps = new List<double>(); var th = new List<double>();
        double tp = 0, fp = 0;
        for (int r = 0; r < order.Length; r++)
        {
            if (yTrue[order[r]] == positive) tp++; else fp++;
            if (r == order.Length - 1 || scores[order[r + 1]] != scores[order[r]])
            { tps.Add(tp); fps.Add(fp); th.Add(scores[order[r]]); }
        }
        return (fps.ToArray(), tps.ToArray(), th.ToArray());
    }

    /// <summary>ROC curve (X = false-positive rate, Y = true-positive rate) starting at (0, 0), with
    /// every distinct threshold kept (drop_intermediate=False), and its area.</summary>
    public static Curve RocCurve(int[] yTrue, float[] scores, int positive = 1)
    {
        var (fps, tps, th) = BinaryCurve(yTrue, scores, positive);
        double P = tps[^1], N = fps[^1];
        if (P == 0 || N == 0) throw new ArgumentException($"ROC needs both classes in yTrue: {P} positives and {N} negatives");
        var x = new double[fps.Length + 1]; var y = new double[fps.Length + 1]; var t = new double[fps.Length + 1];
        t[0] = double.PositiveInfinity;
        for (int i = 0; i < fps.Length; i++) { x[i + 1] = fps[i] / N; y[i + 1] = tps[i] / P; t[i + 1] = th[i]; }
        return new Curve(x, y, t, Trapezoid(x, y));
    }

    public static double RocAuc(int[] yTrue, float[] scores, int positive = 1) => RocCurve(yTrue, scores, positive).Auc;

    /// <summary>Precision-recall curve (X = recall, Y = precision) in scikit-learn's order: thresholds
    /// increasing, then the (recall 0, precision 1) end point. Auc is the average
    /// precision Σ (Rₙ − Rₙ₋₁) Pₙ, as average_precision_score.</summary>
    public static Curve PrecisionRecallCurve(int[] yTrue, float[] scores, int positive = 1)
    {
        var (fps, tps, th) = BinaryCurve(yTrue, scores, positive);
        double P = tps[^1];
        if (P == 0) throw new ArgumentException("precision-recall needs at least one positive in yTrue");
        int last = tps.Length - 1, m = tps.Length;
        var rec = new double[m + 1]; var prec = new double[m + 1]; var t = new double[m];
        for (int i = 0; i < m; i++)
        {
            int s = last - i;
            prec[i] = tps[s] / (tps[s] + fps[s]); rec[i] = tps[s] / P; t[i] = th[s];
        }
        prec[m] = 1; rec[m] = 0;
        double ap = 0;
        for (int i = 0; i < m; i++) ap += (rec[i] - rec[i + 1]) * prec[i];
        return new Curve(rec, prec, t, ap);
    }

    public static double AveragePrecision(int[] yTrue, float[] scores, int positive = 1) => PrecisionRecallCurve(yTrue, scores, positive).Auc;

    /// <summary>The score threshold (positive when score ≥ threshold) that maximises F1, and that F1.</summary>
    public static (double Threshold, double F1) BestF1Threshold(int[] yTrue, float[] scores, int positive = 1)
    {
        var pr = PrecisionRecallCurve(yTrue, scores, positive);
        double best = -1, bestT = double.NaN;
        for (int i = 0; i < pr.Thresholds.Length; i++)
        {
            double p = pr.Y[i], r = pr.X[i], f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            if (f > best) { best = f; bestT = pr.Thresholds[i]; }
        }
        return (bestT, best);
    }

    /// <summary>Area under a curve by the trapezoidal rule (scikit-learn's auc).</summary>
    public static double Trapezoid(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 1; i < x.Length; i++) s += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return Math.Abs(s);
    }

    static void CheckSameLength<TA, TB>(TA[] a, TB[] b, string na, string nb)
    {
        ArgumentNullException.ThrowIfNull(a, na); ArgumentNullException.ThrowIfNull(b, nb);
        if (a.Length != b.Length) throw new ArgumentException($"{na} has {a.Length} entries but {nb} has {b.Length}; they must be the same samples");
    }
}
