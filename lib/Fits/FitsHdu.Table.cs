using System.Numerics;
using System.Runtime.InteropServices;

namespace NotebookLib.Fits;

public sealed partial class FitsHdu
{
    /// <summary>Reads a binary or ASCII table into typed columns (see <see cref="FitsColumn"/>).</summary>
    public FitsTable ReadTable()
    {
        if (!IsTable) throw Location.Error($"this HDU is a {(IsCompressed ? "compressed image" : Type.ToString())}, not a table: read it with ReadImage()");
        lock (file.Sync)
        {
            var h = file.MoveTo(Index, Location);
            int status = 0;
            Cfitsio.ffgncl(h, out var ncols, ref status);
            Cfitsio.ffgnrwll(h, out var nrows, ref status);
            Location.Check(status, "cannot read TFIELDS/NAXIS2");
            if (nrows > int.MaxValue) throw Location.Error($"NAXIS2 = {nrows} rows is more than a table can have here", "NAXIS2");
            var rows = (int)nrows;
            RequireBytes(nrows * Header.GetLong("NAXIS1", 0), "the table rows", "NAXIS2");
            var columns = new List<FitsColumn>(ncols);
            for (int c = 1; c <= ncols; c++) columns.Add(ReadColumn(h, c, rows));
            return new FitsTable(columns, rows, Location);
        }
    }

