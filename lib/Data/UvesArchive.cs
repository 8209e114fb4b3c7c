using System.Globalization;
using Microsoft.Data.Analysis;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>
/// One image extension of a raw UVES calibration file as read back from disk: where it came from, what its
/// headers say (arm, ESO DPR TYPE, date) and the generator's truth (SYNDFCT), and its pixels.
/// <see cref="Code"/> is the talk's short image-type name: U, arm (B/R), type (B bias, F flat, W wave),
/// extension number — UBB1, URW2, …
/// </summary>
public sealed record UvesExtension(string File, int Hdu, string ExtName, string Arm, string DprType, DateTime DateObs, string Defect, Image Image)
{
    public int Year => DateObs.Year;
    public bool IsBad => Defect != nameof(UvesDefect.None);
    /// <summary>BLUE-ext1, RED-ext1, RED-ext2: the talk's columns.</summary>
    public string Group => $"{Arm}-ext{Hdu}";
    /// <summary>"BIAS", "FLAT" or "WAVE" (ESO DPR TYPE LAMP,WAVE).</summary>
    public string Kind => DprType.EndsWith("WAVE", StringComparison.Ordinal) ? "WAVE" : DprType;
    public string Code => $"U{Arm[0]}{Kind[0]}{Hdu}";
    public override string ToString() => $"{System.IO.Path.GetFileName(File)}[{Hdu}] {Code} {DateObs:yyyy-MM-dd} {Image.Height}×{Image.Width} {Defect}";
}

/// <summary>
/// Raw UVES calibration files as the ESO archive ships them: one multi-extension FITS file per exposure,
/// named UVES.&lt;DATE-OBS&gt;.fits.Z (Unix compress), read back through CFITSIO.
/// </summary>
public static class UvesArchive
{
    /// <summary>Writes each frame to <paramref name="folder"/> as UVES.yyyy-mm-ddThh_mm_ss.sss.fits.Z (colons, which the
    /// archive uses, made underscores); returns the paths in the frames' order.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<UvesFrame> frames, string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = frames.Select(f => Path.Combine(folder, $"UVES.{f.DateObs.ToString("yyyy-MM-dd'T'HH_mm_ss.fff", CultureInfo.InvariantCulture)}.fits.Z")).ToList();
        var dup = paths.GroupBy(p => p).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"two frames share the file name {dup.Key}");
        Parallel.For(0, frames.Count, new ParallelOptions { MaxDegreeOfParallelism = Configuration.EnvironmentSettings.Current.EffectiveThreads },
            i => frames[i].WriteFits(paths[i]));
        return paths;
    }

    /// <summary>Every image extension of every file, in file then HDU order, read through CFITSIO (which
    /// uncompresses .Z and .gz itself). A file that cannot be read is an error naming it.</summary>
    public static IReadOnlyList<UvesExtension> Read(IReadOnlyList<string> paths)
    {
        var perFile = new List<UvesExtension>[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Configuration.EnvironmentSettings.Current.EffectiveThreads }, i =>
        {
            using var file = FitsFile.Open(paths[i]);
            var primary = file[0].Header;
            var date = DateTime.Parse(primary.GetString("DATE-OBS"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            var defect = primary.GetString("SYNDFCT", "unknown");
            perFile[i] = file.Where(h => h.Index > 0 && h.IsImage && h.HasData)
                .Select(h => new UvesExtension(paths[i], h.Index, h.Name, primary.GetString("ESO INS PATH"), primary.GetString("ESO DPR TYPE"), date, defect, h.ReadImage2D()))
                .ToList();
        });
        return perFile.SelectMany(e => e).ToList();
    }

    /// <summary>The table of what was read: one row per extension.</summary>
    public static DataFrame Table(IReadOnlyList<UvesExtension> extensions) => new(
        new StringDataFrameColumn("file", extensions.Select(e => Path.GetFileName(e.File))),
        new Int32DataFrameColumn("hdu", extensions.Select(e => e.Hdu)),
        new StringDataFrameColumn("extname", extensions.Select(e => e.ExtName)),
        new StringDataFrameColumn("arm", extensions.Select(e => e.Arm)),
        new StringDataFrameColumn("dpr_type", extensions.Select(e => e.DprType)),
        new StringDataFrameColumn("type", extensions.Select(e => e.Code)),
        new Int32DataFrameColumn("year", extensions.Select(e => e.Year)),
        new StringDataFrameColumn("shape", extensions.Select(e => $"{e.Image.Height}×{e.Image.Width}")),
        new StringDataFrameColumn("defect", extensions.Select(e => e.Defect)));
}
