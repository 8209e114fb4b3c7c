using System.Globalization;
using Microsoft.Data.Analysis;
using NotebookLib.IO;

namespace NotebookLib.Data;

/// <summary>
/// The talk's catalogues of HSC-like fields as DataFrames: the hosts (sources measured as extended)
/// and the fake-transient catalogue, one per visit and band, with pixel and sky positions, written as
/// the CSV files the injection step ingests.
/// </summary>
public static class TransientCatalogues
{
    /// <summary>Sources whose extendedness is 1 (galaxies by the measurement): position, magnitude,
    /// semi-major and semi-minor axes in pixels, position angle, and the measured PSF/model flux ratio.</summary>
    public static DataFrame Hosts(this IReadOnlyList<HscTransientField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var rows = fields.SelectMany(f => f.Sources.Where(s => s.Extendedness == 1).Select(s => (f, s))).ToList();
        var sky = rows.Select(r => r.f.PixelToSky(r.s.X, r.s.Y)).ToList();
        return new DataFrame(
            new Int32DataFrameColumn("field", rows.Select(r => r.f.FieldId)),
            new Int32DataFrameColumn("id", rows.Select(r => r.s.Id)),
            new DoubleDataFrameColumn("x", rows.Select(r => Math.Round(r.s.X, 2))),
            new DoubleDataFrameColumn("y", rows.Select(r => Math.Round(r.s.Y, 2))),
            new DoubleDataFrameColumn("ra", sky.Select(p => Math.Round(p.Ra, 6))),
            new DoubleDataFrameColumn("dec", sky.Select(p => Math.Round(p.Dec, 6))),
            new DoubleDataFrameColumn("mag", rows.Select(r => Math.Round(r.s.Magnitude, 3))),
            new DoubleDataFrameColumn("a_px", rows.Select(r => Math.Round(r.s.SemiMajorAxis, 3))),
            new DoubleDataFrameColumn("b_px", rows.Select(r => Math.Round(r.s.SemiMajorAxis * r.s.AxisRatio, 3))),
            new DoubleDataFrameColumn("pa_deg", rows.Select(r => Math.Round(r.s.PositionAngle * 180 / Math.PI, 1))),
            new DoubleDataFrameColumn("psf_model_ratio", rows.Select(r => Math.Round(r.s.PsfModelFluxRatio, 4))),
            new BooleanDataFrameColumn("is_galaxy_truth", rows.Select(r => r.s.IsGalaxy)));
    }

    /// <summary>The fake catalogue: one row a fake with its field, visit, band, pixel and sky position,
    /// magnitude, host (−1 for host-less), the host's magnitude and semi-major axis, and the offset from the
    /// host along its major and minor axes (d_major, d_minor in pixels).</summary>
    public static DataFrame Fakes(this IReadOnlyList<HscTransientField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var rows = fields.SelectMany(f => f.Fakes.Select(k => (f, k))).ToList();
        HscSource? Host((HscTransientField f, FakeTransient k) r) => r.k.HostLess ? null : r.f.Sources[r.k.HostId];
        (double Major, double Minor) Offset((HscTransientField f, FakeTransient k) r)
        {
            var h = Host(r);
            if (h is null) return (double.NaN, double.NaN);
            double c = Math.Cos(h.PositionAngle), s = Math.Sin(h.PositionAngle);
            return (r.k.OffsetX * c + r.k.OffsetY * s, -r.k.OffsetX * s + r.k.OffsetY * c);
        }
        var sky = rows.Select(r => r.f.PixelToSky(r.k.X, r.k.Y)).ToList();
        var offsets = rows.Select(Offset).ToList();
        return new DataFrame(
            new Int32DataFrameColumn("field", rows.Select(r => r.f.FieldId)),
            new Int32DataFrameColumn("visit", rows.Select(r => (int)r.f.Visits[r.f.FakeVisit[r.k.Id]].Header.GetLong("VISIT"))),
            new StringDataFrameColumn("band", rows.Select(r => r.f.Visits[r.f.FakeVisit[r.k.Id]].Header.GetString("FILTER"))),
            new Int32DataFrameColumn("id", rows.Select(r => r.k.Id)),
            new DoubleDataFrameColumn("x", rows.Select(r => Math.Round(r.k.X, 3))),
            new DoubleDataFrameColumn("y", rows.Select(r => Math.Round(r.k.Y, 3))),
            new DoubleDataFrameColumn("ra", sky.Select(p => Math.Round(p.Ra, 7))),
            new DoubleDataFrameColumn("dec", sky.Select(p => Math.Round(p.Dec, 7))),
            new DoubleDataFrameColumn("mag", rows.Select(r => Math.Round(r.k.Magnitude, 3))),
            new Int32DataFrameColumn("host_id", rows.Select(r => r.k.HostId)),
            new DoubleDataFrameColumn("host_mag", rows.Select(r => Host(r) is { } h ? Math.Round(h.Magnitude, 3) : double.NaN)),
            new DoubleDataFrameColumn("host_a_px", rows.Select(r => Host(r) is { } h ? Math.Round(h.SemiMajorAxis, 3) : double.NaN)),
            new DoubleDataFrameColumn("d_major_px", offsets.Select(o => Math.Round(o.Major, 3))),
            new DoubleDataFrameColumn("d_minor_px", offsets.Select(o => Math.Round(o.Minor, 3))));
    }

    /// <summary>Writes one CSV per field, visit and band (fields_FFF_visit_VVVV_BAND.csv) into
    /// <paramref name="directory"/>, each written to a temporary file then renamed; returns the paths.</summary>
    public static IReadOnlyList<string> WriteFakeCsv(this IReadOnlyList<HscTransientField> fields, string directory)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Directory.CreateDirectory(directory);
        var all = fields.Fakes();
        var paths = new List<string>();
        var keys = Enumerable.Range(0, (int)all.Rows.Count)
            .GroupBy(i => ((int)all["field"][i], (int)all["visit"][i], (string)all["band"][i])).ToList();
        foreach (var g in keys)
        {
            var (field, visit, band) = g.Key;
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"fakes_{field:D3}_visit_{visit:D4}_{band}.csv"));
            var part = all.Filter(new BooleanDataFrameColumn("keep", Enumerable.Range(0, (int)all.Rows.Count).Select(i => g.Contains(i))));
            AtomicFile.Write(path, (Stream s) => DataFrame.SaveCsv(part, s, cultureInfo: CultureInfo.InvariantCulture));
            paths.Add(path);
        }
        return paths;
    }
}
