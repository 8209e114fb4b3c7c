using NotebookLib.Analysis;
using NotebookLib.Data;
using NotebookLib.Imaging;
using NotebookLib.Models.Inference;
using NotebookLib.Models.Networks;
using NotebookLib.Models.Training;
using NotebookLib.Torch;

namespace NotebookLib.Models.Pipelines;

/// <summary>Which labelled patches play the talk's "expert" that names the persistence clusters. The scored
/// (test) patches are never among them.</summary>
public enum PersistenceExpert
{
    /// <summary>The talk's expert at its gallery: <see cref="PersistencePipeline.ExpertPerCluster"/> patches of each cluster,
    /// drawn from the non-test patches, are looked at (labelled), and more of a cluster whose patches disagree (up to
    /// <see cref="PersistencePipeline.ExpertMaxPerCluster"/>); about 4–15 % of the patches at the default scale.</summary>
    Gallery,
    /// <summary>The validation patches (15 %).</summary>
    Validation,
    /// <summary>The training and validation patches (85 %): the patches the autoencoder was fitted on, never the test patches.</summary>
    TrainingAndValidation,
}

/// <summary>
/// Notebook 01's chain (the talk <i>Persistence Detection in Slew Dark Data Using Autoencoders</i>) as one
/// object, so that each notebook step is one call and the whole chain can be rerun for another seed:
/// slew darks → preprocessing (DQ mask, per-channel reference pixels, ADU/frame, the talk's clip, [0, 1]) →
/// square patches with truth labels → 70/15/15 split → the talk's convolutional autoencoder → latent
/// summaries → <see cref="LatentClustering"/> (UMAP → GMM AIC/BIC → naming by the expert → scores) →
/// background removal and the channel-wise segmentation masks. <see cref="Run"/> does all of it for one
/// seed; <see cref="RunSeeds"/> for several, with the mean ± spread and the targets.
/// </summary>
public sealed record PersistencePipeline(PersistenceSizes Sizes, int PatchSize = 34)
{
    /// <summary>The talk's clip range in ADU/frame.</summary>
    public float ClipMin { get; init; } = -0.09f;
    public float ClipMax { get; init; } = 0.1f;
    /// <summary>Readout channels for the reference-pixel correction (the H2RG: 32 of 64 columns at 2048 px).</summary>
    public int ReadoutChannels { get; init; } = 32;
    /// <summary>The talk's horizontal channels of the segmentation.</summary>
    public int SegmentationChannels { get; init; } = 10;
    /// <summary>Background removal: the frame is smoothed by a Gaussian of <see cref="BackgroundSigma"/> pixels, pixels
    /// where the smoothed frame is at or below its median + k·MAD become 0 …</summary>
    public double BackgroundMadK { get; init; } = 5;
    /// <summary>σ in pixels of the Gaussian that smooths the detection copy of the frame (0: threshold the pixels themselves).</summary>
    public double BackgroundSigma { get; init; } = 1;
    /// <summary>… and connected groups of fewer pixels are removed.</summary>
    public int BackgroundMinPixels { get; init; } = 15;
    /// <summary>The segmentation pipeline's settings: a 3 × 3 local-σ window, objects of at least 20 pixels, the local-σ
    /// mask's holes filled (flat interiors clipped at the top of the range have σ = 0) and kept within the pixels
    /// that passed the mean threshold (the σ window would otherwise grow every object by a pixel on each side).</summary>
    public SegmentationOptions Segmentation { get; init; } = new(WindowSize: 3, MinClusterSize: 20, WithinThreshold: true, FillHoles: true);
    /// <summary>A patch is persistent in the truth when more than this share of its pixels is.</summary>
    public double LabelFraction { get; init; } = 0.01;
    /// <summary>The autoencoder's Adam learning rate and batch size (the search's best, in the notebook).</summary>
    public double LearningRate { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 16;
    /// <summary>Which labelled patches name the clusters: a gallery look at <see cref="ExpertPerCluster"/> non-test patches
    /// per cluster by default, see the enum.</summary>
    public PersistenceExpert Expert { get; init; } = PersistenceExpert.Gallery;
    /// <summary>Patches the gallery expert labels in each cluster.</summary>
    public int ExpertPerCluster { get; init; } = 3;
    /// <summary>Where those patches disagree, the expert looks at more of the cluster, this many in all
    /// (<see cref="ClusterLabelling.AdaptiveGalleryExpert"/>), as a person looks closer at a mixed gallery;
    /// <see cref="ExpertPerCluster"/> for a fixed look.</summary>
    public int ExpertMaxPerCluster { get; init; } = 9;
    /// <summary>Naming: each cluster's persistent share among its expert patches is pulled towards that of its this many
    /// nearest clusters in the UMAP map, worth <see cref="PriorWeight"/> patches (<see cref="ClusterLabelling.NeighbourPriorClusters"/>);
    /// a cluster is named persistence when the estimate reaches one half. 0: the best-F1 naming on the expert's patches.</summary>
    public int NamingNeighbours { get; init; } = 3;
    public double PriorWeight { get; init; } = 2;
    /// <summary>UMAP's neighbourhood (the talk: 3).</summary>
    public int NNeighbors { get; init; } = 3;
    /// <summary>The GMM sweep doubles its upper end up to this many components while the lowest BIC sits at it …</summary>
    public int ComponentLimit { get; init; } = 320;
    /// <summary>… or near it: until the end lies more than this multiple past the lowest BIC's count (<see cref="LatentClustering.SweepMargin"/>).
    /// 1.5: a one-start mixture's BIC is noisy, and a lowest BIC one grid step before the end (seed 44: 74 of 1–80) was a
    /// dip in that noise, with the BIC falling again further on.</summary>
    public double SweepMargin { get; init; } = 1.5;

    /// <summary>The generator's options: frames of <see cref="PersistenceSizes.FrameSize"/>, a pixel persistent
    /// in the truth when its persistence exceeds the read noise (6 ADU).</summary>
    public NispSlewDarkOptions DarkOptions => new() { Size = Sizes.FrameSize, PersistenceMaskThreshold = 6 };
    public int Border => DarkOptions.ReferenceBorder;
    /// <summary>The level of 0 ADU/frame after normalising: masked pixels and the autoencoder's padding get it.</summary>
    public float FillLevel => -ClipMin / (ClipMax - ClipMin);
    /// <summary>The autoencoder halves its input twice: the patch side rounded up to a multiple of 4.</summary>
    public int AeSide => (PatchSize + 3) / 4 * 4;

    /// <summary>The calibration block's darks for a seed.</summary>
    public IReadOnlyList<NispSlewDark> Darks(int seed) => NispSlewDarkGenerator.Sequence(Sizes.Frames, DarkOptions, seed).ToList();

    /// <summary>The talk's preprocessing: DQ mask → reference pixels per readout channel → ADU/frame → clip → [0, 1],
    /// masked pixels filled with the 0-ADU/frame level.</summary>
    public Image Preprocess(NispSlewDark dark)
    {
        ArgumentNullException.ThrowIfNull(dark);
        return dark.Data
            .MaskDataQuality(dark.DataQuality, NispDq.Hot | NispDq.Dead | NispDq.Saturated)
            .CorrectReferencePixels(Border, ReferenceCorrection.Channels, channels: ReadoutChannels)
            .MaskReferencePixels(Border)
            .DivideByKeywords(dark.Header, "NGROUP", "NFRAME")
            .Clip(ClipMin, ClipMax).Normalize(ClipMin, ClipMax).FillMasked(FillLevel);
    }

    /// <summary>Background removal: median + k·MAD, then small connected groups removed.</summary>
    public Image RemoveBackground(Image frame) => frame.RemoveBackgroundMad(BackgroundMadK, BackgroundSigma).RemoveSmallClusters(BackgroundMinPixels);

    /// <summary>The segmentation pipeline on each horizontal channel of a background-removed frame's light-sensitive area.</summary>
    public ChannelSegmentation Segment(Image cleaned) => cleaned.ExcludeReferencePixels(Border).SegmentChannels(SegmentationChannels, Segmentation);

    /// <summary>The square patches of the frames' light-sensitive areas, frame after frame.</summary>
    public Patches Tile(IReadOnlyList<Image> frames) => frames.Tile(PatchSize, border: Border);

    /// <summary>1 for each patch whose persistent share in the truth exceeds <see cref="LabelFraction"/>.</summary>
    public int[] Labels(Patches patches, IReadOnlyList<NispSlewDark> darks) =>
        patches.Labels(darks.Select(d => d.PersistenceMask).ToList(), fraction: LabelFraction);

    /// <summary>A patch as the autoencoder sees it: padded to <see cref="AeSide"/> with the 0-ADU/frame level.</summary>
    public Image AeInput(Patches patches, int index)
    {
        ArgumentNullException.ThrowIfNull(patches);
        return AeSide == PatchSize ? patches.Image(index)
            : patches.Image(index).Cutout(PatchSize / 2.0, PatchSize / 2.0, AeSide, AeSide, padValue: FillLevel);
    }

    /// <summary>All patches as the autoencoder's inputs, [1, side, side] each.</summary>
    public ArrayDataset AeData(Patches patches)
    {
        ArgumentNullException.ThrowIfNull(patches);
        // Written in place: one array of the final size, no per-patch copies or growing buffers.
        var side = AeSide * AeSide;
        var x = new float[(long)patches.Count * side];
        for (var i = 0; i < patches.Count; i++)
        {
            if (AeSide == PatchSize) patches.Patch(i).CopyTo(x.AsSpan(i * side, side));
            else AeInput(patches, i).Pixels.CopyTo(x.AsSpan(i * side, side));
        }
        return new(x, [1, AeSide, AeSide]);
    }

    /// <summary>The talk's network, its output bias at logit(<paramref name="meanPixel"/>) (see the notebook for why).</summary>
    public SeedAutoencoder NewAutoencoder(double meanPixel) => new SeedAutoencoder(AeSide, AeSide).InitializeOutputBias(meanPixel);

    /// <summary>The mean pixel of a data set.</summary>
    public static double MeanPixel(IDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var x = new float[data.SampleLength()];
        double sum = 0;
        for (var i = 0; i < data.Count; i++) { data.CopyTo(i, x); sum += x.Average(); }
        return sum / Math.Max(1, data.Count);
    }

    /// <summary>The MSE of reconstructing each sample by its own mean pixel, averaged: what a network that learnt
    /// nothing of a patch's structure reaches.</summary>
    public static double PatchMeanBaseline(IDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var x = new float[data.SampleLength()];
        double sum = 0;
        for (var i = 0; i < data.Count; i++)
        {
            data.CopyTo(i, x);
            var m = x.Average();
            sum += x.Average(v => (v - m) * (v - m));
        }
        return sum / Math.Max(1, data.Count);
    }

    /// <summary>At most <paramref name="max"/> of the indices, evenly spread.</summary>
    public static int[] Spread(int[] indices, int max)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return indices.Length <= max ? indices : Enumerable.Range(0, max).Select(j => indices[(long)j * indices.Length / max]).ToArray();
    }

