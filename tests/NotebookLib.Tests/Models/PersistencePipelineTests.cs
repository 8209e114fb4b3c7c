using NotebookLib.Data;
using NotebookLib.Imaging;
using NotebookLib.Models.Pipelines;

namespace NotebookLib.Tests.Models;

/// <summary>Notebook 01's chain as one library call (<see cref="PersistencePipeline"/>): one seed end to end at
/// smoke scale, and the seeds' tables and targets. It trains (Trainer seeds libtorch), so it runs alone.</summary>
[Collection(LibtorchRngCollection.Name)]
public class PersistencePipelineTests
{
    static readonly PersistencePipeline Smoke = new(DefaultData.Persistence("smoke"));

    [Fact]
    public void One_seed_runs_the_whole_chain_and_scores_only_patches_the_expert_did_not_see()
    {
        var run = Smoke.Run(7);
        Assert.Equal(7, run.Seed);
        // The autoencoder learnt: its validation MSE is a positive number and the baseline too.
        Assert.True(run.AutoencoderMse > 0 && run.BaselineMse > 0);
        Assert.Empty(run.Latents.Expert.Intersect(run.Latents.Scored));
        Assert.Empty(run.BackgroundRemoved.Expert.Intersect(run.BackgroundRemoved.Scored));
        Assert.Equal(Smoke.Sizes.Frames, run.Masks.Count);
        Assert.All(run.Masks, m => Assert.InRange(m.Segmentation.IoU, 0, 1));
        Assert.InRange(run.F1, 0, 1);
        // 100 patches per frame, 15 % of them test patches.
        Assert.Equal(30, run.Latents.Scored.Length);

        var seeds = Smoke.RunSeeds([7], run);
        Assert.Same(run, seeds.Runs[0]);   // a run already made is reused, not repeated
        Assert.Equal(1, seeds.Table.Rows.Count);
        Assert.Equal(PersistenceSeeds.Figures.Count + 1, seeds.Table.Columns.Count);
        Assert.Equal(run.F1, seeds.Mean("test-patch F1, autoencoder latents"));
        Assert.Equal(run.MseRatio, (double)seeds.Summary["mean"][0]!, 12);
        Assert.Equal(PersistenceSeeds.TargetList.Count, seeds.Targets.Rows.Count);
        Assert.Equal(run.F1 >= 0.8 ? "yes" : "no", seeds.Targets["reached"][0]);
        var html = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(seeds, "text/html");
        Assert.Contains("targets (issue 15)", html);
        Assert.Contains("test-patch F1, autoencoder latents", html);
    }

    [Fact]
    public void Latent_features_summarised_batch_by_batch_equal_the_summary_of_all_latents()
    {
        NotebookLib.Torch.torch.manual_seed(5);
        using var ae = new NotebookLib.Models.Networks.SeedAutoencoder(36, 36);
        var rng = new Random(2);
        var data = new ArrayDataset(Enumerable.Range(0, 300 * 36 * 36).Select(_ => (float)rng.NextDouble()).ToArray(), [1, 36, 36]);
        var (values, shape) = NotebookLib.Models.Inference.Reconstruction.Latents(ae, data);
        var expected = NotebookLib.Analysis.Matrix.ChannelMeanMax(values, 300, (int)shape[0]);
        var features = PersistencePipeline.LatentFeatures(ae, data);   // 300 patches: two batches of 256 and 44
        Assert.Equal(expected.Cast<float>(), features.Cast<float>());
    }

    [Fact]
    public void The_expert_is_a_gallery_look_per_cluster_or_the_validation_or_training_patches_never_the_test_patches()
    {
        var split = Splits.TrainValidationTest(Enumerable.Range(0, 200).Select(i => i % 10 == 0 ? 1 : 0).ToArray(), seed: 1);
        Assert.Equal(split.Validation, (Smoke with { Expert = PersistenceExpert.Validation }).ExpertPatches(split));
        var wide = (Smoke with { Expert = PersistenceExpert.TrainingAndValidation }).ExpertPatches(split);
        Assert.Equal(split.Train.Length + split.Validation.Length, wide.Length);
        Assert.Empty(wide.Intersect(split.Test));
        // The default: 3 non-test patches of each of 20 clusters (10 members each, so every cluster has 3 non-test ones),
        // and more where those 3 disagree; a fixed look of 3 when the expert does not look closer.
        Assert.Equal(PersistenceExpert.Gallery, Smoke.Expert);
        Assert.Throws<ArgumentNullException>(() => Smoke.ExpertPatches(split));
        var clusters = Enumerable.Range(0, 200).Select(i => i % 20).ToArray();
        var truth = Enumerable.Range(0, 200).Select(i => i % 10 == 0 || i % 3 == 0 ? 1 : 0).ToArray();
        Assert.Throws<ArgumentNullException>(() => Smoke.ExpertPatches(split, clusters, seed: 1));
        var gallery = Smoke.ExpertPatches(split, clusters, seed: 1, truth);
        Assert.Empty(gallery.Intersect(split.Test));
        Assert.All(Enumerable.Range(0, 20), c => Assert.InRange(gallery.Count(i => clusters[i] == c), Smoke.ExpertPerCluster, Smoke.ExpertMaxPerCluster));
        Assert.Contains(Enumerable.Range(0, 20), c => gallery.Count(i => clusters[i] == c) > Smoke.ExpertPerCluster);
        var fixedLook = (Smoke with { ExpertMaxPerCluster = Smoke.ExpertPerCluster }).ExpertPatches(split, clusters, seed: 1);
        Assert.All(Enumerable.Range(0, 20), c => Assert.Equal(Smoke.ExpertPerCluster, fixedLook.Count(i => clusters[i] == c)));
        Assert.Empty(fixedLook.Except(gallery));
    }

    [Fact]
    public void Smoothed_background_removal_keeps_a_faint_line_that_the_per_pixel_threshold_loses()
    {
        // A line at 1.5 σ of the noise: per pixel it hides in the noise, smoothed along its length it stands out.
        var rng = new Random(3);
        var (w, h) = (96, 96);
        var p = new float[w * h];
        var line = new bool[w * h];
        for (var i = 0; i < p.Length; i++)
            p[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        for (var x = 10; x < 86; x++) for (var y = 47; y <= 49; y++) { p[y * w + x] += 1.5f; line[y * w + x] = true; }
        var image = new Image(w, h, p);
        var truth = new Mask(w, h, line);
        var plain = NotebookLib.Analysis.Metrics.MaskOverlap(truth, image.RemoveBackgroundMad(4).RemoveSmallClusters(15).NonZero());
        var smooth = NotebookLib.Analysis.Metrics.MaskOverlap(truth, image.RemoveBackgroundMad(4, sigma: 1).RemoveSmallClusters(15).NonZero());
        Assert.True(smooth.IoU > plain.IoU + 0.2, $"IoU smoothed {smooth.IoU:0.###}, per pixel {plain.IoU:0.###}");
        Assert.True(smooth.Recall > 0.5, $"recall {smooth.Recall:0.###}");
    }
}
