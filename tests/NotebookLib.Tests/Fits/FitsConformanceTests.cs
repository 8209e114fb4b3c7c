using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NotebookLib.Fits;
using NotebookLib.FitsFuzz;
using Xunit.Abstractions;

namespace NotebookLib.Tests.Fits;

/// <summary>
/// Conformance on real files (<see cref="ConformanceSet"/>), HDU by HDU against astropy: the same
/// HDUs, the same cards (keyword, value, comment) and the same data (stored values exactly, by
/// digest; scaled values at sampled pixels to the data type's precision; table cells at sampled
/// rows). A file astropy rejects must be a clear <see cref="FitsException"/> here. The differences
/// that remain are listed, with why, in <see cref="Differences"/>.
/// </summary>
public class FitsConformanceTests(ConformanceSet set, ITestOutputHelper output) : IClassFixture<ConformanceSet>
{
    /// <summary>
    /// Where we and astropy part ways, file by file (paths ending so), and why. Headers: we report
    /// the cards as the file has them, where astropy adds, renames or re-parses some. These files
    /// are still read in full, and both ways in child processes.
    /// </summary>
    public static readonly Dictionary<string, string> Differences = new()
    {
        ["astropy/io/fits/tests/data/verify.fits"] = "NAXIS before BITPIX: astropy reads it with a warning, CFITSIO refuses it (a FitsException naming BITPIX)",
        ["astropy/io/fits/tests/data/invalid/group_invalid.fits"] = "NAXIS = 0 and no NAXIS1: astropy rewrites its header to NAXIS = 1, NAXIS1 = 0",
        ["eso-midas/22FEB/test/prim/nocdelt.fits"] = "no EXTEND card: astropy adds one to the primary header",
        ["eso-midas/22FEB/test/prim/timmi2.fits"] = "HIERARCH ... = '0.2''''/pixel_mask': by the standard the value is 0.2''/pixel_mask (ours); astropy stops at the escaped quotes",
        ["eso-midas/22FEB/test/prim/badMPE.fits"] = "long strings whose CONTINUE segments hold quotes: astropy garbles XPROC0, we join the segments as written",
        ["eso-midas/22FEB/test/prim/expo_map_M12c.fits"] = "CONTINUE cards after a HISTORY card: astropy drops them, we keep them as cards",
        ["eso-midas/22FEB/test/prim/image_M12c.fits"] = "CONTINUE cards after a non-string card: astropy refuses the file, we keep them as cards",
        ["astropy/wcs/tests/data/header_with_time.fits"] = "SIMPLE = F: astropy names the first HDU '', we name it PRIMARY",
        ["astropy/wcs/tests/data/header_with_time_wcslib71.fits"] = "SIMPLE = F: astropy names the first HDU '', we name it PRIMARY",
        ["astropy/wcs/tests/data/dist_lookup.fits.gz"] = "record-valued keyword cards (D2IM1 = 'EXTVER: 1'): astropy parses them as D2IM1.EXTVER, we keep the card as written",
        ["astropy/wcs/tests/data/ie6d07ujq_wcs.fits"] = "record-valued keyword cards (D2IM1 = 'EXTVER: 1'): astropy parses them as D2IM1.EXTVER, we keep the card as written",
        ["eso-midas/22FEB/test/prim/dss_test2.fits"] = "an unparsable SKEW card: astropy refuses the file, CFITSIO and we read it",
        ["astropy/wcs/tests/data/dss.14.29.56-62.41.05.fits.gz"] = "an unparsable SKEW card: astropy refuses the file, CFITSIO and we read it",
        ["eso-midas/22FEB/test/prim/nttexample.mt"] = "astropy fails on it (an AttributeError inside astropy); CFITSIO and we read it",
    };

    static readonly Dictionary<string, string> CfitsioRejects = new() { ["astropy/io/fits/tests/data/verify.fits"] = "BITPIX" };
    static readonly Dictionary<string, string[]> FixedByAstropy = new() { ["astropy/io/fits/tests/data/invalid/group_invalid.fits"] = ["NAXIS", "NAXIS1"] };