    /// <summary>The training patches the autoencoder is fitted on (evenly spread, at most <see cref="PersistenceSizes.TrainPatches"/>).</summary>
    public IDataset TrainingSet(ArrayDataset data, DataSplit split) => data.Subset(Spread(split.Train, Sizes.TrainPatches));
    /// <summary>The validation patches of the training (a quarter as many).</summary>
    public IDataset ValidationSet(ArrayDataset data, DataSplit split) => data.Subset(Spread(split.Validation, Math.Max(1, Sizes.TrainPatches / 4)));

    /// <summary>Trains the talk's autoencoder with the talk's callbacks (best-weights checkpoint, early stopping that
    /// restores them, learning rate halved on a plateau), on the BCE of its sigmoid output; MSE is the metric.</summary>
    public Trainer TrainAutoencoder(ArrayDataset data, DataSplit split, int seed, bool progress = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        var (train, validation) = (TrainingSet(data, split), ValidationSet(data, split));
        torch.manual_seed(seed);
        return new Trainer(NewAutoencoder(MeanPixel(train)), loss: torch.nn.BCELoss(), metrics: [Training.Metric.MeanSquaredError()],
            learningRate: LearningRate, batchSize: BatchSize, epochs: Sizes.Epochs, seed: seed, progress: progress, callbacks: [
                new ModelCheckpoint(Path.Combine(Path.GetTempPath(), $"nb01-seed-autoencoder-{Environment.ProcessId}-{seed}.safetensors")),
                new EarlyStopping(patience: 4, restoreBestWeights: true), new ReduceLROnPlateau(factor: 0.5, patience: 2)]).Fit(train, validation);
    }

