using Microsoft.Data.Analysis;

namespace NotebookLib.Models.Pipelines;

/// <summary>
/// Notebook 01's chain over several seeds (<see cref="PersistencePipeline.RunSeeds"/>): a <see cref="Table"/>
/// with one row per seed, the <see cref="Summary"/> (each figure per seed, its mean and standard deviation) and the issue's
/// <see cref="Targets"/> beside the measured means, as DataFrames; displays the summary and the targets.
/// </summary>
public sealed record PersistenceSeeds(IReadOnlyList<PersistenceRun> Runs)
{
    /// <summary>The figures of a run, by name, in table order.</summary>
    public static readonly IReadOnlyList<(string Name, Func<PersistenceRun, double> Value)> Figures =
    [
        ("autoencoder MSE / per-patch-mean baseline", r => r.MseRatio),
        ("test-patch precision, autoencoder latents", r => r.Precision),
        ("test-patch recall, autoencoder latents", r => r.Recall),
        ("test-patch F1, autoencoder latents", r => r.F1),
        ("test-patch F1, k-means", r => r.KMeansF1),
        ("GMM clusters (lowest BIC)", r => r.Clusters),
        ("expert patches (the gallery's look, never a test patch)", r => r.ExpertPatches),
        ("expert patches, share of all patches", r => r.ExpertShare),
        ("test-patch F1, latents of background-removed patches", r => r.BackgroundRemovedF1),
        ("mask IoU, background removal", r => r.BackgroundIoU),
        ("lowest frame IoU, background removal", r => r.LowestBackgroundIoU),
        ("mask IoU, segmentation", r => r.SegmentationIoU),
        ("lowest frame IoU, segmentation", r => r.LowestSegmentationIoU),
    ];

    /// <summary>Issue 15's targets: the figure, "≥" or "≤", the bound. Lowest-frame figures are judged on the lowest seed.</summary>
    public static readonly IReadOnlyList<(string Figure, string Relation, double Bound)> TargetList =
    [
        ("test-patch F1, autoencoder latents", "≥", 0.8),
        ("autoencoder MSE / per-patch-mean baseline", "≤", 0.7),
        ("test-patch F1, latents of background-removed patches", "≥", 0.8),
        ("mask IoU, background removal", "≥", 0.6),
        ("lowest frame IoU, background removal", "≥", 0.3),
        ("mask IoU, segmentation", "≥", 0.6),
        ("lowest frame IoU, segmentation", "≥", 0.3),
    ];

    static Func<PersistenceRun, double> FigureNamed(string name) => Figures.First(f => f.Name == name).Value;

    /// <summary>The mean of a figure over the seeds.</summary>
    public double Mean(Func<PersistenceRun, double> figure) => Runs.Average(figure);
    /// <summary>The mean of the figure of that name (see <see cref="Figures"/>).</summary>
    public double Mean(string figure) => Mean(FigureNamed(figure));
    /// <summary>The population standard deviation of a figure over the seeds.</summary>
    public double StandardDeviation(Func<PersistenceRun, double> figure)
    {
        var x = Runs.Select(figure).ToArray();
        var m = x.Average();
        return Math.Sqrt(x.Average(v => (v - m) * (v - m)));
    }

    /// <summary>One row per seed, one column per figure.</summary>
    public DataFrame Table
    {
        get
        {
            var columns = new List<DataFrameColumn> { new Int32DataFrameColumn("seed", Runs.Select(r => r.Seed)) };
            columns.AddRange(Figures.Select(f => new DoubleDataFrameColumn(f.Name, Runs.Select(f.Value))));
            return new DataFrame(columns);
        }
    }

    /// <summary>One row per figure: its value for each seed, the mean and the standard deviation.</summary>
    public DataFrame Summary
    {
        get
        {
            var columns = new List<DataFrameColumn> { new StringDataFrameColumn("figure", Figures.Select(f => f.Name)) };
            columns.AddRange(Runs.Select(r => new DoubleDataFrameColumn($"seed {r.Seed}", Figures.Select(f => f.Value(r)))));
            columns.Add(new DoubleDataFrameColumn("mean", Figures.Select(f => Mean(f.Value))));
            columns.Add(new DoubleDataFrameColumn("standard deviation", Figures.Select(f => StandardDeviation(f.Value))));
            return new DataFrame(columns);
        }
    }

    /// <summary>The measured value of a target: the mean over the seeds, or for a lowest-frame figure the lowest seed.</summary>
    public double Measured(string figure) => figure.StartsWith("lowest", StringComparison.Ordinal)
        ? Runs.Min(FigureNamed(figure)) : Mean(figure);

    /// <summary>Whether a target is reached.</summary>
    public bool Reached(string figure)
    {
        var (_, relation, bound) = TargetList.First(t => t.Figure == figure);
        var v = Measured(figure);
        return relation == "≥" ? v >= bound : v <= bound;
    }

    /// <summary>Issue 15's targets beside what the seeds measured.</summary>
    public DataFrame Targets => new(
        new StringDataFrameColumn("figure", TargetList.Select(t => t.Figure)),
        new StringDataFrameColumn("target", TargetList.Select(t => $"{t.Relation} {t.Bound}")),
        new DoubleDataFrameColumn("measured", TargetList.Select(t => Measured(t.Figure))),
        new StringDataFrameColumn("reached", TargetList.Select(t => Reached(t.Figure) ? "yes" : "no")));

    public override string ToString() =>
        $"{Runs.Count} seeds ({string.Join(", ", Runs.Select(r => r.Seed))}): " +
        string.Join("; ", TargetList.Select(t => $"{t.Figure} {Measured(t.Figure):0.###} ({(Reached(t.Figure) ? "reached" : "missed")})"));
}
