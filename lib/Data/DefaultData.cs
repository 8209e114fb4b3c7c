using NotebookLib.Configuration;

namespace NotebookLib.Data;

/// <summary>
/// The one place that says what each scale means for each notebook: "smoke" (a check that everything
/// runs, seconds), "default" (minutes on two CPU cores) and "full" (the talks' sizes, for a GPU). The scale
/// is the notebook's `scale` parameter, which the runner fills from environment.json runtime.scale or
/// NOTEBOOKLIB_SCALE; null here means that setting. Each notebook reads its own sizes from here: a record
/// of all its sizes (<see cref="PersistenceSizes"/> for notebook 01), or, until its notebook is written,
/// the options of its data generator.
/// </summary>
public static class DefaultData
{
    static string Scale(string? scale) => scale ?? EnvironmentSettings.Current.Scale;

    static T Pick<T>(string? scale, T smoke, T normal, T full) => Scale(scale) switch
    {
        "smoke" => smoke,
        "default" => normal,
        "full" => full,
        var s => throw new ArgumentException($"scale must be smoke, default or full, not '{s}'"),
    };

    /// <summary>Notebook 01 (persistence detection): its frames and the work done on them.</summary>
    public static PersistenceSizes Persistence(string? scale = null) => Pick(scale,
        // 10 × 10 patches of 34 px on each of 2 frames.
        new PersistenceSizes
        {
            Frames = 2,
            FrameSize = 8 + 10 * 34,
            MaxComponents = 8,
            TrainPatches = 140,
            SearchPatches = 48,
            SearchEpochs = 3,
            SearchTrials = 2,
            Epochs = 10,
            RealFrameSide = 256,
            UnetFrames = 1,
            UnetPatches = 96,
            UnetEpochs = 5,
        },
        // One frame per grism/tilt of the calibration block, 1020² light-sensitive pixels each.
        new PersistenceSizes
        {
            Frames = 6,
            FrameSize = 8 + 30 * 34,
            MaxComponents = 40,
            TrainPatches = 1600,
            SearchPatches = 240,
            SearchEpochs = 3,
            SearchTrials = 3,
            Epochs = 20,
            UnetFrames = 2,
            UnetPatches = 600,
            UnetEpochs = 6,
        },
        // The real 2048² detector: 54 frames × 3,600 = 194,400 patches of 34 px.
        new PersistenceSizes
        {
            Frames = 54,
            FrameSize = 2048,
            MaxComponents = 200,
            TrainPatches = int.MaxValue,
            SearchPatches = 20_000,
            SearchEpochs = 5,
            SearchTrials = 20,
            Epochs = 100,
            UnetFrames = 54,
            UnetPatches = 200_000,
            UnetEpochs = 30,
        });

    /// <summary>Notebook 02 (calibration-frame QC): its frames and the descriptor work done on them.</summary>
    public static UvesQcSizes Uves(string? scale = null) => Pick(scale,
        // 2 years × 2 arms × 3 types × 2 frames = 24 files, 36 extensions of 1/32 the detector's side.
        new UvesQcSizes
        {
            Options = new UvesCalibrationOptions { Downscale = 32, FirstYear = 2018, Years = 2, FramesPerYear = 2, BadFraction = 0.25 },
            Methods = [Imaging.InputMethod.Resize, Imaging.InputMethod.CentreCrop, Imaging.InputMethod.Stretch, Imaging.InputMethod.Binned],
            BaselineExtensions = 16,
            BatchSize = 16,
            ClassifierEpochs = 20,
            MaxClusters = 5,
        },
        // The talk's ten years (2010–2019), 6 frames per arm, type and year: 360 files, 540 extensions of 1/16 the side.
        new UvesQcSizes
        {
            Options = new UvesCalibrationOptions { Downscale = 16, FirstYear = 2010, Years = 10, FramesPerYear = 6, BadFraction = 0.15 },
            Methods = [Imaging.InputMethod.Resize, Imaging.InputMethod.CentreCrop, Imaging.InputMethod.Stretch, Imaging.InputMethod.Binned],
            BaselineExtensions = 120,
            BatchSize = 32,
            ClassifierEpochs = 60,
            MaxClusters = 8,
        },
        // Full-resolution detectors (4096 × 2048 red, 3000 × 2148 blue), 40 frames per arm, type and year: 2,400 files.
        new UvesQcSizes
        {
            Options = new UvesCalibrationOptions { Downscale = 1, FirstYear = 2010, Years = 10, FramesPerYear = 40, BadFraction = 0.1 },
            Methods = [Imaging.InputMethod.Resize, Imaging.InputMethod.CentreCrop, Imaging.InputMethod.Stretch, Imaging.InputMethod.Binned, Imaging.InputMethod.ZScale],
            BaselineExtensions = int.MaxValue,
            BatchSize = 64,
            ClassifierEpochs = 100,
            MaxClusters = 10,
        });