    unsafe FitsColumn ReadColumn(nint h, int col, int rows)
    {
        var name = Header.GetString($"TTYPE{col}", "");
        var unit = Header.GetString($"TUNIT{col}", "");
        var tform = Header.GetString($"TFORM{col}", "");
        var key = $"TFORM{col}";
        int status = 0;
        Cfitsio.ffgtclll(h, col, out var rawType, out var repeat, out var width, ref status);
        Cfitsio.ffeqtyll(h, col, out var eqType, out _, out _, ref status);
        Location.Check(status, $"cannot read the type of column {col} '{name}'", key);
        bool variable = rawType < 0;
        rawType = Math.Abs(rawType); eqType = Math.Abs(eqType);
        bool scaled = Header.GetDouble($"TSCAL{col}", 1.0) != 1.0 || Header.GetDouble($"TZERO{col}", 0.0) != 0.0;
        // Which managed type a cell comes out as: CFITSIO's "equivalent" type says unsigned for
        // the TZERO = 2^(n-1) convention; other scaled integers become double, as astropy does.
        int readType = Type == FitsHduType.AsciiTable
            ? rawType switch { Cfitsio.TSTRING => Cfitsio.TSTRING, Cfitsio.TFLOAT or Cfitsio.TDOUBLE => Cfitsio.TDOUBLE, _ => scaled ? Cfitsio.TDOUBLE : Cfitsio.TLONGLONG }
            : eqType switch
            {
                Cfitsio.TLONG => Cfitsio.TINT,
                Cfitsio.TULONG => Cfitsio.TUINT,
                Cfitsio.TFLOAT when rawType != Cfitsio.TFLOAT => Cfitsio.TDOUBLE,
                Cfitsio.TCOMPLEX => Cfitsio.TDBLCOMPLEX,
                _ => scaled && rawType is not (Cfitsio.TFLOAT or Cfitsio.TDOUBLE or Cfitsio.TCOMPLEX or Cfitsio.TDBLCOMPLEX or Cfitsio.TLOGICAL or Cfitsio.TSTRING or Cfitsio.TBIT)
                     && eqType is not (Cfitsio.TUSHORT or Cfitsio.TUINT or Cfitsio.TULONG or Cfitsio.TULONGLONG or Cfitsio.TSBYTE) ? Cfitsio.TDOUBLE : eqType,
            };
        var type = ManagedType(readType, col, name);
        string Where(string what) => $"cannot read column {col} '{name}' ({tform}): {what}";

        if (readType == Cfitsio.TSTRING)
        {
            if (variable)
            {
                var strings = new string[rows];
                for (int r = 0; r < rows; r++)
                {
                    Cfitsio.ffgdesll(h, col, r + 1, out var len, out var addr, ref status);
                    Location.Check(status, Where($"descriptor of row {r}"), key);
                    RequireInHeap(len, 1, addr, r, col, name, key);
                    strings[r] = ReadStrings(h, col, r + 1, 1, (int)len, Where)[0];
                }
                return new FitsColumn(name, type, [], true, rows, strings) { Unit = unit, Format = tform };
            }
            // A character column: one string per row, or several when TDIM splits the width.
            var dims = Tdim(h, col, name);
            int strWidth = (int)(dims.Length > 1 ? dims[0] : (Type == FitsHduType.AsciiTable ? width : repeat));
            int perRow = dims.Length > 1 ? (int)dims.Skip(1).Aggregate(1L, (a, b) => a * b) : 1;
            int[] cellShape = dims.Length > 1 ? dims.Skip(1).Reverse().Select(d => (int)d).ToArray() : [];
            string[] values;
            if (perRow == 1) values = rows == 0 ? [] : ReadStrings(h, col, 1, rows, strWidth, Where);
            else
            {
                // Read each row's whole field, then cut it into strWidth-wide strings.
                values = new string[rows * perRow];
                for (int r = 0; r < rows; r++)
                {
                    var whole = ReadRawField(h, r, col, (int)repeat, Where);
                    for (int k = 0; k < perRow; k++)
                        values[r * perRow + k] = whole.Substring(k * strWidth, strWidth).TrimEnd('\0', ' ');
                }
            }
            return new FitsColumn(name, type, cellShape, false, rows, values) { Unit = unit, Format = tform };
        }

        if (variable)
        {
            var arrays = Array.CreateInstance(type.MakeArrayType(), rows);
            for (int r = 0; r < rows; r++)
            {
                Cfitsio.ffgdesll(h, col, r + 1, out var len, out var addr, ref status);
                Location.Check(status, Where($"descriptor of row {r}"), key);
                RequireInHeap(len, StoredWidth(rawType), addr, r, col, name, key);
                arrays.SetValue(ReadCells(h, col, readType, type, r + 1, (int)len, Where), r);
            }
            return new FitsColumn(name, type, [], true, rows, arrays) { Unit = unit, Format = tform };
        }

        var tdim = readType == Cfitsio.TBIT ? [] : Tdim(h, col, name);
        int[] shape = tdim.Length > 1 ? tdim.Reverse().Select(d => (int)d).ToArray() : repeat == 1 && readType != Cfitsio.TBIT ? [] : [(int)repeat];
        Array data;
        if (readType == Cfitsio.TBIT)
        {
            var bits = new bool[rows * repeat];
            var buf = new byte[Math.Max(1, repeat)];
            for (int r = 0; r < rows && repeat > 0; r++)
            {
                fixed (byte* p = buf) Cfitsio.ffgcx(h, col, r + 1, 1, repeat, p, ref status);
                Location.Check(status, Where($"bits of row {r}"), key);
                for (int k = 0; k < repeat; k++) bits[r * repeat + k] = buf[k] != 0;
            }
            data = bits;
        }
        else if (Type == FitsHduType.AsciiTable)
            data = ReadAsciiNumbers(h, col, rows, (int)width, readType, Where);
        else
            data = ReadCells(h, col, readType, type, 1, checked((int)(rows * repeat)), Where);
        return new FitsColumn(name, type, shape, false, rows, data) { Unit = unit, Format = tform };
    }

    /// <summary>
    /// A variable-length array's descriptor must point inside the heap (PCOUNT bytes after THEAP)
    /// and the file, before anything is allocated for it: a corrupt descriptor in a small file can
    /// claim gigabytes.
    /// </summary>
    void RequireInHeap(long length, double width, long address, int row, int col, string name, string key)
    {
        long naxis1 = Header.GetLong("NAXIS1", 0), naxis2 = Header.GetLong("NAXIS2", 0), pcount = Header.GetLong("PCOUNT", 0);
        long theap = Header.GetLong("THEAP", naxis1 * naxis2);
        long heap = pcount - (theap - naxis1 * naxis2);
        long bytes = (long)Math.Ceiling(length * width);
        if (length < 0 || address < 0 || length > Array.MaxLength || address + bytes > heap)
            throw Location.Error($"column {col} '{name}' row {row}: the variable-length descriptor claims {length} elements at heap byte {address}, outside the {heap}-byte heap (PCOUNT = {pcount})", key);
        RequireBytes(theap + address + bytes, $"column {col} '{name}' row {row}", key);
    }

