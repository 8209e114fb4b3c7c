using NotebookLib.Analysis;

namespace NotebookLib.Models.Pipelines;

/// <summary>
/// One run of notebook 01's chain (<see cref="PersistencePipeline.Run"/>) for one seed: the autoencoder's
/// validation MSE beside the per-patch-mean baseline, the clustering of the latents of the preprocessed and
/// of the background-removed patches (named by the expert, scored on the test patches), and each frame's masks.
/// </summary>
public sealed record PersistenceRun(int Seed, double AutoencoderMse, double BaselineMse, LatentClusteringResult Latents,
    LatentClusteringResult BackgroundRemoved, IReadOnlyList<FrameMasks> Masks)
{
    /// <summary>Validation MSE over the per-patch-mean baseline (below 1: the network learnt structure).</summary>
    public double MseRatio => AutoencoderMse / BaselineMse;
    public double Precision => Latents.Scores!.Precision;
    public double Recall => Latents.Scores!.Recall;
    public double F1 => Latents.Scores!.F1;
    public double KMeansF1 => Latents.KMeansScores!.F1;
    public int Clusters => Latents.Components;
    /// <summary>How many labelled patches named the clusters of the latents (the expert's look), and their share of all patches.</summary>
    public int ExpertPatches => Latents.Expert.Length;
    public double ExpertShare => Latents.Expert.Length / (double)Latents.Clusters.Length;
    public double BackgroundRemovedF1 => BackgroundRemoved.Scores!.F1;
    public double BackgroundIoU => Masks.Average(m => m.Background.IoU);
    public double LowestBackgroundIoU => Masks.Min(m => m.Background.IoU);
    public double SegmentationIoU => Masks.Average(m => m.Segmentation.IoU);
    public double LowestSegmentationIoU => Masks.Min(m => m.Segmentation.IoU);

    public override string ToString() =>
        $"seed {Seed}: MSE ratio {MseRatio:0.###}, F1 {F1:0.###} ({Clusters} clusters), background removed F1 {BackgroundRemovedF1:0.###}, " +
        $"mask IoU {BackgroundIoU:0.###} (background), {SegmentationIoU:0.###} (segmentation)";
}
