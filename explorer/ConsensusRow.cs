namespace NotebookLib.Explorer;

/// <summary>What the experts together say about one image: the majority vote with its agreement, and
/// the Dawid–Skene consensus with its posterior probability (confidence).</summary>
public sealed record ConsensusRow(
    int Image, string Name, int Votes, int Majority, double Agreement, bool Tie,
    int DawidSkene, double Confidence, double[] Posterior);
