using System.Text.Json.Nodes;
using NotebookLib.Fits;

namespace NotebookLib.Tests.Fits;

/// <summary>Runs astropy once over all of its own FITS test files (a class fixture).</summary>
public sealed class AstropyTestDataFixture
{
    public string[] Files { get; } = ListFiles();
    public JsonObject Dump { get; }

    public AstropyTestDataFixture() => Dump = AstropyOracle.Dump(Files);

    public static string[] ListFiles() =>
        Directory.EnumerateFiles(AstropyOracle.TestData, "*.fits", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
}

/// <summary>
/// Every file in astropy's FITS test data: same HDUs, header values and pixel / column values
/// here as astropy reads (NaN-aware, to the data type's precision); a file astropy rejects is a
/// clear <see cref="FitsException"/> here.
/// </summary>
public class FitsConformanceTests(AstropyTestDataFixture oracle) : IClassFixture<AstropyTestDataFixture>
{
    public static TheoryData<string> Files() => new(AstropyTestDataFixture.ListFiles().Select(f => Path.GetRelativePath(AstropyOracle.TestData, f)));

    [Fact]
    public void The_test_data_is_there()
    {
        Assert.True(oracle.Files.Length >= 25, $"astropy's FITS test data has only {oracle.Files.Length} files under {AstropyOracle.TestData}");
    }

    /// <summary>
    /// Where CFITSIO and astropy part ways on a broken file: verify.fits has NAXIS before BITPIX,
    /// which astropy reads with a warning and CFITSIO refuses (we give a clear error);
    /// invalid/group_invalid.fits has NAXIS = 0 and no NAXIS1, which astropy rewrites to NAXIS = 1,
    /// NAXIS1 = 0 in its header on reading (we report the file's cards; the others must agree).
    /// </summary>
    static readonly Dictionary<string, string> CfitsioRejects = new() { ["verify.fits"] = "BITPIX" };
    static readonly Dictionary<string, string[]> FixedByAstropy = new() { ["invalid/group_invalid.fits"] = ["NAXIS", "NAXIS1"] };

    [Theory, MemberData(nameof(Files))]
    public void Reads_what_astropy_reads(string name)
    {
        var path = Path.Combine(AstropyOracle.TestData, name);
        var expected = oracle.Dump[path]!;
        if (CfitsioRejects.TryGetValue(name, out var why))
        {
            var ex = Assert.Throws<FitsException>(() => FitsFile.Open(path));
            Assert.Contains(path, ex.Message);
            Assert.Contains(why, ex.Message);
            return;
        }
        if (expected["error"] is JsonNode error)
        {
            var ex = Record.Exception(() => { using var f = FitsFile.Open(path); foreach (var h in f) ReadAll(h); });
            Assert.True(ex is FitsException, $"astropy rejects {name} ({error}); ours gave {ex?.GetType().Name ?? "no error"}");
            Assert.Contains(name.Split('/')[^1], ex!.Message);
            return;
        }
        using var file = FitsFile.Open(path);
        var hdus = expected["hdus"]!.AsArray();
        Assert.Equal(hdus.Count, file.Count);
        foreach (var e in hdus)
        {
            var i = (int)e!["index"]!;
            var hdu = file[i];
            var ctx = $"{name} HDU {i}";
            Assert.Equal((string)e["name"]!, hdu.Name, ignoreCase: true);
            Assert.Equal((int)e["ver"]!, hdu.ExtVer);
            Assert.Equal(KindOf(hdu), (string)e["kind"]!);
            var cards = e["cards"]!.AsArray();
            if (FixedByAstropy.TryGetValue(name, out var added))
            {
                cards = new JsonArray(cards.Where(c => !added.Contains((string)c![0]!)).Select(c => c!.DeepClone()).ToArray());
                CompareHeader(cards, new FitsHeader(hdu.Header.Where(c => !added.Contains(c.Keyword))), ctx);
            }
            else CompareHeader(cards, hdu.Header, ctx);
            if (e["groups"] is JsonNode groups) CompareGroups(groups, hdu, ctx);
            else if (e["columns"] is JsonArray columns) CompareTable(columns, (int)e["rows"]!, hdu, ctx);
            else if (e["shape"] is JsonArray shape) CompareImage(e, shape, hdu, ctx);
        }
    }

    static void ReadAll(FitsHdu h)
    {
        if (h.IsTable) h.ReadTable();
        else if (h.IsImage && h.HasData) h.ReadImage();
    }

