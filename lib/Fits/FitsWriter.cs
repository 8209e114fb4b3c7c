using System.IO.Compression;
using NotebookLib.IO;

namespace NotebookLib.Fits;

/// <summary>
/// Writes FITS files through CFITSIO, atomically (a temporary file beside the target, then a
/// rename: an earlier file survives a failed write). Like astropy's <c>HDUList.writeto</c>:
/// <code>FitsWriter.Write("frames.fits", new ImageHdu(frame) { Name = "SCI", Header = h },
///     new ImageHdu(dq) { Name = "DQ" }, new BinTableHdu(new FitsColumn("FLUX", flux)) { Name = "CAT" });</code>
/// A first HDU that is not an image gets an empty primary in front. A path ending in ".gz" is gzip-compressed; one ending in ".Z" is Unix-compressed (LZW, how ESO ships raw frames) by
/// compress(1) (Debian ncompress).
/// What is written passes fitsverify.
/// </summary>
public static partial class FitsWriter
{
    static readonly HashSet<string> Structural = new(StringComparer.OrdinalIgnoreCase)
    {
        "SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT", "GCOUNT", "TFIELDS", "BSCALE", "BZERO", "BLANK",
        "EXTNAME", "END", "CHECKSUM", "DATASUM", "THEAP", "GROUPS", "ZIMAGE", "ZBITPIX", "ZNAXIS", "ZCMPTYPE",
    };
    static readonly string[] StructuralPrefixes = ["NAXIS", "TTYPE", "TFORM", "TUNIT", "TDIM", "TSCAL", "TZERO", "TNULL", "TBCOL", "ZNAXIS", "ZTILE"];

    /// <summary>Whether a keyword is one the writer produces itself (ignored when found in a given header,
    /// so that a header read from a file can be passed back unchanged).</summary>
    public static bool IsStructural(string keyword) =>
        Structural.Contains(keyword) || StructuralPrefixes.Any(p => keyword.StartsWith(p, StringComparison.OrdinalIgnoreCase) && keyword.Length > p.Length && char.IsDigit(keyword[p.Length]));

    public static void Write(string path, params WritableHdu[] hdus) => Write(path, hdus, checksum: false);