    /// <summary>Notebook 03 (transient vs bogus): its fields, visits and training.</summary>
    public static TransientSizes Transients(string? scale = null) => Pick(scale,
        // 3 fields of 256² × 4 visits: a few hundred DIA sources.
        new TransientSizes
        {
            Fields = 3,
            Options = new HscTransientOptions { Width = 256, Height = 256, Visits = 4, Galaxies = 150, Stars = 30, RealTransients = 2, Bands = Gri, InjectFakes = false },
            Epochs = 3,
            Filters1 = 16,
            Filters2 = 32,
            UmapPoints = 300,
        },
        // 32 fields of 384² × 6 visits: about 5,000 DIA sources, a few minutes on two cores. One real
        // transient a field keeps them a few per cent of the "real" labels, as in survey data.
        new TransientSizes
        {
            Fields = 32,
            Options = new HscTransientOptions { Width = 384, Height = 384, Visits = 6, Galaxies = 260, Stars = 40, RealTransients = 1, Bands = Gri, InjectFakes = false },
            Epochs = 20,
            Filters1 = 16,
            Filters2 = 32,
            UmapPoints = 1500,
        },
        // The talk's sizes: 6 detectors × 9 visits (3 a band) of 2048² (HSC CCDs are 2048 × 4176), for a GPU.
        new TransientSizes
        {
            Fields = 6,
            Options = new HscTransientOptions { Width = 2048, Height = 2048, Visits = 9, Galaxies = 6000, Stars = 900, RealTransients = 8, Bands = Gri, InjectFakes = false },
            Epochs = 40,
            BatchSize = 128,
            UmapPoints = 20_000,
        });

    /// <summary>Notebook 03's bands: visits cycle through g, r and i, each with its template; the fakes are injected afterwards.</summary>
    static readonly string[] Gri = ["g", "r", "i"];

    /// <summary>Notebook 03's generator: fields and their options (see <see cref="Transients"/>).</summary>
    public static (int Fields, HscTransientOptions Options) Hsc(string? scale = null)
    {
        var sizes = Transients(scale);
        return (sizes.Fields, sizes.Options);
    }

    /// <summary>Notebook 04 (survey artifacts): galaxies of 4 camera views, and the autoencoders' training.
    /// The dense autoencoder (69 million parameters) is the costly step on a CPU: at default it trains on
    /// what fits the few-minute budget; full is the talk's 40,000 images, for a GPU.</summary>
    public static ArtifactSizes Cfis(string? scale = null) => Pick(scale,
        new ArtifactSizes { Galaxies = 30, DenseImages = 32, DenseEpochs = 1, ConvImages = 64, ConvEpochs = 2 },
        new ArtifactSizes { Galaxies = 1000, DenseImages = 256, DenseEpochs = 2, ConvImages = 1600, ConvEpochs = 3 },
        new ArtifactSizes { Galaxies = 10_000, DenseImages = 36_000, DenseEpochs = 30, ConvImages = 36_000, ConvEpochs = 50 });

    /// <summary>Notebook 05 (similarity search and anomalies): its pool of cut-outs and the work done on it.</summary>
    public static SimilaritySizes Similarity(string? scale = null) => Pick(scale,
        new SimilaritySizes
        {
            Count = 160,
            Size = 32,
            AnomalyRateFactor = 4,
            Filters = [8, 16, 16],
            VaeLatentDim = 8,
            Epochs = 2,
            VaeEpochs = 2,
            BatchSize = 32,
            TsneIterations = 250,
            SomSide = 5,
        },
        // 64² cut-outs (a 2.4× smaller side than the talk's), 1,200 of them, 6 % oddities.
        new SimilaritySizes
        {
            Count = 1200,
            Size = 64,
            AnomalyRateFactor = 3,
            Filters = [16, 32, 32],
            VaeLatentDim = 16,
            Epochs = 8,
            VaeEpochs = 15,
            BatchSize = 32,
            TsneIterations = 500,
            SomSide = 10,
        },
        // The talk: 220 × 220 × 3 cut-outs, the 32-64-64 network, 10,000 galaxies at the generator's 2 % oddities.
        new SimilaritySizes
        {
            Count = 10000,
            Size = 220,
            AnomalyRateFactor = 1,
            Filters = [32, 64, 64],
            VaeLatentDim = 32,
            Epochs = 40,
            VaeEpochs = 40,
            BatchSize = 64,
            TsneIterations = 1000,
            SomSide = 20,
        });
}
