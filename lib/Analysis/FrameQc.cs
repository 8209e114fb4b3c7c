using Microsoft.Data.Analysis;
using NotebookLib.Imaging;

namespace NotebookLib.Analysis;

/// <summary>
/// A bad-frame score per frame from several features at once: the frame statistics an observatory's QC measures
/// (<see cref="FrameStatistics"/>) and, when given, the CNN descriptor's distance to its type's centre. Each feature
/// becomes a robust deviation within the frame's type (from the median of its cohort — the type's frames of the same
/// year — in units of the type's MAD; <see cref="GroupOutliers.RobustDeviations"/>), and the score is the largest of
/// them: a frame is as odd as its oddest feature, and <see cref="Cause"/> says which one that is.
/// </summary>
public sealed class FrameQc
{
    FrameQc(IReadOnlyList<string> features, double[,] deviations)
    {
        Features = features;
        Deviations = deviations;
        int n = deviations.GetLength(0), d = deviations.GetLength(1);
        var scores = new float[n];
        var cause = new string[n];
        for (var i = 0; i < n; i++)
        {
            var best = 0;
            for (var j = 1; j < d; j++) if (deviations[i, j] > deviations[i, best]) best = j;
            scores[i] = (float)deviations[i, best];
            cause[i] = features[best];
        }
        Scores = scores;
        Cause = cause;
    }

    /// <summary>The name of the descriptor-distance feature.</summary>
    public const string DescriptorFeature = "descriptor distance";

    /// <summary>The features, in the order of <see cref="Deviations"/>' columns.</summary>
    public IReadOnlyList<string> Features { get; }
    /// <summary>(frames × features) robust deviations.</summary>
    public double[,] Deviations { get; }
    /// <summary>Each frame's score: its largest robust deviation.</summary>
    public float[] Scores { get; }
    /// <summary>The feature that gives each frame its score.</summary>
    public IReadOnlyList<string> Cause { get; }

    /// <summary>
    /// Scores frames in their <paramref name="groups"/> (image types) against their <paramref name="cohorts"/> (the type's frames
    /// of the same year, say): from <paramref name="statistics"/>, from <paramref name="descriptorDistances"/> (its deviation
    /// floor is <paramref name="descriptorFloor"/>), or both. At least one must be given.
    /// </summary>
    public static FrameQc Score(IReadOnlyList<FrameStatistics>? statistics, IReadOnlyList<float>? descriptorDistances,
        IReadOnlyList<string> groups, IReadOnlyList<string>? cohorts = null, double descriptorFloor = 1e-4)
    {
        if (statistics is null && descriptorDistances is null) throw new ArgumentException("FrameQc.Score needs frame statistics, descriptor distances or both");
        var n = groups.Count;
        if (statistics is not null && statistics.Count != n) throw new ArgumentException($"{n} groups but {statistics.Count} frame statistics");
        if (descriptorDistances is not null && descriptorDistances.Count != n) throw new ArgumentException($"{n} groups but {descriptorDistances.Count} descriptor distances");
        var names = new List<string>();
        var floors = new List<double>();
        if (statistics is not null) { names.AddRange(FrameStatistics.Names); floors.AddRange(FrameStatistics.Floors); }
        if (descriptorDistances is not null) { names.Add(DescriptorFeature); floors.Add(descriptorFloor); }
        var x = new double[n, names.Count];
        for (var i = 0; i < n; i++)
        {
            var j = 0;
            if (statistics is not null) foreach (var v in statistics[i].ToArray()) x[i, j++] = v;
            if (descriptorDistances is not null) x[i, j] = descriptorDistances[i];
        }
        return new FrameQc(names, GroupOutliers.RobustDeviations(x, groups, cohorts, floors));
    }

    /// <summary>Per frame (rows named by <paramref name="names"/>): its score, the feature that gives it, and every feature's deviation.</summary>
    public DataFrame Table(IReadOnlyList<string> names)
    {
        var n = Scores.Length;
        if (names.Count != n) throw new ArgumentException($"{n} frames but {names.Count} names");
        var frame = new DataFrame(
            new StringDataFrameColumn("frame", names),
            new DoubleDataFrameColumn("score", Scores.Select(s => Math.Round((double)s, 2))),
            new StringDataFrameColumn("cause", Cause));
        for (var j = 0; j < Features.Count; j++)
            frame.Columns.Add(new DoubleDataFrameColumn(Features[j], Enumerable.Range(0, n).Select(i => Math.Round(Deviations[i, j], 2))));
        return frame;
    }
}
