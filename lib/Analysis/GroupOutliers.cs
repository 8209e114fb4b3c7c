namespace NotebookLib.Analysis;

/// <summary>A group's bad-sample threshold (bad when score ≥ threshold), chosen to maximise F1 on the fitting samples,
/// and its precision, recall and F1 on the evaluated samples.</summary>
public sealed record GroupThreshold(string Group, int Samples, int Bad, double Threshold, double Precision, double Recall, double F1);

/// <summary>
/// Outliers within known groups (the calibration-frame talk's bad-frame identification per image type): a
/// score per sample — the cosine distance of its descriptor to its group's centre — and a threshold per
/// group chosen to maximise F1 against labelled bad samples.
/// </summary>
public static class GroupOutliers
{
    /// <summary>
    /// 1 − cos(x_i, c_g): the cosine distance of each row to the centre of its group, the centre being the
    /// coordinate-wise median of the group's unit-normalised rows among <paramref name="reference"/> (all rows when
    /// null) — a median, so the few bad rows do not pull it.
    /// </summary>
    public static float[] CentroidDistances(float[,] x, IReadOnlyList<string> groups, IReadOnlyList<int>? reference = null)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        if (groups.Count != n) throw new ArgumentException($"{n} rows but {groups.Count} group names");
        var unit = Kernels.NormalizeRows(Input.Flat(x), n, d);
        var refs = reference ?? Enumerable.Range(0, n).ToArray();
        var centres = new Dictionary<string, float[]>();
        foreach (var g in refs.GroupBy(i => groups[i]))
        {
            var members = g.ToArray();
            var c = new float[d];
            var column = new float[members.Length];
            for (var j = 0; j < d; j++)
            {
                for (var k = 0; k < members.Length; k++) column[k] = unit[members[k] * d + j];
                Array.Sort(column);
                var m = column.Length;
                c[j] = m % 2 == 1 ? column[m / 2] : 0.5f * (column[m / 2 - 1] + column[m / 2]);
            }
            var norm = MathF.Sqrt(c.Sum(v => v * v));
            for (var j = 0; j < d; j++) c[j] /= norm > 0 ? norm : 1;
            centres[g.Key] = c;
        }
        var scores = new float[n];
        for (var i = 0; i < n; i++)
        {
            if (!centres.TryGetValue(groups[i], out var c)) throw new ArgumentException($"group '{groups[i]}' of row {i} has no reference rows");
            double dot = 0;
            for (var j = 0; j < d; j++) dot += unit[i * d + j] * c[j];
            scores[i] = (float)(1 - dot);
        }
        return scores;
    }

    /// <summary>
    /// Per group, the threshold that maximises F1 of "score ≥ threshold is bad" on the <paramref name="fit"/> samples
    /// (all when null), set halfway to the next lower fitting score so that it does not sit on a sample, then
    /// precision, recall and F1 on the <paramref name="evaluate"/> samples (all when null). A group with no bad
    /// fitting sample gets a threshold above its highest score.
    /// </summary>
    public static IReadOnlyList<GroupThreshold> Thresholds(float[] scores, int[] bad, IReadOnlyList<string> groups,
        IReadOnlyList<int>? fit = null, IReadOnlyList<int>? evaluate = null)
    {
        if (scores.Length != bad.Length || scores.Length != groups.Count)
            throw new ArgumentException($"{scores.Length} scores, {bad.Length} labels and {groups.Count} groups: one of each per sample");
        var all = Enumerable.Range(0, scores.Length).ToArray();
        var fitSet = fit ?? all;
        var evalSet = evaluate ?? all;
        var result = new List<GroupThreshold>();
        foreach (var name in groups.Distinct().Order(StringComparer.Ordinal))
        {
            var f = fitSet.Where(i => groups[i] == name).ToArray();
            var e = evalSet.Where(i => groups[i] == name).ToArray();
            if (f.Length == 0) continue;
            var fs = f.Select(i => scores[i]).ToArray();
            var fy = f.Select(i => bad[i]).ToArray();
            double threshold;
            if (fy.All(y => y == 0)) threshold = fs.Max() + 1e-6;
            else
            {
                threshold = Metrics.BestF1Threshold(fy, fs).Threshold;
                var below = fs.Where(s => s < threshold).DefaultIfEmpty(float.NaN).Max();
                if (float.IsFinite(below)) threshold = 0.5 * (threshold + below);
            }
            var m = Metrics.Binary(e.Select(i => bad[i]).ToArray(), e.Select(i => scores[i] >= threshold ? 1 : 0).ToArray());
            result.Add(new GroupThreshold(name, e.Length, e.Count(i => bad[i] == 1), threshold, m.Precision, m.Recall, m.F1));
        }
        return result;
    }

    /// <summary>1 where a sample's score reaches its group's threshold.</summary>
    public static int[] Predict(float[] scores, IReadOnlyList<string> groups, IReadOnlyList<GroupThreshold> thresholds)
    {
        var t = thresholds.ToDictionary(g => g.Group, g => g.Threshold);
        return scores.Select((s, i) => t.TryGetValue(groups[i], out var th) ? (s >= th ? 1 : 0)
            : throw new ArgumentException($"group '{groups[i]}' has no threshold")).ToArray();
    }
}
