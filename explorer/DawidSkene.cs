namespace NotebookLib.Explorer;

/// <summary>
/// Dawid and Skene's (1979) estimate of the true class of each item from several experts' labels:
/// EM over one confusion matrix per expert (row = true class, column = the label given) and the class
/// priors. Starts from the majority vote's soft counts, as the paper does; stops when no posterior
/// moves by more than <see cref="Tolerance"/> or after <see cref="MaxIterations"/>.
/// <see cref="Smoothing"/> adds a pseudo-count to every confusion cell so that one expert who never saw
/// a class cannot veto it with a zero.
/// </summary>
public sealed class DawidSkene(int nClasses, int maxIterations = 100, double tolerance = 1e-6, double smoothing = 0.01)
{
    public int NClasses { get; } = nClasses > 0 ? nClasses : throw new ArgumentOutOfRangeException(nameof(nClasses), $"Dawid–Skene needs at least one class, not {nClasses}");
    public int MaxIterations { get; } = maxIterations;
    public double Tolerance { get; } = tolerance;
    public double Smoothing { get; } = smoothing;

    /// <summary>Posterior class probabilities, one row per item (items without labels keep the priors).</summary>
    public double[][] Posteriors { get; private set; } = [];
    /// <summary>Each expert's confusion matrix: [expert][true class][given label], rows sum to 1.</summary>
    public double[][][] Confusions { get; private set; } = [];
    public double[] Priors { get; private set; } = [];
    public int Iterations { get; private set; }

    /// <summary>The consensus label of each item (argmax of its posterior; -1 for an item nobody labelled).</summary>
    public int[] Labels { get; private set; } = [];

    /// <summary>Fits on (item, expert, label) triples; item and expert are 0-based indices.</summary>
    public DawidSkene Fit(int nItems, int nExperts, IReadOnlyList<(int Item, int Expert, int Label)> labels)
    {
        var k = NClasses;
        foreach (var (item, expert, label) in labels)
        {
            if ((uint)item >= (uint)nItems) throw new ArgumentOutOfRangeException(nameof(labels), $"item {item} is outside 0..{nItems - 1}");
            if ((uint)expert >= (uint)nExperts) throw new ArgumentOutOfRangeException(nameof(labels), $"expert {expert} is outside 0..{nExperts - 1}");
            if ((uint)label >= (uint)k) throw new ArgumentOutOfRangeException(nameof(labels), $"label {label} is outside the {k} classes");
        }
        var byItem = new List<(int Expert, int Label)>[nItems];
        for (var i = 0; i < nItems; i++) byItem[i] = [];
        foreach (var (item, expert, label) in labels) byItem[item].Add((expert, label));

        // Initial posteriors: the share of the votes each class got.
        var t = new double[nItems][];
        for (var i = 0; i < nItems; i++)
        {
            t[i] = new double[k];
            if (byItem[i].Count == 0) continue;
            foreach (var (_, l) in byItem[i]) t[i][l] += 1.0 / byItem[i].Count;
        }
        var priors = new double[k];
        var confusion = new double[nExperts][][];
        for (var e = 0; e < nExperts; e++) { confusion[e] = new double[k][]; for (var c = 0; c < k; c++) confusion[e][c] = new double[k]; }

        Iterations = 0;
        for (var iter = 0; iter < MaxIterations; iter++)
        {
            Iterations = iter + 1;
            MStep(t, byItem, priors, confusion);
            var moved = EStep(byItem, priors, confusion, t);
            if (moved < Tolerance) break;
        }
        Priors = priors;
        Confusions = confusion;
        Posteriors = t;
        Labels = t.Select((p, i) => byItem[i].Count == 0 ? -1 : ArgMax(p)).ToArray();
        return this;
    }

    void MStep(double[][] t, List<(int Expert, int Label)>[] byItem, double[] priors, double[][][] confusion)
    {
        var k = NClasses;
        Array.Clear(priors);
        var labelled = 0;
        foreach (var e in confusion) foreach (var row in e) Array.Fill(row, Smoothing);
        for (var i = 0; i < t.Length; i++)
        {
            if (byItem[i].Count == 0) continue;
            labelled++;
            for (var c = 0; c < k; c++) priors[c] += t[i][c];
            foreach (var (e, l) in byItem[i])
                for (var c = 0; c < k; c++) confusion[e][c][l] += t[i][c];
        }
        for (var c = 0; c < k; c++) priors[c] = labelled == 0 ? 1.0 / k : (priors[c] + Smoothing) / (labelled + k * Smoothing);
        foreach (var e in confusion)
            foreach (var row in e)
            {
                var sum = row.Sum();
                for (var l = 0; l < k; l++) row[l] /= sum;
            }
    }

    /// <summary>New posteriors from priors and confusions; returns the largest change of any probability.</summary>
    double EStep(List<(int Expert, int Label)>[] byItem, double[] priors, double[][][] confusion, double[][] t)
    {
        var k = NClasses;
        var moved = 0.0;
        var logp = new double[k];
        for (var i = 0; i < t.Length; i++)
        {
            if (byItem[i].Count == 0) { Array.Copy(priors, t[i], k); continue; }
            for (var c = 0; c < k; c++)
            {
                logp[c] = Math.Log(priors[c]);
                foreach (var (e, l) in byItem[i]) logp[c] += Math.Log(confusion[e][c][l]);
            }
            var max = logp.Max();
            var sum = 0.0;
            for (var c = 0; c < k; c++) { logp[c] = Math.Exp(logp[c] - max); sum += logp[c]; }
            for (var c = 0; c < k; c++)
            {
                var p = logp[c] / sum;
                moved = Math.Max(moved, Math.Abs(p - t[i][c]));
                t[i][c] = p;
            }
        }
        return moved;
    }

    /// <summary>The posterior of one item given fixed priors and confusions (the E-step for one item).</summary>
    public static double[] Posterior(double[] priors, double[][][] confusions, IEnumerable<(int Expert, int Label)> labels)
    {
        var p = (double[])priors.Clone();
        foreach (var (e, l) in labels)
            for (var c = 0; c < p.Length; c++) p[c] *= confusions[e][c][l];
        var sum = p.Sum();
        for (var c = 0; c < p.Length; c++) p[c] /= sum;
        return p;
    }

    static int ArgMax(double[] p)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++) if (p[c] > p[best]) best = c;
        return best;
    }
}
