using Microsoft.Data.Analysis;

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
    /// fitting sample gets a threshold above its highest score. With <paramref name="shared"/>, one threshold for all groups
    /// (<see cref="SharedThreshold"/>).
    /// </summary>
    public static IReadOnlyList<GroupThreshold> Thresholds(float[] scores, int[] bad, IReadOnlyList<string> groups,
        IReadOnlyList<int>? fit = null, IReadOnlyList<int>? evaluate = null, bool shared = false)
    {
        if (shared) return SharedThreshold(scores, bad, groups, fit, evaluate);
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

    /// <summary>
    /// Robust deviations of per-sample features within known groups: for feature j of sample i,
    /// |x_ij − m_j(cohort of i)| / max(floor_j, 1.4826 · MAD_j(group of i)), where m is the median of the feature
    /// over the sample's cohort (its group's samples of the same year, say, so a slow drift is not a deviation) and
    /// the MAD is taken over the deviations of all the group's samples from their cohorts' medians. Medians and MADs,
    /// so the few bad samples do not set the scale they are measured with. A cohort of fewer than <see cref="MinCohort"/>
    /// samples has no median of its own to speak of (one sample is its own median): its samples are compared with their group's.
    /// </summary>
    /// <summary>The smallest cohort whose own median a sample is compared with (see <see cref="RobustDeviations"/>).</summary>
    public const int MinCohort = 3;

    public static double[,] RobustDeviations(double[,] features, IReadOnlyList<string> groups, IReadOnlyList<string>? cohorts = null,
        IReadOnlyList<double>? floors = null)
    {
        int n = features.GetLength(0), d = features.GetLength(1);
        if (groups.Count != n) throw new ArgumentException($"{n} rows but {groups.Count} group names");
        if (cohorts is not null && cohorts.Count != n) throw new ArgumentException($"{n} rows but {cohorts.Count} cohort names");
        if (floors is not null && floors.Count != d) throw new ArgumentException($"{d} features but {floors.Count} floors");
        var z = new double[n, d];
        foreach (var g in Enumerable.Range(0, n).GroupBy(i => groups[i]))
        {
            var members = g.ToArray();
            var deviation = new double[members.Length];
            for (var j = 0; j < d; j++)
            {
                var groupMedian = Median(members.Select(i => features[i, j]).ToArray());
                foreach (var c in Enumerable.Range(0, members.Length).GroupBy(k => cohorts?[members[k]] ?? ""))
                {
                    var idx = c.ToArray();
                    var m = idx.Length >= MinCohort ? Median(idx.Select(k => features[members[k], j]).ToArray()) : groupMedian;
                    foreach (var k in idx) deviation[k] = features[members[k], j] - m;
                }
                var spread = 1.4826 * Median(deviation.Select(Math.Abs).ToArray());
                var scale = Math.Max(spread, floors?[j] ?? 0);
                for (var k = 0; k < members.Length; k++)
                    z[members[k], j] = scale > 0 ? Math.Abs(deviation[k]) / scale : deviation[k] == 0 ? 0 : double.PositiveInfinity;
            }
        }
        return z;
    }

    /// <summary>Each row's largest robust deviation (see <see cref="RobustDeviations"/>): a sample is as odd as its oddest feature.</summary>
    public static float[] MaxRobustDeviation(double[,] features, IReadOnlyList<string> groups, IReadOnlyList<string>? cohorts = null,
        IReadOnlyList<double>? floors = null)
    {
        var z = RobustDeviations(features, groups, cohorts, floors);
        return Enumerable.Range(0, z.GetLength(0)).Select(i => (float)Enumerable.Range(0, z.GetLength(1)).Max(j => z[i, j])).ToArray();
    }

    static double Median(double[] values)
    {
        var s = (double[])values.Clone();
        Array.Sort(s);
        var m = s.Length;
        return m % 2 == 1 ? s[m / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
    }

    /// <summary>
    /// One threshold for every group — for scores in the same units in every group (robust deviations, say), where a
    /// threshold per group would be fitted to a handful of bad samples each: the threshold that maximises the F1 averaged
    /// over the groups with bad samples on the <paramref name="fit"/> samples, set halfway to the next lower fitting score;
    /// then each group's precision, recall and F1 on the <paramref name="evaluate"/> samples, as <see cref="Thresholds"/> reports them.
    /// </summary>
    public static IReadOnlyList<GroupThreshold> SharedThreshold(float[] scores, int[] bad, IReadOnlyList<string> groups,
        IReadOnlyList<int>? fit = null, IReadOnlyList<int>? evaluate = null)
    {
        if (scores.Length != bad.Length || scores.Length != groups.Count)
            throw new ArgumentException($"{scores.Length} scores, {bad.Length} labels and {groups.Count} groups: one of each per sample");
        var all = Enumerable.Range(0, scores.Length).ToArray();
        var fitSet = fit ?? all;
        var evalSet = evaluate ?? all;
        var names = groups.Distinct().Order(StringComparer.Ordinal).ToList();
        var fitByGroup = names.Select(g => fitSet.Where(i => groups[i] == g).ToArray()).Where(f => f.Any(i => bad[i] == 1)).ToList();
        double MeanF1(double t) => fitByGroup.Average(f => Metrics.Binary(f.Select(i => bad[i]).ToArray(), f.Select(i => scores[i] >= t ? 1 : 0).ToArray()).F1);
        var candidates = fitSet.Select(i => (double)scores[i]).Distinct().Order().ToArray();
        double threshold;
        if (fitByGroup.Count == 0 || candidates.Length == 0) threshold = (candidates.Length == 0 ? 0 : candidates[^1]) + 1e-6;
        else
        {
            var best = 0;
            var bestF1 = double.NegativeInfinity;
            for (var k = 0; k < candidates.Length; k++)
            {
                var f1 = MeanF1(candidates[k]);
                if (f1 > bestF1) { bestF1 = f1; best = k; }
            }
            threshold = best > 0 ? 0.5 * (candidates[best] + candidates[best - 1]) : candidates[best];
        }
        var result = new List<GroupThreshold>();
        foreach (var name in names)
        {
            var e = evalSet.Where(i => groups[i] == name).ToArray();
            if (e.Length == 0) continue;
            var m = Metrics.Binary(e.Select(i => bad[i]).ToArray(), e.Select(i => scores[i] >= threshold ? 1 : 0).ToArray());
            result.Add(new GroupThreshold(name, e.Length, e.Count(i => bad[i] == 1), threshold, m.Precision, m.Recall, m.F1));
        }
        return result;
    }

    /// <summary>The thresholds as a table: group, samples, bad, threshold, precision, recall, F1 (the evaluated samples').</summary>
    public static DataFrame Table(IReadOnlyList<GroupThreshold> thresholds) => new(
        new StringDataFrameColumn("group", thresholds.Select(t => t.Group)),
        new Int32DataFrameColumn("samples", thresholds.Select(t => t.Samples)),
        new Int32DataFrameColumn("bad", thresholds.Select(t => t.Bad)),
        new DoubleDataFrameColumn("threshold", thresholds.Select(t => t.Threshold)),
        new DoubleDataFrameColumn("precision", thresholds.Select(t => Math.Round(t.Precision, 3))),
        new DoubleDataFrameColumn("recall", thresholds.Select(t => Math.Round(t.Recall, 3))),
        new DoubleDataFrameColumn("F1", thresholds.Select(t => Math.Round(t.F1, 3))));

    /// <summary>Mean precision, recall and F1 over the groups that have bad evaluated samples (the talk's average over image types).</summary>
    public static (double Precision, double Recall, double F1) Average(IReadOnlyList<GroupThreshold> thresholds)
    {
        var withBad = thresholds.Where(t => t.Bad > 0).ToList();
        if (withBad.Count == 0) return (double.NaN, double.NaN, double.NaN);
        return (withBad.Average(t => t.Precision), withBad.Average(t => t.Recall), withBad.Average(t => t.F1));
    }

    /// <summary>Per value of <paramref name="labels"/> (a defect, say) among <paramref name="rows"/>: how many samples, how many
    /// <paramref name="flagged"/> (1) and which fraction.</summary>
    public static DataFrame FlaggedBy(IReadOnlyList<string> labels, int[] flagged, IReadOnlyList<int> rows)
    {
        var byLabel = rows.GroupBy(i => labels[i]).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        return new DataFrame(
            new StringDataFrameColumn("label", byLabel.Select(g => g.Key)),
            new Int32DataFrameColumn("samples", byLabel.Select(g => g.Count())),
            new Int32DataFrameColumn("flagged", byLabel.Select(g => g.Count(i => flagged[i] == 1))),
            new DoubleDataFrameColumn("fraction", byLabel.Select(g => Math.Round(g.Count(i => flagged[i] == 1) / (double)g.Count(), 3))));
    }

    /// <summary>1 where a sample's score reaches its group's threshold.</summary>
    public static int[] Predict(float[] scores, IReadOnlyList<string> groups, IReadOnlyList<GroupThreshold> thresholds)
    {
        var t = thresholds.ToDictionary(g => g.Group, g => g.Threshold);
        return scores.Select((s, i) => t.TryGetValue(groups[i], out var th) ? (s >= th ? 1 : 0)
            : throw new ArgumentException($"group '{groups[i]}' has no threshold")).ToArray();
    }
}
