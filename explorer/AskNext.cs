namespace NotebookLib.Explorer;

/// <summary>
/// The active-learning order ("ask me next") for one user: first the images the experts disagree on
/// most (lowest of agreement and Dawid–Skene confidence: the vote share is the sturdier figure while
/// there are few labels, Dawid–Skene once it has learnt who is reliable; an image with one vote is not settled),
/// then the unlabelled images by descending anomaly score (or in set order without a score), and
/// last the images whose consensus is settled: two or more votes, all agreeing, confidence at least
/// <c>settled</c>. Images the user already labelled are left out.
/// </summary>
public static class AskNext
{
    /// <summary>Image ids in the order to show them.</summary>
    public static int[] Order(int count, Consensus consensus, IReadOnlySet<int> labelledByUser,
                              double[]? anomalyScore = null, double settled = 0.95)
    {
        if (anomalyScore is not null && anomalyScore.Length != count)
            throw new ArgumentException($"{anomalyScore.Length} anomaly scores for {count} images", nameof(anomalyScore));
        var uncertain = consensus.Rows
            .Where(r => !labelledByUser.Contains(r.Image) && !Settled(r, settled))
            .OrderBy(r => Math.Min(r.Agreement, r.Confidence)).ThenBy(r => r.Votes).ThenBy(r => r.Image)
            .Select(r => r.Image);
        var unlabelled = Enumerable.Range(0, count).Where(i => consensus[i] is null && !labelledByUser.Contains(i));
        unlabelled = anomalyScore is null ? unlabelled
            : unlabelled.OrderByDescending(i => double.IsNaN(anomalyScore[i]) ? double.NegativeInfinity : anomalyScore[i]).ThenBy(i => i);
        var rest = consensus.Rows
            .Where(r => !labelledByUser.Contains(r.Image) && Settled(r, settled))
            .Select(r => r.Image);
        return uncertain.Concat(unlabelled).Concat(rest).ToArray();
    }

    static bool Settled(ConsensusRow r, double settled) => r.Votes >= 2 && r.Agreement >= 1 && r.Confidence >= settled;
}
