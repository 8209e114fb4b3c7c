using NotebookLib.Fits;

namespace NotebookLib.FitsFuzz;

/// <summary>What reading one file gave: every HDU read, a clean <see cref="FitsException"/>,
/// another exception (a bug: raw OverflowException, OutOfMemoryException, …), or the direct
/// (SIMD) image path and CFITSIO disagreeing (a bug).</summary>
public enum Outcome { Read, CleanError, RawException, Mismatch, Crash }

public sealed record Inspection(Outcome Outcome, int Hdus, string Detail);

/// <summary>Reads everything in a file, every image both ways: the direct path (the plain file
/// name) and CFITSIO ("file[i]", which is a virtual file the direct path does not take).</summary>
public static class FitsInspector
{
    public static Inspection Inspect(string path)
    {
        int hdus = 0;
        try
        {
            using var f = FitsFile.Open(path);
            hdus = f.Count;
            foreach (var h in f)
            {
                _ = h.Header.ToString();
                if (h.Type == FitsHduType.RandomGroups) h.ReadGroups();
                else if (h.IsTable) h.ReadTable();
                else if (h.Type == FitsHduType.Nonstandard) h.ReadRawImage();
                else if (h.IsImage && h.HasData)
                {
                    if (CompareWithCfitsio(path, h) is string diff) return new(Outcome.Mismatch, hdus, diff);
                }
            }
            return new(Outcome.Read, hdus, "");
        }
        catch (FitsException e) { return new(Outcome.CleanError, hdus, e.Message); }
        catch (Exception e) { return new(Outcome.RawException, hdus, $"{e.GetType().Name}: {e.Message}"); }
    }

    /// <summary>Null when both paths give the same answer (the same values bit for bit, or both a
    /// FitsException); else what differs.</summary>
    public static string? CompareWithCfitsio(string path, FitsHdu direct)
    {
        if (direct.IsCompressed || path.EndsWith(".gz", StringComparison.Ordinal) || path.Contains('['))
        {
            // One path only (CFITSIO's): read it, and let its error through.
            var only = Read(direct);
            if (only.error is not null) throw only.error;
            return null;
        }
        using var other = FitsFile.Open($"{path}[{direct.Index}]");
        var a = Read(direct);
        var b = Read(other[direct.Index]);
        if (a.error is not null || b.error is not null)
        {
            if (a.error is not null && b.error is not null) throw a.error;
            return $"HDU {direct.Index}: direct path {(a.error is null ? "read the image" : "failed: " + a.error.Message)}; CFITSIO {(b.error is null ? "read it" : "failed: " + b.error.Message)}";
        }
        for (int k = 0; k < a.values!.Length; k++)
        {
            var (x, y) = (a.values[k], b.values![k]);
            if (x.LongLength != y.LongLength) return $"HDU {direct.Index} read {k}: {x.LongLength} vs {y.LongLength} values";
            for (long i = 0; i < x.LongLength; i++)
                if (BitConverter.DoubleToInt64Bits(x[i]) != BitConverter.DoubleToInt64Bits(y[i]) && !(double.IsNaN(x[i]) && double.IsNaN(y[i])))
                    return $"HDU {direct.Index} read {k} ({Reads[k]}) pixel {i}: direct {x[i]:R}, CFITSIO {y[i]:R}";
        }
        return null;
    }

    static readonly string[] Reads = ["float32", "float64", "uint16", "stored"];

    static (double[][]? values, FitsException? error) Read(FitsHdu h)
    {
        try
        {
            var list = new List<double[]>
            {
                h.ReadImage().Data.Select(v => (double)v).ToArray(),
                h.ReadImageDouble().Data,
            };
            if (h.Bitpix == 16 && h.Header.GetDouble("BZERO", 0) == 32768 && h.Header.GetDouble("BSCALE", 1) == 1)
                list.Add(h.ReadImage<ushort>().Data.Select(v => (double)v).ToArray());
            list.Add(h.ReadRawImage().Values.Cast<object>().Select(Convert.ToDouble).ToArray());
            return (list.ToArray(), null);
        }
        catch (FitsException e) { return (null, e); }
    }
}