    /// <summary>Bytes one element of a CFITSIO type code takes in the file.</summary>
    static double StoredWidth(int code) => code switch
    {
        Cfitsio.TBIT => 1.0 / 8,
        Cfitsio.TBYTE or Cfitsio.TSBYTE or Cfitsio.TLOGICAL or Cfitsio.TSTRING => 1,
        Cfitsio.TSHORT or Cfitsio.TUSHORT => 2,
        Cfitsio.TINT or Cfitsio.TUINT or Cfitsio.TLONG or Cfitsio.TULONG or Cfitsio.TFLOAT => 4,
        Cfitsio.TCOMPLEX or Cfitsio.TDOUBLE or Cfitsio.TLONGLONG or Cfitsio.TULONGLONG => 8,
        Cfitsio.TDBLCOMPLEX => 16,
        _ => 8,
    };

    /// <summary>
    /// A numeric column of an ASCII table, parsed from the field text: exact 64-bit integers
    /// (CFITSIO goes through double), and a blank or TNULL field as 0, which is what astropy gives.
    /// </summary>
    unsafe Array ReadAsciiNumbers(nint h, int col, int rows, int width, int readType, Func<string, string> where)
    {
        var naxis1 = Header.GetLong("NAXIS1");
        if (naxis1 < 1 || naxis1 > int.MaxValue / Math.Max(1, rows)) throw Location.Error($"NAXIS1 = {naxis1} characters per row cannot be read here", "NAXIS1");
        var rowWidth = (int)naxis1;
        var tbcol = Header.GetLong($"TBCOL{col}");
        if (tbcol < 1 || tbcol > rowWidth) throw Location.Error($"TBCOL{col} = {tbcol} is outside the {rowWidth}-character row", $"TBCOL{col}");
        var start = (int)tbcol - 1;
        var tnull = Header.GetString($"TNULL{col}", "").Trim();
        var tform = Header.GetString($"TFORM{col}", "").Trim().ToUpperInvariant();
        int decimals = tform.IndexOf('.') is var dot and > 0 && int.TryParse(tform[(dot + 1)..], out var d) ? d : 0;
        double scale = Header.GetDouble($"TSCAL{col}", 1.0), zero = Header.GetDouble($"TZERO{col}", 0.0);
        var bytes = new byte[(long)rowWidth * rows];
        int status = 0;
        if (rows > 0) fixed (byte* p = bytes) Cfitsio.ffgtbb(h, 1, 1, bytes.LongLength, p, ref status);
        Location.Check(status, where("the table rows"), $"TFORM{col}");
        var longs = readType == Cfitsio.TLONGLONG ? new long[rows] : null;
        var doubles = longs is null ? new double[rows] : null;
        for (int r = 0; r < rows; r++)
        {
            var field = System.Text.Encoding.Latin1.GetString(bytes, r * rowWidth + start, Math.Min(width, rowWidth - start)).Trim();
            bool isNull = field.Length == 0 || (tnull.Length > 0 && field == tnull);
            if (longs is not null)
            {
                if (isNull) continue;
                if (!long.TryParse(field, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out longs[r]))
                    throw Location.Error(where($"row {r} holds '{field}', not an integer"), $"TFORM{col}");
            }
            else
            {
                if (isNull) continue;
                var text = field.Replace('D', 'E').Replace('d', 'e');
                if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                    throw Location.Error(where($"row {r} holds '{field}', not a number"), $"TFORM{col}");
                // Fortran's implied decimal point (Fw.d with no '.' in the field).
                if (decimals > 0 && !text.Contains('.') && !text.Contains('E') && !text.Contains('e')) v /= Math.Pow(10, decimals);
                doubles![r] = v * scale + zero;
            }
        }
        return (Array?)longs ?? doubles!;
    }

