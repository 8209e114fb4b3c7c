using System.Buffers.Binary;

namespace NotebookLib.Fits;

public sealed partial class FitsHdu
{
    /// <summary>
    /// The data of a random-groups HDU (GROUPS = T) as astropy's GroupData: one row per group,
    /// a double column per parameter name (PTYPEn, scaled by PSCALn/PZEROn; parameters sharing a name
    /// are summed, as the standard says) and a DATA column
    /// (scaled by BSCALE/BZERO, BLANK → NaN) whose cells have the numpy shape of NAXISn … NAXIS2.
    /// </summary>
    public unsafe FitsTable ReadGroups()
    {
        if (Type != FitsHduType.RandomGroups) throw Location.Error($"this HDU is a {Type}, not random groups (GROUPS = T)");
        int naxis = (int)Header.GetLong("NAXIS");
        long pcount = Header.GetLong("PCOUNT", 0), gcount = Header.GetLong("GCOUNT", 1);
        var cell = Enumerable.Range(2, Math.Max(0, naxis - 1)).Select(i => (int)Header.GetLong($"NAXIS{i}")).Reverse().ToArray();
        long perGroup = naxis <= 1 ? 0 : cell.Aggregate(1L, (a, b) => a * b);
        if (naxis <= 1) gcount = 0;
        int size = Math.Abs(Bitpix) / 8;
        if (gcount > int.MaxValue || pcount < 0) throw Location.Error($"GCOUNT = {gcount}, PCOUNT = {pcount} cannot be read here", "GCOUNT");
        long total = gcount * (pcount + perGroup);
        RequireAllocation(total * size, 1 + sizeof(double) / size, total * size, "the random groups", "GCOUNT");
        var bytes = new byte[total * size];
        if (bytes.Length > 0)
            lock (file.Sync)
            {
                var h = file.MoveTo(Index, Location);
                int status = 0;
                fixed (byte* p = bytes) Cfitsio.ffgextn(h, 0, bytes.LongLength, p, ref status);
                Location.Check(status, $"cannot read {gcount} random groups ({bytes.Length} bytes)");
            }
        double bscale = Header.GetDouble("BSCALE", 1.0), bzero = Header.GetDouble("BZERO", 0.0);
        long? blank = Bitpix > 0 && Header.TryGetValue("BLANK", out var b) && b is long bl ? bl : null;
        double Stored(long i) => Bitpix switch
        {
            8 => bytes[i],
            16 => BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan((int)(i * 2))),
            32 => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan((int)(i * 4))),
            64 => BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan((int)(i * 8))),
            -32 => BinaryPrimitives.ReadSingleBigEndian(bytes.AsSpan((int)(i * 4))),
            _ => BinaryPrimitives.ReadDoubleBigEndian(bytes.AsSpan((int)(i * 8))),
        };
        int rows = checked((int)gcount);
        // Parameters that share a name are one parameter whose value is their sum (FITS standard
        // 4.0, section 6.1.1; astropy's GroupData.par does the same): one column per name.
        var byName = new List<(string name, double[] values)>();
        for (int p = 0; p < pcount; p++)
        {
            double ps = Header.GetDouble($"PSCAL{p + 1}", 1.0), pz = Header.GetDouble($"PZERO{p + 1}", 0.0);
            var name = Header.GetString($"PTYPE{p + 1}", $"PAR{p + 1}").TrimEnd();
            var i = byName.FindIndex(c => c.name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (i < 0) { byName.Add((name, new double[rows])); i = byName.Count - 1; }
            var values = byName[i].values;
            for (int g = 0; g < rows; g++) values[g] += Stored(g * (pcount + perGroup) + p) * ps + pz;
        }
        var columns = byName.Select(c => new FitsColumn(c.name, typeof(double), [], false, rows, c.values)).ToList();
        var data = new double[rows * perGroup];
        for (int g = 0; g < rows; g++)
            for (long k = 0; k < perGroup; k++)
            {
                var s = Stored(g * (pcount + perGroup) + pcount + k);
                data[g * perGroup + k] = blank is long bv && s == bv ? double.NaN : s * bscale + bzero;
            }
        columns.Add(new FitsColumn("DATA", typeof(double), cell, false, rows, data));
        return new FitsTable(columns, rows, Location);
    }
}
