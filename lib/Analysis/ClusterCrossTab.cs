using Microsoft.Data.Analysis;

namespace NotebookLib.Analysis;

/// <summary>
/// Clusters against a multi-label truth (an image may carry several artifact types, or none: "clean"),
/// both ways round, as tables (pandas' crosstab normalised by row): <see cref="ByCluster"/> — per cluster,
/// its size and the fraction of its members carrying each class; <see cref="ByClass"/> — per class, how
/// many samples carry it and the fraction of them that lies in each cluster.
/// </summary>
public static class ClusterCrossTab
{
    /// <summary>Per cluster (ascending): "cluster", "size", then one column per class with the fraction of
    /// the cluster's members that carry it (rows need not sum to 1 for multi-label samples).</summary>
    public static DataFrame ByCluster(int[] clusters, IReadOnlyList<IReadOnlyList<string>> classes, IReadOnlyList<string>? classOrder = null)
    {
        var names = Check(clusters, classes, classOrder);
        var ids = clusters.Distinct().Order().ToArray();
        var frame = new DataFrame(
            new Int32DataFrameColumn("cluster", ids),
            new Int32DataFrameColumn("size", ids.Select(c => clusters.Count(x => x == c))));
        foreach (var name in names)
            frame.Columns.Add(new DoubleDataFrameColumn(name, ids.Select(c =>
            {
                int size = 0, with = 0;
                for (var i = 0; i < clusters.Length; i++)
                    if (clusters[i] == c) { size++; if (classes[i].Contains(name)) with++; }
                return (double)with / size;
            })));
        return frame;
    }

    /// <summary>Per class: "class", "samples" (how many carry it), then one column per cluster ("cluster 0", …)
    /// with the fraction of those samples in that cluster (each row sums to 1).</summary>
    public static DataFrame ByClass(int[] clusters, IReadOnlyList<IReadOnlyList<string>> classes, IReadOnlyList<string>? classOrder = null)
    {
        var names = Check(clusters, classes, classOrder);
        var ids = clusters.Distinct().Order().ToArray();
        var counts = names.Select(n => Enumerable.Range(0, clusters.Length).Count(i => classes[i].Contains(n))).ToArray();
        var frame = new DataFrame(
            new StringDataFrameColumn("class", names),
            new Int32DataFrameColumn("samples", counts));
        foreach (var c in ids)
            frame.Columns.Add(new DoubleDataFrameColumn($"cluster {c}", names.Select((n, k) =>
                counts[k] == 0 ? double.NaN : Enumerable.Range(0, clusters.Length).Count(i => clusters[i] == c && classes[i].Contains(n)) / (double)counts[k])));
        return frame;
    }

    static IReadOnlyList<string> Check(int[] clusters, IReadOnlyList<IReadOnlyList<string>> classes, IReadOnlyList<string>? classOrder)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(classes);
        if (clusters.Length != classes.Count)
            throw new ArgumentException($"{clusters.Length} cluster labels but {classes.Count} class lists: one of each per sample");
        if (clusters.Length == 0) throw new ArgumentException("no samples to tabulate");
        return classOrder ?? classes.SelectMany(c => c).Distinct().Order(StringComparer.Ordinal).ToList();
    }
}