    static string KindOf(FitsHdu h) => h.IsCompressed ? "CompImageHDU" : h.Type switch
    {
        FitsHduType.Primary => "PrimaryHDU",
        FitsHduType.Image => "ImageHDU",
        FitsHduType.BinaryTable => "BinTableHDU",
        FitsHduType.AsciiTable => "TableHDU",
        _ => "GroupsHDU",
    };

    static void CompareHeader(JsonArray cards, FitsHeader ours, string ctx)
    {
        // Blank cards after the last keyword are header padding: CFITSIO leaves them out, astropy keeps them.
        var n = cards.Count;
        while (n > 0 && (string)cards[n - 1]![0]! == "" && (string)cards[n - 1]![1]![1]! == "") n--;
        cards = new JsonArray(cards.Take(n).Select(c => c!.DeepClone()).ToArray());
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

    static void CompareImage(JsonNode e, JsonArray shape, FitsHdu hdu, string ctx)
    {
        var expectedShape = shape.Select(s => (int)s!).ToArray();
        Assert.True(expectedShape.SequenceEqual(hdu.Shape), $"{ctx}: astropy shape ({string.Join(", ", expectedShape)}), ours ({string.Join(", ", hdu.Shape)})");
        if (!hdu.HasData) return;
        var dtype = (string)e["dtype"]!;
        var values = e["values"]!.AsArray();
        var raw = e["raw"]!.AsArray();
        var asDouble = hdu.ReadImageDouble().Data;
        var asFloat = hdu.ReadImage().Data;
        var stored = hdu.ReadRawImage().Values;
        Assert.Equal(values.Count, asDouble.Length);
        double bzero = Math.Abs(hdu.Header.GetDouble("BZERO", 0)), bscale = Math.Abs(hdu.Header.GetDouble("BSCALE", 1));
        double rel = AstropyOracle.Precision(dtype);
        for (int i = 0; i < values.Count; i++)
        {
            var x = AstropyOracle.Real(values[i]);
            var r = AstropyOracle.Real(raw[i]);
            // astropy scales in the output dtype (float32 for 16-bit data): allow its rounding.
            var tol = rel * (Math.Abs(x) + bzero + bscale * Math.Abs(r));
            Assert.True(AstropyOracle.Close(x, asDouble[i], 0, tol), $"{ctx} pixel {i}: astropy {x:R} ({dtype}), ours {asDouble[i]:R}");
            Assert.True(AstropyOracle.Close(x, asFloat[i], 0, tol + 2e-7 * Math.Abs(x)), $"{ctx} pixel {i} as float32: astropy {x:R}, ours {asFloat[i]:R}");
            var s = Convert.ToDouble(stored.GetValue(i));
            Assert.True(AstropyOracle.Close(r, s, 0), $"{ctx} stored value {i}: astropy {r:R}, ours {s:R}");
        }
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
                Assert.True(AstropyOracle.Close(AstropyOracle.Real(pars[p]![g]), t[p].Values<double>()[g], rel, 1e-30), $"{ctx} group {g} parameter {names[p]}: astropy {pars[p]![g]}, ours {t[p].Values<double>()[g]:R}");
        var data = e["data"]!.AsArray();
        var ours = t["DATA"].Values<double>();
        Assert.Equal(data.Count, ours.Length);
        for (int i = 0; i < data.Count; i++)
            Assert.True(AstropyOracle.Close(AstropyOracle.Real(data[i]), ours[i], rel, 1e-30), $"{ctx} DATA element {i}: astropy {data[i]}, ours {ours[i]:R}");
    }

    static void CompareTable(JsonArray columns, int rows, FitsHdu hdu, string ctx)
    {
        var table = hdu.ReadTable();
        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns.Count, table.Count);
        for (int c = 0; c < columns.Count; c++)
        {
            var ec = columns[c]!;
            var col = table[c];
            Assert.Equal((string)ec["name"]!, col.Name);
            var rel = (string)ec["dtype"]! is var dt && dt.Length >= 3 ? AstropyOracle.Precision(dt) : 1e-15;
            var cells = ec["cells"]!.AsArray();
            // A zero-width column (TFORM 0D): astropy gives no cells at all, ours gives empty ones.
            if (cells.Count == 0 && col.CellShape.Contains(0)) continue;
            Assert.Equal(rows, cells.Count);
            for (int r = 0; r < rows; r++)
                AstropyOracle.AssertCell(cells[r], col[r], Math.Max(rel, 1e-15), $"{ctx} column '{col.Name}' row {r}");
        }
    }
}