    /// <summary>Each patch's latent maps (the fourth convolution's output) summarised per channel by their mean and maximum.</summary>
    /// <remarks>Summarised batch by batch: the whole latent array (5,400 patches × 5,184 floats at the default scale)
    /// is never held at once.</remarks>
    public static float[,] LatentFeatures(SeedAutoencoder autoencoder, IDataset data)
    {
        ArgumentNullException.ThrowIfNull(autoencoder);
        ArgumentNullException.ThrowIfNull(data);
        var channels = (int)autoencoder.LatentShape[0];
        var features = new float[data.Count, 2 * channels];
        Reconstruction.LatentBatches(autoencoder, data, (start, z) =>
        {
            var n = (int)z.shape[0];
            var part = Matrix.ChannelMeanMax(z.data<float>(), n, channels);
            for (var i = 0; i < n; i++)
                for (var j = 0; j < 2 * channels; j++) features[start + i, j] = part[i, j];
        });
        return features;
    }

    /// <summary>The talk's clustering chain: UMAP (n_neighbors = 3) → GMM AIC/BIC → k-means → naming.</summary>
    public LatentClustering Clustering(int seed) =>
        new(nNeighbors: NNeighbors, maxComponents: Sizes.MaxComponents, componentLimit: ComponentLimit, seed: seed)
        { NamingNeighbours = NamingNeighbours, PriorWeight = PriorWeight, SweepMargin = SweepMargin };