    static string? Known<T>(Dictionary<string, T> table, string path) => table.Keys.FirstOrDefault(k => path.EndsWith(k, StringComparison.Ordinal));

    [Fact]
    public void The_packages_are_installed_and_ship_their_files()
    {
        foreach (var p in ConformanceSet.Packages)
            Assert.True(set.Files.Any(f => PackageOf(f) == p), $"no FITS files from Debian package {p}: is it installed (./nb setup)?");
        Assert.True(set.Files.Length >= 150, $"only {set.Files.Length} FITS files found");
        Assert.Contains(set.Files, f => f.EndsWith("/tst0004.mt", StringComparison.Ordinal));
        Assert.Contains(set.Files, f => f.EndsWith("/m51.fits", StringComparison.Ordinal));
    }

    static string PackageOf(string f) =>
        f.Contains("/eso-midas/") ? "eso-midas-testdata" : f.Contains("python-drizzle") ? "python-drizzle-testdata"
        : f.Contains("/astropy/") ? "python3-astropy" : f.Contains("/PDL/") || f.Contains("pdl", StringComparison.OrdinalIgnoreCase) ? "pdl" : "ftools-fv";

    /// <summary>Every HDU of every file as astropy reads it; prints the counts the issue asks for.</summary>
    [Fact]
    public void Every_file_reads_as_astropy_reads_it()
    {
        int files = 0, hdus = 0, equal = 0, rejectedByBoth = 0, documented = 0;
        var failures = new List<string>();
        foreach (var path in set.Files)
        {
            files++;
            var expected = set.Astropy[path]!;
            if (Known(Differences, path) is string && Known(CfitsioRejects, path) is null && Known(FixedByAstropy, path) is null)
            {
                // Still read in full here, and both ways in Every_file_reads_the_same_both_ways_in_a_child_process.
                using (var f = FitsFile.Open(path)) foreach (var h in f) ReadAll(h);
                documented++;
                continue;
            }
            if (Known(CfitsioRejects, path) is string rejected)
            {
                var ex = Record.Exception(() => FitsFile.Open(path));
                if (ex is FitsException fe && fe.Message.Contains(path) && fe.Message.Contains(CfitsioRejects[rejected])) documented++;
                else failures.Add($"{path}: expected a FitsException naming {CfitsioRejects[rejected]}, got {ex?.GetType().Name ?? "none"}");
                continue;
            }
            if (expected["error"] is JsonNode error)
            {
                var ex = Record.Exception(() => { using var f = FitsFile.Open(path); foreach (var h in f) ReadAll(h); });
                if (ex is FitsException && ex.Message.Contains(Path.GetFileName(path))) rejectedByBoth++;
                else failures.Add($"{path}: astropy rejects it ({error}); ours gave {ex?.GetType().Name ?? "no error"}");
                continue;
            }
            try
            {
                using var file = FitsFile.Open(path);
                var list = expected["hdus"]!.AsArray();
                if (list.Count != file.Count) { failures.Add($"{path}: astropy has {list.Count} HDUs, ours {file.Count}"); continue; }
                foreach (var e in list)
                {
                    hdus++;
                    var i = (int)e!["index"]!;
                    try
                    {
                        CompareHdu(e, file[i], path, $"{path} HDU {i}");
                        equal++;
                    }
                    catch (Exception x) when (x is Xunit.Sdk.XunitException or FitsException) { failures.Add(x.Message); }
                }
            }
            catch (FitsException x) { failures.Add($"{path}: astropy reads it, ours: {x.Message}"); }
        }
        documented += set.Files.Count(f => Known(FixedByAstropy, f) is not null);
        output.WriteLine($"conformance: {files} files, {hdus} HDUs compared, {equal} equal to astropy, {rejectedByBoth} files rejected by both (clean FitsException), {documented} documented differences, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} differences from astropy:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(hdus, equal);
    }

    /// <summary>Every file of the set read in child processes, every image both ways (the direct path and
    /// CFITSIO): no crash, no exception other than FitsException, the same pixels from both.</summary>
    [Fact]
    public void Every_file_reads_the_same_both_ways_in_a_child_process()
    {
        var cases = set.Files.Select((f, i) => new FuzzCase(i, f, "unchanged")).ToList();
        var report = FuzzRunner.Check(cases, TimeSpan.FromMinutes(10), perChild: 16, parallel: 2);
        output.WriteLine($"conformance set in child processes: {report}");
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures));
        Assert.Equal(set.Files.Length, report.Files);
    }

    static void ReadAll(FitsHdu h)
    {
        if (h.Type == FitsHduType.RandomGroups) h.ReadGroups();
        else if (h.IsTable) h.ReadTable();
        else if (h.IsImage && h.HasData) h.ReadImage();
    }

    static void CompareHdu(JsonNode e, FitsHdu hdu, string path, string ctx)
    {
        Assert.True(string.Equals((string)e["name"]!, hdu.Name, StringComparison.OrdinalIgnoreCase), $"{ctx}: astropy name '{e["name"]}', ours '{hdu.Name}'");
        Assert.True((int)e["ver"]! == hdu.ExtVer, $"{ctx}: astropy EXTVER {e["ver"]}, ours {hdu.ExtVer}");
        Assert.True(KindOf(hdu) == (string)e["kind"]!, $"{ctx}: astropy {e["kind"]}, ours {KindOf(hdu)}");
        var cards = e["cards"]!.AsArray();
        if (Known(FixedByAstropy, path) is string fixedKey)
        {
            var added = FixedByAstropy[fixedKey];
            cards = new JsonArray(cards.Where(c => !added.Contains((string)c![0]!)).Select(c => c!.DeepClone()).ToArray());
            CompareHeader(cards, new FitsHeader(hdu.Header.Where(c => !added.Contains(c.Keyword))), ctx);
        }
        else CompareHeader(cards, hdu.Header, ctx);
        if (e["groups"] is JsonNode groups) CompareGroups(groups, hdu, ctx);
        else if (e["bytes"] is JsonNode sha) Assert.True(Sha256((byte[])hdu.ReadRawImage().Values) == (string)sha!, $"{ctx}: the bytes of the nonstandard extension differ");
        else if (e["columns"] is JsonArray columns) CompareTable(columns, (int)e["rows"]!, e["at"]!.AsArray(), hdu, ctx);
        else if (e["shape"] is JsonArray shape) CompareImage(e, shape, hdu, ctx);
    }

    static string KindOf(FitsHdu h) => h.IsCompressed ? "CompImageHDU" : h.Type switch
    {
        FitsHduType.Primary => "PrimaryHDU",
        FitsHduType.Image => "ImageHDU",
        FitsHduType.BinaryTable => "BinTableHDU",
        FitsHduType.AsciiTable => "TableHDU",
        FitsHduType.Nonstandard => "NonstandardExtHDU",
        _ => "GroupsHDU",
    };

    static void CompareHeader(JsonArray cards, FitsHeader ours, string ctx)
    {
        Assert.True(cards.Count == ours.Count, $"{ctx}: astropy has {cards.Count} cards, ours {ours.Count}:\n astropy {string.Join(" ", cards.Select(c => c![0]))}\n ours    {string.Join(" ", ours.Keys)}");
        for (int k = 0; k < cards.Count; k++)
        {
            var c = cards[k]!;
            var card = ours[k];
            var key = (string)c[0]!;
            Assert.True(key == card.Keyword, $"{ctx} card {k}: astropy keyword '{key}', ours '{card.Keyword}'");
            AstropyOracle.AssertValue(c[1]!, card.Value, $"{ctx} {key}");
            Assert.True(((string)c[2]!).Trim() == card.Comment.Trim(), $"{ctx} {key} comment: astropy '{c[2]}', ours '{card.Comment}'");
        }
    }

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The stored values as big-endian bytes, as numpy's '>' dtype holds them.</summary>
    static byte[] BigEndian(Array values)
    {
        int size = System.Runtime.InteropServices.Marshal.SizeOf(values.GetType().GetElementType()!);
        var bytes = new byte[values.LongLength * size];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (BitConverter.IsLittleEndian && size > 1)
            for (long i = 0; i < bytes.LongLength; i += size) Array.Reverse(bytes, (int)i, size);
        return bytes;
    }

    static void CompareImage(JsonNode e, JsonArray shape, FitsHdu hdu, string ctx)
    {
        var expectedShape = shape.Select(s => (int)s!).ToArray();
        Assert.True(expectedShape.SequenceEqual(hdu.Shape), $"{ctx}: astropy shape ({string.Join(", ", expectedShape)}), ours ({string.Join(", ", hdu.Shape)})");
        if (!hdu.HasData) return;
        var stored = hdu.ReadRawImage().Values;
        Assert.True(Sha256(BigEndian(stored)) == (string)e["raw_sha256"]!, $"{ctx}: the stored values differ from astropy's (digest)");
        var dtype = (string)e["dtype"]!;
        var at = e["at"]!.AsArray().Select(n => (long)n!).ToArray();
        var values = e["values"]!.AsArray();
        var raw = e["raw"]!.AsArray();
        var asDouble = hdu.ReadImageDouble().Data;
        var asFloat = hdu.ReadImage().Data;
        double bzero = Math.Abs(hdu.Header.GetDouble("BZERO", 0)), bscale = Math.Abs(hdu.Header.GetDouble("BSCALE", 1));
        double rel = AstropyOracle.Precision(dtype);
        for (int k = 0; k < at.Length; k++)
        {
            var i = at[k];
            var x = AstropyOracle.Real(values[k]);
            var r = AstropyOracle.Real(raw[k]);
            // astropy scales in the output dtype (float32 for 16-bit data): allow its rounding.
            var tol = rel * (Math.Abs(x) + bzero + bscale * Math.Abs(r));
            // CFITSIO reads float infinities and denormals as NaN and 0 when it checks nulls (as it always
            // does for a float result); astropy keeps them: the stored values (digest above) are exact.
            if (hdu.Bitpix < 0 && (double.IsInfinity(r) || (r != 0 && Math.Abs(r) < (hdu.Bitpix == -32 ? 1.1754944e-38 : 2.2250738585072014e-308)))) continue;
            Assert.True(AstropyOracle.Close(x, asDouble[i], 0, tol), $"{ctx} pixel {i}: astropy {x:R} ({dtype}), ours {asDouble[i]:R}");
            // float32 holds nothing below its smallest denormal, and CFITSIO flushes its denormals to 0.
            if (Math.Abs(x) > float.MaxValue) Assert.True(asFloat[i] == (float)x, $"{ctx} pixel {i} as float32: astropy {x:R} (beyond float32), ours {asFloat[i]:R}");
            else Assert.True(AstropyOracle.Close(x, asFloat[i], 0, tol + 2e-7 * Math.Abs(x) + 1.2e-38), $"{ctx} pixel {i} as float32: astropy {x:R}, ours {asFloat[i]:R}");
        }
    }

    static bool FlushedByCfitsio(JsonNode? n, double ours, bool single)
    {
        if (n is null || n.GetValueKind() is not (System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String)) return false;
        var v = AstropyOracle.Real(n);
        return (ours == 0 && v != 0 && Math.Abs(v) < (single ? 1.1754944e-38 : 2.2250738585072014e-308)) || (double.IsNaN(ours) && double.IsInfinity(v));
    }

    static void CompareGroups(JsonNode e, FitsHdu hdu, string ctx)
    {
        var t = hdu.ReadGroups();
        int rows = (int)e["rows"]!;
        Assert.Equal(rows, t.RowCount);
        var names = e["names"]!.AsArray().Select(n => (string)n!).ToArray();
        Assert.Equal(names.Concat(["DATA"]), t.Names, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(e["cell"]!.AsArray().Select(c => (int)c!), t["DATA"].CellShape);
        var rel = AstropyOracle.Precision((string)e["dtype"]!);
        var pars = e["params"]!.AsArray();
        for (int p = 0; p < names.Length; p++)
            for (int g = 0; g < rows; g++)
                Assert.True(AstropyOracle.Close(AstropyOracle.Real(pars[p]![g]), t[p].Values<double>()[g], Math.Max(rel, 1e-15), 1e-30), $"{ctx} group {g} parameter {names[p]}: astropy {pars[p]![g]}, ours {t[p].Values<double>()[g]:R}");
        var data = e["data"]!.AsArray();
        var ours = t["DATA"].Values<double>();
        Assert.Equal(data.Count, ours.Length);
        for (int i = 0; i < data.Count; i++)
            Assert.True(AstropyOracle.Close(AstropyOracle.Real(data[i]), ours[i], rel, 1e-30), $"{ctx} DATA element {i}: astropy {data[i]}, ours {ours[i]:R}");
    }

    static void CompareTable(JsonArray columns, int rows, JsonArray at, FitsHdu hdu, string ctx)
    {
        var table = hdu.ReadTable();
        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns.Count, table.Count);
        var sampled = at.Select(n => (int)n!).ToArray();
        for (int c = 0; c < columns.Count; c++)
        {
            var ec = columns[c]!;
            var col = table[c];
            Assert.Equal((string)ec["name"]!, col.Name);
            var rel = (string)ec["dtype"]! is var dt && dt.Length >= 3 ? AstropyOracle.Precision(dt) : 1e-15;
            var cells = ec["cells"]!.AsArray();
            // A zero-width column (TFORM 0D): astropy gives no cells at all, ours gives empty ones.
            if (cells.Count == 0 && col.CellShape.Contains(0)) continue;
            Assert.Equal(sampled.Length, cells.Count);
            // ASCII Fw.d fields without a '.': the standard (and CFITSIO, and we) put the decimal point
            // d digits from the right; astropy reads the digits as written. Compare on astropy's terms.
            var tf = col.Format.Trim().ToUpperInvariant();
            var dot = tf.IndexOf('.');
            var implied = hdu.Type == FitsHduType.AsciiTable && tf.Length > 1 && tf[0] is 'F' or 'E' or 'D' && dot > 0
                && int.TryParse(tf[(dot + 1)..], out var d) && d > 0 ? Math.Pow(10, d) : 1;
            // Null cells (TNULLn): CFITSIO and we give NaN in a binary table's scaled column and 0 in an
            // ASCII table (as astropy usually does); astropy gives the stored value, or in an ASCII
            // table sometimes another row's.
            bool hasNull = hdu.Header.Contains($"TNULL{c + 1}");
            for (int k = 0; k < sampled.Length; k++)
            {
                var cell = col[sampled[k]];
                if (hasNull && (cell is double.NaN || (hdu.Type == FitsHduType.AsciiTable && cell is 0.0 or 0L))) continue;
                // IEEE specials: CFITSIO reads denormals as 0 and infinities as NaN when it checks nulls
                // (as for images); astropy keeps them.
                bool single = cell is float or float[];
                var array = cell switch { double[] ds => ds, float[] fs => fs.Select(x => (double)x).ToArray(), _ => null };
                if (array is not null && cells[k] is JsonArray elements && elements.Count == array.Length)
                {
                    for (int j = 0; j < array.Length; j++)
                        if (!(hasNull && double.IsNaN(array[j])) && !FlushedByCfitsio(elements[j], array[j], single))
                            AstropyOracle.AssertCell(elements[j], array[j], Math.Max(rel, 1e-15), $"{ctx} column '{col.Name}' row {sampled[k]}[{j}]");
                    continue;
                }
                if (cell is double or float && FlushedByCfitsio(cells[k], Convert.ToDouble(cell), single)) continue;
                if (implied != 1 && cell is double v && cells[k] is JsonNode n && n.GetValueKind() == System.Text.Json.JsonValueKind.Number
                    && AstropyOracle.Close(n.GetValue<double>(), v * implied, 1e-12) && !AstropyOracle.Close(n.GetValue<double>(), v, 1e-12))
                    continue;
                AstropyOracle.AssertCell(cells[k], cell, Math.Max(rel, 1e-15), $"{ctx} column '{col.Name}' row {sampled[k]}");
            }
        }
    }
}
