using NotebookLib.Fits;

namespace NotebookLib.Data;

/// <summary>
/// Writes the generators' products as the FITS files the real ones are (through lib/Fits, atomically):
/// a primary HDU with the product's keywords, then one image extension per array; label tables as
/// binary tables. A path ending in .gz is gzip-compressed.
/// </summary>
public static class DataFits
{
    /// <summary>The raw product: primary header, DETnn.SCI (float32 ADU), DETnn.DQ (int32) and the truth
    /// extensions (TRUTH.PERSIST float32, masks uint8).</summary>
    public static void WriteFits(this NispSlewDark frame, string path) =>
        FitsWriter.Write(path, [new ImageHdu { Header = frame.Header }, .. frame.Extensions()], checksum: true);

    /// <summary>A raw UVES-like frame: primary header (ESO keywords as HIERARCH cards) and one 16-bit
    /// unsigned extension per CCD, as the archive's raw files hold them.</summary>
    public static void WriteFits(this UvesFrame frame, string path)
    {
        var exts = frame.Extensions.Select(e =>
        {
            var f = e.Image.Pixels;
            var u = new ushort[f.Length];
            for (var i = 0; i < f.Length; i++) u[i] = (ushort)Math.Clamp(f[i], 0, 65535);
            return (WritableHdu)new ImageHdu(new FitsArray<ushort>(u, e.Image.Height, e.Image.Width)) { Name = e.Name, Header = e.Header };
        });
        FitsWriter.Write(path, [new ImageHdu { Header = frame.Header }, .. exts], checksum: true);
    }

    /// <summary>One visit: IMAGE (science), DIFF (difference) and DIFFVAR (its variance), float32.</summary>
    public static void WriteFits(this HscVisit visit, string path) =>
        FitsWriter.Write(path,
        [
            new ImageHdu { Header = visit.Header },
            new ImageHdu(visit.Science.ToFitsArray()) { Name = "IMAGE" },
            new ImageHdu(visit.Difference.ToFitsArray()) { Name = "DIFF" },
            new ImageHdu(visit.Variance.ToFitsArray()) { Name = "DIFFVAR" },
        ], checksum: true);

    /// <summary>The candidates of a field: a binary table with position, visit, truth, SNR and the
    /// 30×30 cut-out of each (a fixed-size array column).</summary>
    public static void WriteCandidatesFits(this HscTransientField field, string path)
    {
        var c = field.Candidates;
        if (c.Count == 0) throw new ArgumentException($"field has no candidates to write to {path}");
        var side = field.CutoutSize;
        FitsWriter.Write(path, [new BinTableHdu(
            new FitsColumn("ID", c.Select(x => x.Id).ToArray()),
            new FitsColumn("VISIT", c.Select(x => x.Visit).ToArray()),
            new FitsColumn("X", c.Select(x => x.X).ToArray(), unit: "pix"),
            new FitsColumn("Y", c.Select(x => x.Y).ToArray(), unit: "pix"),
            new FitsColumn("KIND", c.Select(x => x.Kind.ToString()).ToArray()),
            new FitsColumn("TRUTHID", c.Select(x => x.TruthId).ToArray()),
            new FitsColumn("SNR", c.Select(x => x.Snr).ToArray()),
            new FitsColumn("CUTOUT", c.SelectMany(x => x.Cutout.Pixels).ToArray(), [side, side], "count"))
            { Name = "CANDIDATES", Header = new FitsHeader().Set("MAGZERO", field.ZeroPoint, "magnitude of one count") }], checksum: true);
    }

    /// <summary>All cut-outs as one cube [N, Size, Size] (primary) and a LABELS table (artifact flags and names).</summary>
    public static void WriteFits(this CfisGalaxySet set, string path) =>
        FitsWriter.Write(path,
        [
            new ImageHdu(new FitsArray<float>(set.Images, set.Count, set.Size, set.Size)) { Header = set.Header },
            new BinTableHdu(
                new FitsColumn("ARTIFACT", set.Artifacts.Select(a => (int)a).ToArray()),
                new FitsColumn("ARTNAME", set.Artifacts.Select(a => a.ToString()).ToArray()),
                new FitsColumn("MAG", set.Magnitudes),
                new FitsColumn("R_EFF", set.EffectiveRadii, unit: "pix"),
                new FitsColumn("SERSIC_N", set.SersicIndices)) { Name = "LABELS" },
        ], checksum: true);

    /// <summary>All cut-outs as one cube [N, 3, Size, Size] (bands g, r, z) and a LABELS table.</summary>
    public static void WriteFits(this GalaxyCutoutSet set, string path) =>
        FitsWriter.Write(path,
        [
            new ImageHdu(new FitsArray<float>(set.Images, set.Count, 3, set.Size, set.Size)) { Header = set.Header },
            new BinTableHdu(
                new FitsColumn("MORPH", set.Morphologies.Select(m => m.ToString()).ToArray()),
                new FitsColumn("ANOMALY", set.Anomalies.Select(a => a.ToString()).ToArray())) { Name = "LABELS" },
        ], checksum: true);
}
