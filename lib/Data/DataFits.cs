using NotebookLib.Fits;

namespace NotebookLib.Data;

/// <summary>
/// Writes the generators' products as the FITS files the real ones are (through lib/Fits, atomically):
/// a primary HDU with the product's keywords, then one image extension per array; label tables as
/// binary tables. A path ending in .gz is gzip-compressed.
/// </summary>
public static class DataFits
{
    /// <summary>Header keywords as FITS cards (ints widened to long, as the writer expects).</summary>
    public static FitsHeader ToFitsHeader(this IEnumerable<HeaderKeyword> keywords)
    {
        var h = new FitsHeader();
        foreach (var k in keywords)
            h.Add(new FitsCard(k.Name, k.Value switch
            {
                int i => (long)i,
                float f => (double)f,
                var v => v,
            }, k.Comment));
        return h;
    }

    /// <summary>An image HDU for a generated extension's pixels (float, int, byte, ushort arrays).</summary>
    public static ImageHdu ToImageHdu(this ImageExtension e) => new(e.Pixels switch
    {
        float[] f => new FitsArray<float>(f, e.Shape),
        int[] i => new FitsArray<int>(i, e.Shape),
        byte[] b => new FitsArray<byte>(b, e.Shape),
        ushort[] u => new FitsArray<ushort>(u, e.Shape),
        short[] s => new FitsArray<short>(s, e.Shape),
        _ => throw new ArgumentException($"extension {e.Name}: cannot write pixels of type {e.Pixels.GetType().Name}"),
    })
    { Name = e.Name, Header = e.Header.ToFitsHeader() };

    /// <summary>The raw product: primary header, DETnn.SCI (float32 ADU), DETnn.DQ (int32) and the truth
    /// extensions (TRUTH.PERSIST float32, masks uint8).</summary>
    public static void WriteFits(this NispSlewDark frame, string path) =>
        FitsWriter.Write(path, [new ImageHdu { Header = frame.Header.ToFitsHeader() }, .. frame.Extensions().Select(ToImageHdu)], checksum: true);

    /// <summary>A raw UVES-like frame: primary header (ESO keywords as HIERARCH cards) and one 16-bit
    /// unsigned extension per CCD, as the archive's raw files hold them.</summary>
    public static void WriteFits(this UvesFrame frame, string path)
    {
        var exts = frame.Extensions.Select(e =>
        {
            var f = (float[])e.Pixels;
            var u = new ushort[f.Length];
            for (var i = 0; i < f.Length; i++) u[i] = (ushort)Math.Clamp(f[i], 0, 65535);
            return (WritableHdu)new ImageHdu(new FitsArray<ushort>(u, e.Shape)) { Name = e.Name, Header = e.Header.ToFitsHeader() };
        });
        FitsWriter.Write(path, [new ImageHdu { Header = frame.Header.ToFitsHeader() }, .. exts], checksum: true);
    }

    /// <summary>One visit: IMAGE (science), DIFF (difference) and DIFFVAR (its variance), float32.</summary>
    public static void WriteFits(this HscVisit visit, int width, int height, string path) =>
        FitsWriter.Write(path,
        [
            new ImageHdu { Header = visit.Header.ToFitsHeader() },
            new ImageHdu(new FitsArray<float>(visit.Science, height, width)) { Name = "IMAGE" },
            new ImageHdu(new FitsArray<float>(visit.Difference, height, width)) { Name = "DIFF" },
            new ImageHdu(new FitsArray<float>(visit.Variance, height, width)) { Name = "DIFFVAR" },
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
            new FitsColumn("CUTOUT", c.SelectMany(x => x.Cutout).ToArray(), [side, side], "count"))
            { Name = "CANDIDATES", Header = new FitsHeader().Set("MAGZERO", field.ZeroPoint, "magnitude of one count") }], checksum: true);
    }

    /// <summary>All cut-outs as one cube [N, Size, Size] (primary) and a LABELS table (artifact flags and names).</summary>
    public static void WriteFits(this CfisGalaxySet set, string path) =>
        FitsWriter.Write(path,
        [
            new ImageHdu(new FitsArray<float>(set.Images, set.Count, set.Size, set.Size)) { Header = set.Header.ToFitsHeader() },
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
            new ImageHdu(new FitsArray<float>(set.Images, set.Count, 3, set.Size, set.Size)) { Header = set.Header.ToFitsHeader() },
            new BinTableHdu(
                new FitsColumn("MORPH", set.Morphologies.Select(m => m.ToString()).ToArray()),
                new FitsColumn("ANOMALY", set.Anomalies.Select(a => a.ToString()).ToArray())) { Name = "LABELS" },
        ], checksum: true);
}
