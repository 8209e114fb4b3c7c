using NotebookLib.Configuration;

namespace NotebookLib.Data;

/// <summary>
/// The embedded default data of each notebook at a scale ("smoke", "default", "full"; environment.json
/// runtime.scale or NOTEBOOKLIB_SCALE): "default" finishes in seconds on two cores, "full" is the talks'
/// sizes (2048² NISP frames, full-size UVES CCDs, 128² CFIS and 220² cut-outs in the thousands).
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

    /// <summary>Notebook 01: frames of the calibration block and their size.</summary>
    public static (int Frames, NispSlewDarkOptions Options) Nisp(string? scale = null) => Pick(scale,
        (2, new NispSlewDarkOptions { Size = 280 }),
        (6, new NispSlewDarkOptions { Size = 552 }),     // 544 = 4 × 136 light-sensitive pixels a side
        (24, new NispSlewDarkOptions { Size = 2048 }));

    /// <summary>Notebook 02.</summary>
    public static UvesCalibrationOptions Uves(string? scale = null) => Pick(scale,
        new UvesCalibrationOptions { Downscale = 32, Years = 2, FramesPerYear = 3 },
        new UvesCalibrationOptions { Downscale = 16, Years = 5, FramesPerYear = 8 },
        new UvesCalibrationOptions { Downscale = 4, Years = 6, FramesPerYear = 40 });

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
