namespace NotebookLib.Explorer;

/// <summary>
/// The active-learning order ("ask me next") for one user: first the images the experts disagree on
/// most (lowest Dawid–Skene confidence, then lowest agreement) that this user has not labelled yet,
/// then the unlabelled images by descending anomaly score (or in set order without a score), and
/// last the images whose consensus is settled. Images the user already labelled are left out.
/// </summary>
public static class AskNext
{
    /// <summary>Image ids in the order to show them; <paramref name="settled"/> is the confidence at or
    /// above which a consensus with full agreement counts as settled.</summary>
    public static int[] Order(int count, Consensus consensus, IReadOnlySet<int> labelledByUser,
                              double[]? anomalyScore = null, double settled = 0.999)
    {
        if (anomalyScore is not null && anomalyScore.Length != count)
            throw new ArgumentException($"{anomalyScore.Length} anomaly scores for {count} images", nameof(anomalyScore));
        var uncertain = consensus.Rows
            .Where(r => !labelledByUser.Contains(r.Image) && (r.Confidence < settled || r.Agreement < 1))
            .OrderBy(r => r.Confidence).ThenBy(r => r.Agreement).ThenBy(r => r.Image)
            .Select(r => r.Image);
        var unlabelled = Enumerable.Range(0, count).Where(i => consensus[i] is null && !labelledByUser.Contains(i));
        unlabelled = anomalyScore is null ? unlabelled
            : unlabelled.OrderByDescending(i => double.IsNaN(anomalyScore[i]) ? double.NegativeInfinity : anomalyScore[i]).ThenBy(i => i);
        var rest = consensus.Rows
            .Where(r => !labelledByUser.Contains(r.Image) && r.Confidence >= settled && r.Agreement >= 1)
            .Select(r => r.Image);
        return uncertain.Concat(unlabelled).Concat(rest).ToArray();
    }
}
