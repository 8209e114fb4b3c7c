namespace NotebookLib.Explorer;

/// <summary>One item's majority vote: the most frequent label (ties go to the lowest class, and are
/// flagged), how many experts voted, and the agreement (share of the votes the winner got).</summary>
public readonly record struct MajorityVote(int Label, int Votes, double Agreement, bool Tie)
{
    /// <summary>The majority of a list of labels in 0..nClasses-1; Label -1 and agreement 0 without votes.</summary>
    public static MajorityVote Of(IEnumerable<int> labels, int nClasses)
    {
        var counts = new int[nClasses];
        var votes = 0;
        foreach (var l in labels)
        {
            if ((uint)l >= (uint)nClasses) throw new ArgumentOutOfRangeException(nameof(labels), $"label {l} is outside the {nClasses} classes");
            counts[l]++;
            votes++;
        }
        if (votes == 0) return new MajorityVote(-1, 0, 0, false);
        var best = 0;
        for (var c = 1; c < nClasses; c++) if (counts[c] > counts[best]) best = c;
        var tie = counts.Count(n => n == counts[best]) > 1;
        return new MajorityVote(best, votes, (double)counts[best] / votes, tie);
    }
}