    /// <summary>Reads <paramref name="n"/> elements from <paramref name="firstRow"/> on (CFITSIO continues into the next rows).</summary>
    unsafe Array ReadCells(nint h, int col, int readType, Type type, long firstRow, int n, Func<string, string> where)
    {
        int status = 0;
        if (readType == Cfitsio.TDBLCOMPLEX)
        {
            var pairs = new double[2 * n];
            if (n > 0) fixed (double* p = pairs) Cfitsio.ffgcv(h, Cfitsio.TDBLCOMPLEX, col, firstRow, 1, n, null, p, out _, ref status);
            Location.Check(status, where($"{n} complex values"), $"TFORM{col}");
            var c = new Complex[n];
            for (int i = 0; i < n; i++) c[i] = new Complex(pairs[2 * i], pairs[2 * i + 1]);
            return c;
        }
        if (readType == Cfitsio.TLOGICAL)
        {
            var bytes = new byte[n];
            if (n > 0) fixed (byte* p = bytes) Cfitsio.ffgcv(h, Cfitsio.TLOGICAL, col, firstRow, 1, n, null, p, out _, ref status);
            Location.Check(status, where($"{n} logical values"), $"TFORM{col}");
            return bytes.Select(b => b != 0).ToArray();
        }
        var array = Array.CreateInstance(type, n);
        if (n > 0)
        {
            var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
            try
            {
                double nanD = double.NaN; float nanF = float.NaN;
                void* nul = readType == Cfitsio.TDOUBLE ? &nanD : readType == Cfitsio.TFLOAT ? &nanF : null;
                Cfitsio.ffgcv(h, readType, col, firstRow, 1, n, nul, (void*)pin.AddrOfPinnedObject(), out _, ref status);
            }
            finally { pin.Free(); }
        }
        Location.Check(status, where($"{n} values"), $"TFORM{col}");
        return array;
    }

    unsafe string[] ReadStrings(nint h, int col, long firstRow, int n, int width, Func<string, string> where)
    {
        var result = new string[n];
        if (n == 0) return result;
        int stride = Math.Max(width, 0) + 1;
        var buffer = Marshal.AllocHGlobal((nint)n * stride);
        var pointers = new nint[n];
        try
        {
            for (int i = 0; i < n; i++) pointers[i] = buffer + (nint)i * stride;
            int status = 0;
            byte nul = 0;
            fixed (nint* pp = pointers) Cfitsio.ffgcv(h, Cfitsio.TSTRING, col, firstRow, 1, n, &nul, pp, out _, ref status);
            Location.Check(status, where($"{n} strings"), $"TFORM{col}");
            for (int i = 0; i < n; i++)
            {
                var span = new ReadOnlySpan<byte>((void*)pointers[i], stride);
                var end = span.IndexOf((byte)0);
                result[i] = System.Text.Encoding.Latin1.GetString(end < 0 ? span : span[..end]).TrimEnd();
            }
        }
        finally { Marshal.FreeHGlobal(buffer); }
        return result;
    }

    /// <summary>A whole character field of one row, untrimmed (for TDIM-split strings).</summary>
    string ReadRawField(nint h, int row, int col, int repeat, Func<string, string> where)
    {
        var s = ReadStrings(h, col, row + 1, 1, repeat, where)[0];
        return s.PadRight(repeat);
    }

    unsafe long[] Tdim(nint h, int col, string name)
    {
        if (!Header.Contains($"TDIM{col}")) return [];
        var dims = new long[16];
        int status = 0;
        int naxis;
        fixed (long* p = dims) Cfitsio.ffgtdm(h, col, dims.Length, out naxis, p, ref status);
        Location.Check(status, $"cannot read TDIM{col} of column '{name}'", $"TDIM{col}");
        return dims.Take(naxis).ToArray();
    }

    Type ManagedType(int code, int col, string name) => code switch
    {
        Cfitsio.TBIT or Cfitsio.TLOGICAL => typeof(bool),
        Cfitsio.TBYTE => typeof(byte),
        Cfitsio.TSBYTE => typeof(sbyte),
        Cfitsio.TSHORT => typeof(short),
        Cfitsio.TUSHORT => typeof(ushort),
        Cfitsio.TINT => typeof(int),
        Cfitsio.TUINT => typeof(uint),
        Cfitsio.TLONGLONG => typeof(long),
        Cfitsio.TULONGLONG => typeof(ulong),
        Cfitsio.TFLOAT => typeof(float),
        Cfitsio.TDOUBLE => typeof(double),
        Cfitsio.TDBLCOMPLEX => typeof(Complex),
        Cfitsio.TSTRING => typeof(string),
        _ => throw Location.Error($"column {col} '{name}' has a type CFITSIO reports as {code}, which this library does not read", $"TFORM{col}"),
    };
}
