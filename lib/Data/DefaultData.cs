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
            MaxComponents = 4,
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
            MaxComponents = 10,
            TrainPatches = 800,
            SearchPatches = 240,
            SearchEpochs = 3,
            SearchTrials = 3,
            Epochs = 15,
            UnetFrames = 2,
            UnetPatches = 600,
            UnetEpochs = 6,
        },
        // The real 2048² detector: 54 frames × 3,600 = 194,400 patches of 34 px.
        new PersistenceSizes
        {
            Frames = 54,
            FrameSize = 2048,
            MaxComponents = 10,
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
            Methods = [Imaging.InputMethod.Resize, Imaging.InputMethod.CentreCrop, Imaging.InputMethod.Stretch],
            BaselineExtensions = 16,
            BatchSize = 16,
            ClassifierEpochs = 20,
            MaxClusters = 5,
        },
        // The talk's ten years (2010–2019), 6 frames per arm, type and year: 360 files, 540 extensions of 1/16 the side.
        new UvesQcSizes
        {
            Options = new UvesCalibrationOptions { Downscale = 16, FirstYear = 2010, Years = 10, FramesPerYear = 6, BadFraction = 0.15 },
            Methods = [Imaging.InputMethod.Resize, Imaging.InputMethod.CentreCrop, Imaging.InputMethod.Stretch],
            BaselineExtensions = 120,
            BatchSize = 32,
            ClassifierEpochs = 60,
            MaxClusters = 8,
        },
        // Full-resolution detectors (4096 × 2048 red, 3000 × 2148 blue), 40 frames per arm, type and year: 2,400 files.
        new UvesQcSizes
        {
            Options = new UvesCalibrationOptions { Downscale = 1, FirstYear = 2010, Years = 10, FramesPerYear = 40, BadFraction = 0.1 },
            Methods = [Imaging.InputMethod.Resize, Imaging.InputMethod.CentreCrop, Imaging.InputMethod.Stretch, Imaging.InputMethod.ZScale],
            BaselineExtensions = int.MaxValue,
            BatchSize = 64,
            ClassifierEpochs = 100,
            MaxClusters = 10,
        });

    /// <summary>Notebook 03: fields and their options.</summary>
    public static (int Fields, HscTransientOptions Options) Hsc(string? scale = null) => Pick(scale,
        (4, new HscTransientOptions { Width = 256, Height = 256, Galaxies = 120, Stars = 25 }),
        (24, new HscTransientOptions { Width = 384, Height = 384, Galaxies = 200, Stars = 40 }),
        (200, new HscTransientOptions { Width = 1024, Height = 1024, Galaxies = 1000, Stars = 150 }));

    /// <summary>Notebook 04.</summary>
    public static CfisGalaxyOptions Cfis(string? scale = null) => Pick(scale,
        new CfisGalaxyOptions { Count = 200 },
        new CfisGalaxyOptions { Count = 1000 },
        new CfisGalaxyOptions { Count = 20000 });

    /// <summary>Notebook 05: 220² cut-outs at every scale.</summary>
    public static GalaxyCutoutOptions Cutouts(string? scale = null) => Pick(scale,
        new GalaxyCutoutOptions { Count = 60 },
        new GalaxyCutoutOptions { Count = 500 },
        new GalaxyCutoutOptions { Count = 10000 });
}