    /// <summary>The patches that name the clusters (<see cref="Expert"/>); never a test patch. The gallery expert needs
    /// the <paramref name="clusters"/> it looks at; its draw is seeded by <paramref name="seed"/>; when it looks closer at
    /// mixed clusters (<see cref="ExpertMaxPerCluster"/>), also the <paramref name="truth"/> of the patches it looked at.</summary>
    public int[] ExpertPatches(DataSplit split, int[]? clusters = null, int seed = 0, int[]? truth = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Expert switch
        {
            PersistenceExpert.Validation => split.Validation,
            PersistenceExpert.TrainingAndValidation => [.. split.Train, .. split.Validation],
            _ when ExpertMaxPerCluster <= ExpertPerCluster => ClusterLabelling.GalleryExpert(
                clusters ?? throw new ArgumentNullException(nameof(clusters), "the gallery expert looks at clusters"),
                [.. split.Train, .. split.Validation], ExpertPerCluster, seed),
            _ => ClusterLabelling.AdaptiveGalleryExpert(clusters ?? throw new ArgumentNullException(nameof(clusters), "the gallery expert looks at clusters"),
                truth ?? throw new ArgumentNullException(nameof(truth), "the expert who looks closer at a mixed cluster reads the labels of the patches it looked at"),
                [.. split.Train, .. split.Validation], ExpertPerCluster, ExpertMaxPerCluster, seed: seed),
        };
    }

    /// <summary>The chain clustered, named by the expert and scored on the test patches.</summary>
    public LatentClusteringResult Cluster(float[,] features, int[] labels, DataSplit split, int seed, string name)
    {
        ArgumentNullException.ThrowIfNull(split);
        var clustering = Clustering(seed);
        if (Expert != PersistenceExpert.Gallery)
            return clustering.Fit(features, labels, expert: ExpertPatches(split), scored: split.Test, name: name);
        var unnamed = clustering.Fit(features, name: name);
        return clustering.Rename(unnamed, labels, ExpertPatches(split, unnamed.Clusters, seed, labels), split.Test);
    }

    /// <summary>The whole chain for one seed: new darks, a new split, the autoencoder trained anew, its latents of the
    /// preprocessed and of the background-removed patches clustered, named and scored, and the masks against the truth.</summary>
    public PersistenceRun Run(int seed)
    {
        var (labels, split, data, cleanedData, masks) = SeedData(seed);
        // Making them left about 0.5 GB of intermediate frames as garbage at the default scale, which the .NET heap
        // otherwise keeps committed through the training and the clustering: handed back before them.
        HostMemory.Release();
        var trainer = TrainAutoencoder(data, split, seed);
        var ae = (SeedAutoencoder)trainer.Model;
        var validation = ValidationSet(data, split);
        var mse = trainer.Evaluate(validation)["mse"];
        var latents = Cluster(LatentFeatures(ae, data), labels, split, seed, "autoencoder latents");
        var bg = Cluster(LatentFeatures(ae, cleanedData), labels, split, seed, "autoencoder latents, background removed");
        ae.Dispose();
        return new PersistenceRun(seed, mse, PatchMeanBaseline(validation), latents, bg, masks);
    }