    /// <summary>Writes the HDUs to <paramref name="path"/>; <paramref name="checksum"/> adds CHECKSUM/DATASUM cards.</summary>
    public static void Write(string path, IEnumerable<WritableHdu> hdus, bool checksum)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var list = hdus.ToList();
        if (list.Count == 0) throw new ArgumentException($"no HDUs to write to {path}");
        if (list[0] is not ImageHdu) list.Insert(0, new ImageHdu());
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            AtomicFile.Write(path, (Stream target) =>
            {
                var plain = Path.Combine(Path.GetTempPath(), $"notebooklib-{Guid.NewGuid():N}.fits");
                try
                {
                    WriteFile(plain, path, list, checksum);
                    using var gz = new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true);
                    using var src = File.OpenRead(plain);
                    src.CopyTo(gz);
                }
                finally { File.Delete(plain); }
            });
        }
        else if (path.EndsWith(".Z", StringComparison.Ordinal))
        {
            AtomicFile.Write(path, (Stream target) =>
            {
                var plain = Path.Combine(Path.GetTempPath(), $"notebooklib-{Guid.NewGuid():N}.fits");
                try
                {
                    WriteFile(plain, path, list, checksum);
                    UnixCompress(plain, target, path);
                }
                finally { File.Delete(plain); }
            });
        }
        else AtomicFile.Write(path, (string tmp) => WriteFile(tmp, path, list, checksum));
    }

    static void UnixCompress(string plain, Stream target, string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("compress", ["-c", plain]) { RedirectStandardOutput = true, RedirectStandardError = true };
        System.Diagnostics.Process? p;
        try { p = System.Diagnostics.Process.Start(psi); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"writing {path} needs compress(1) (Debian package ncompress), which did not start: {e.Message}", e);
        }
        using var process = p ?? throw new InvalidOperationException($"writing {path}: compress(1) did not start");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(target);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new IOException($"compress(1) failed writing {path}: {error.Result}");
    }

    static void WriteFile(string tmp, string path, List<WritableHdu> hdus, bool checksum)
    {
        int status = 0;
        var where = new FitsLocation(path);
        Cfitsio.ffinit(out var h, tmp, ref status);
        where.Check(status, "cannot create the file");
        try
        {
            for (int i = 0; i < hdus.Count; i++)
            {
                var at = new FitsLocation(path, i, hdus[i].Name);
                if (hdus[i] is ImageHdu image) WriteImage(h, image, at, i == 0);
                else if (hdus[i] is BinTableHdu table) WriteTable(h, table, at);
                else throw at.Error($"cannot write an HDU of type {hdus[i].GetType().Name}");
                if (checksum)
                {
                    Cfitsio.ffpcks(h, ref status);
                    at.Check(status, "cannot write CHECKSUM/DATASUM");
                }
            }
        }
        finally
        {
            int closeStatus = 0;
            Cfitsio.ffclos(h, ref closeStatus);
            if (closeStatus != 0 && status == 0) where.Check(closeStatus, "cannot close (flush) the file");
        }
    }

    /// <summary>CFITSIO puts two COMMENT cards about the FITS paper into every primary header it
    /// creates; astropy does not, and they are not the user's: take them out.</summary>
    static unsafe void RemoveCfitsioBoilerplate(nint h, FitsLocation where)
    {
        int status = 0;
        Cfitsio.ffghsp(h, out var n, out _, ref status);
        var card = stackalloc byte[96];
        for (int k = n; k >= 1; k--)
        {
            Cfitsio.ffgrec(h, k, card, ref status);
            where.Check(status, "cannot read back the header");
            var text = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)card) ?? "";
            if (text.StartsWith("COMMENT   FITS (Flexible Image Transport System) format is", StringComparison.Ordinal)
                || text.StartsWith("COMMENT   and Astrophysics', volume 376, page 359", StringComparison.Ordinal))
                Cfitsio.ffdrec(h, k, ref status);
        }
        where.Check(status, "cannot tidy the primary header");
    }

    /// <summary>Writes the user's cards, skipping structural keywords.</summary>
    static unsafe void WriteCards(nint h, WritableHdu hdu, FitsLocation where)
    {
        int status = 0;
        if (!string.IsNullOrEmpty(hdu.Name))
        {
            Cfitsio.ffpkls(h, "EXTNAME", hdu.Name, "extension name", ref status);
            where.Check(status, "cannot write EXTNAME", "EXTNAME");
        }
        // Strings longer than one card use CONTINUE cards: the OGIP convention says so in LONGSTRN.
        if (hdu.Header.Any(c => c.Value is string v && !c.IsCommentary && v.Replace("'", "''").Length > 68) && !hdu.Header.Contains("LONGSTRN"))
        {
            Cfitsio.ffpkls(h, "LONGSTRN", "OGIP 1.0", "The OGIP long string convention may be used", ref status);
            where.Check(status, "cannot write LONGSTRN", "LONGSTRN");
        }
        foreach (var card in hdu.Header)
        {
            if (IsStructural(card.Keyword) && !card.IsCommentary) continue;
            var comment = string.IsNullOrEmpty(card.Comment) ? null : card.Comment;
            switch (card.Keyword, card.Value)
            {
                case ("COMMENT", var v): Cfitsio.ffpcom(h, v as string ?? "", ref status); break;
                case ("HISTORY", var v): Cfitsio.ffphis(h, v as string ?? "", ref status); break;
                case ("", var v): Cfitsio.ffprec(h, ("        " + (v as string ?? "")).PadRight(80)[..80], ref status); break;
                case (var k, string s): Cfitsio.ffpkls(h, k, s, comment, ref status); break;
                case (var k, bool b): { int t = b ? 1 : 0; Cfitsio.ffpky(h, Cfitsio.TLOGICAL, k, &t, comment, ref status); break; }
                case (var k, long l): Cfitsio.ffpky(h, Cfitsio.TLONGLONG, k, &l, comment, ref status); break;
                case (var k, double d):
                    if (!double.IsFinite(d)) throw where.Error($"a header value must be finite, not {d}", k);
                    Cfitsio.ffpkyd(h, k, d, -17, comment, ref status); break;
                case (var k, System.Numerics.Complex c):
                {
                    var pair = stackalloc double[2] { c.Real, c.Imaginary };
                    Cfitsio.ffpkym(h, k, pair, -17, comment, ref status); break;
                }
                case (var k, null): Cfitsio.ffpkyu(h, k, comment, ref status); break;
                default: throw where.Error($"cannot write a value of type {card.Value!.GetType().Name}", card.Keyword);
            }
            where.Check(status, "cannot write the card", card.Keyword);
        }
    }
}
