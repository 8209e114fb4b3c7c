using Microsoft.Data.Analysis;

namespace NotebookLib.Analysis;

/// <summary>
/// <see cref="LatentClustering.FitByGroup"/>'s result: one <see cref="LatentClusteringResult"/> per group of rows
/// (e.g. a detector's readout channels, each with its own UMAP, GMM and naming), the per-row predictions put back
/// together, and precision/recall/F1 over all scored rows. <see cref="Table"/> has a row per group; it displays as
/// that table and the overall scores.
/// </summary>
public sealed record GroupedLatentClustering(IReadOnlyList<int> Groups, IReadOnlyList<int[]> Rows,
    IReadOnlyList<LatentClusteringResult> Results, int[] Predicted, BinaryMetrics? Scores)
{
    /// <summary>One row per group: group, rows, positives, clusters, named clusters and the F1 on its scored rows.</summary>
    public DataFrame Table => new(
        new Int32DataFrameColumn("group", Groups),
        new Int32DataFrameColumn("rows", Rows.Select(r => r.Length)),
        new Int32DataFrameColumn("clusters", Results.Select(r => r.Components)),
        new Int32DataFrameColumn("named", Results.Select(r => r.NamedClusters.Length)),
        new DoubleDataFrameColumn("precision", Results.Select(r => r.Scores?.Precision ?? double.NaN)),
        new DoubleDataFrameColumn("recall", Results.Select(r => r.Scores?.Recall ?? double.NaN)),
        new DoubleDataFrameColumn("F1", Results.Select(r => r.Scores?.F1 ?? double.NaN)));

    public override string ToString() =>
        $"{Groups.Count} groups, each its own UMAP and GMM" + (Scores is { } s ? $": precision {s.Precision:0.###} recall {s.Recall:0.###} F1 {s.F1:0.###} over all scored rows" : "");
}