    // A seed's labels, split, the autoencoder's inputs of the preprocessed and of the background-removed frames, and
    // the masks against the truth, in a method of their own: its darks, frames, patches and background-removed frames
    // (about 0.2 GB at the default scale) are garbage once it returns, before the network trains and the latents are
    // clustered. In Run itself they would stay reachable to its end: code that the JIT has not optimised (a method
    // called once or twice is not) keeps every local alive until the method returns. For the same reason the
    // preprocessed frames and each set of patches live in methods of their own below, so that neither is still held
    // while the next is made (this step was notebook 01's peak). The darks and the frames made from them leave about
    // 0.5 GB of temporaries, which are handed back after each of the two steps (in a notebook, whose earlier cells keep
    // the GC's budgets large, they piled up to +0.6 GB here). The same steps, the same figures.
    (int[] Labels, DataSplit Split, ArrayDataset Data, ArrayDataset CleanedData, IReadOnlyList<FrameMasks> Masks) SeedData(int seed)
    {
        var darks = Darks(seed);
        HostMemory.Release();
        var (labels, data, cleaned) = Prepared(darks);
        HostMemory.Release();
        var split = Splits.TrainValidationTest(labels, seed: seed);
        return (labels, split, data, AeData(cleaned), MaskOverlaps(darks, cleaned));
    }

    // The preprocessed frames' labels and autoencoder inputs, and the background-removed frames.
    (int[] Labels, ArrayDataset Data, List<Image> Cleaned) Prepared(IReadOnlyList<NispSlewDark> darks)
    {
        var frames = darks.Select(Preprocess).ToList();
        var (labels, data) = LabelledData(frames, darks);
        return (labels, data, frames.Select(RemoveBackground).ToList());
    }

    (int[] Labels, ArrayDataset Data) LabelledData(IReadOnlyList<Image> frames, IReadOnlyList<NispSlewDark> darks)
    {
        var patches = Tile(frames);
        return (Labels(patches, darks), AeData(patches));
    }

    ArrayDataset AeData(IReadOnlyList<Image> frames) => AeData(Tile(frames));

    /// <summary>The background-removal and segmentation masks of each frame against its truth (light-sensitive area).</summary>
    public IReadOnlyList<FrameMasks> MaskOverlaps(IReadOnlyList<NispSlewDark> darks, IReadOnlyList<Image> cleaned)
    {
        ArgumentNullException.ThrowIfNull(darks);
        ArgumentNullException.ThrowIfNull(cleaned);
        return cleaned.Select((f, i) =>
        {
            var truth = darks[i].PersistenceMask.ExcludeReferencePixels(Border);
            var seg = Segment(f);
            return new FrameMasks(i, darks[i].Grism.ToString(), darks[i].Tilt, seg.ObjectCount,
                Metrics.MaskOverlap(truth, f.ExcludeReferencePixels(Border).NonZero()), Metrics.MaskOverlap(truth, seg.Mask));
        }).ToList();
    }

    /// <summary>The chain for each seed (<paramref name="done"/>: runs already made, reused for their seeds).</summary>
    public PersistenceSeeds RunSeeds(IEnumerable<int> seeds, params PersistenceRun[] done)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        return new PersistenceSeeds(seeds.Select(s => done.FirstOrDefault(r => r.Seed == s) ?? RunAndCollect(s)).ToList());
    }

    // A seed's darks, patches, data sets and network are garbage once its run is summarised: collected (and the
    // tensor block cache emptied) before the next seed, so that the seeds do not stack in the process's memory.
    PersistenceRun RunAndCollect(int seed)
    {
        var run = Run(seed);
        HostMemory.Release();
        return run;
    }
}

/// <summary>A frame's masks against its truth: the background-removal mask (the pixels it kept) and the
/// concatenated channel segmentation built on it.</summary>
public sealed record FrameMasks(int Frame, string Grism, int Tilt, int Objects, MaskOverlap Background, MaskOverlap Segmentation);
