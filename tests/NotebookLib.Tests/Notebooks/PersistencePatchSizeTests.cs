using NotebookLib.Analysis;
using NotebookLib.Data;
using NotebookLib.Imaging;
using NotebookLib.Models.Inference;
using NotebookLib.Models.Networks;
using NotebookLib.Models.Training;
using NotebookLib.Tests.Models;
using NotebookLib.Torch;

namespace NotebookLib.Tests.Notebooks;

/// <summary>Notebook 01's chain — preprocessing, patches, the seed autoencoder, its latents, UMAP → GMM →
/// the expert's naming → scores — with each of the talk's four patch sizes, at smoke size: two darks whose
/// 408² light-sensitive area every size tiles (3 × 136, 6 × 68, 8 × 51, 12 × 34).</summary>
[Collection(LibtorchRngCollection.Name)]
public class PersistencePatchSizeTests
{
    static readonly Lazy<(List<NispSlewDark> Darks, List<Image> Frames)> Data = new(() =>
    {
        var darks = NispSlewDarkGenerator.Sequence(2, new NispSlewDarkOptions { Size = 8 + 408, PersistenceMaskThreshold = 6 }, 42).ToList();
        var frames = darks.Select(d => d.Data
            .MaskDataQuality(d.DataQuality, NispDq.Hot | NispDq.Dead | NispDq.Saturated)
            .CorrectReferencePixels(4, ReferenceCorrection.Channels, channels: 32).MaskReferencePixels(4)
            .DivideByKeywords(d.Header, "NGROUP", "NFRAME").Clip(-0.09f, 0.1f).Normalize(-0.09f, 0.1f).FillMasked(0.47f)).ToList();
        return (darks, frames);
    });

    [Theory]
    [InlineData(136, 18)]
    [InlineData(68, 72)]
    [InlineData(51, 128)]
    [InlineData(34, 288)]
    public void Each_talk_patch_size_runs_through_the_autoencoder_route(int patchSize, int expectedPatches)
    {
        var (darks, frames) = Data.Value;
        var patches = frames.Tile(patchSize, border: 4);
        Assert.Equal(expectedPatches, patches.Count);
        var truth = patches.Labels(darks.Select(d => d.PersistenceMask).ToList(), fraction: 0.01);
        var split = Splits.TrainValidationTest(truth, seed: 42);

        // The network halves its input twice: 51- and 34-px patches are padded to 52 and 36.
        var side = (patchSize + 3) / 4 * 4;
        var data = new ArrayDataset(Enumerable.Range(0, patches.Count).SelectMany(i => (side == patchSize ? patches.Image(i)
            : patches.Image(i).Cutout(patchSize / 2.0, patchSize / 2.0, side, side, padValue: 0.47f)).Pixels).ToArray(), [1, side, side]);
        torch.manual_seed(42);
        var ae = new SeedAutoencoder(side, side).InitializeOutputBias(0.47);
        var trainer = new Trainer(ae, loss: torch.nn.BCELoss(), batchSize: 16, epochs: 1, seed: 42, progress: false)
            .Fit(data.Subset(split.Train.Take(48).ToArray()), data.Subset(split.Validation));
        Assert.True(double.IsFinite(trainer.History["val_loss"][^1]));

        var (latents, shape) = Reconstruction.Latents(ae, data);
        Assert.Equal([64L, side / 4, side / 4], shape);
        var features = Matrix.ChannelMeanMax(latents, patches.Count, 64);
        var r = new LatentClustering(nNeighbors: 3, maxComponents: 4, componentLimit: 8, seed: 42)
            .Fit(features, truth, split.Validation, split.Test, $"{patchSize} px");
        Assert.Equal(patches.Count, r.Predicted.Length);
        Assert.InRange(r.Components, 1, 8);
        Assert.NotNull(r.Scores);
        Assert.InRange(r.Scores!.F1, 0, 1);
    }
}
