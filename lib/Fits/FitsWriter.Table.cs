using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace NotebookLib.Fits;

public static partial class FitsWriter
{
    static unsafe void WriteTable(nint h, BinTableHdu hdu, FitsLocation where)
    {
        int status = 0;
        var cols = hdu.Columns;
        int rows = cols[0].RowCount;
        var forms = cols.Select(c => TForm(c, where)).ToList();
        var native = new List<nint>();
        nint Str(string s) { var p = Marshal.StringToCoTaskMemUTF8(s); native.Add(p); return p; }
        try
        {
            var ttype = cols.Select(c => Str(c.Name)).ToArray();
            var tform = forms.Select(Str).ToArray();
            var tunit = cols.Select(c => Str(c.Unit)).ToArray();
            var extname = string.IsNullOrEmpty(hdu.Name) ? 0 : Str(hdu.Name);
            fixed (nint* pt = ttype, pf = tform, pu = tunit)
                Cfitsio.ffcrtb(h, Cfitsio.BINARY_TBL, rows, cols.Count, pt, pf, pu, extname, ref status);
            where.Check(status, $"cannot create a binary table with columns {string.Join(", ", cols.Select((c, i) => $"{c.Name} ({forms[i]})"))}");
        }
        finally { foreach (var p in native) Marshal.FreeCoTaskMem(p); }

        // EXTNAME is already in the table header (ffcrtb); the user's cards follow.
        WriteCards(h, new ImageHdu { Header = hdu.Header }, where);
        for (int c = 0; c < cols.Count; c++)
        {
            var col = cols[c];
            if (!col.IsVariableLength && col.CellShape.Length > 1)
            {
                Cfitsio.ffpkls(h, $"TDIM{c + 1}", "(" + string.Join(",", col.CellShape.Reverse()) + ")", "dimensions of the cell", ref status);
                where.Check(status, "cannot write TDIM", $"TDIM{c + 1}");
            }
        }
        Cfitsio.ffrdef(h, ref status);
        where.Check(status, "cannot define the table");
        for (int c = 0; c < cols.Count; c++)
        {
            var col = cols[c];
            string what = $"cannot write column {c + 1} '{col.Name}' ({forms[c]})";
            if (col.IsVariableLength)
            {
                for (int r = 0; r < rows; r++)
                {
                    var cell = col.Data.GetValue(r);
                    if (cell is string s) WriteStrings(h, c + 1, r + 1, [s], ref status);
                    else WriteCells(h, c + 1, r + 1, (Array)cell!, ref status);
                    where.Check(status, what + $", row {r}", $"TFORM{c + 1}");
                }
            }
            else if (col.ElementType == typeof(string)) WriteStrings(h, c + 1, 1, (string[])col.Data, ref status);
            else WriteCells(h, c + 1, 1, col.Data, ref status);
            where.Check(status, what, $"TFORM{c + 1}");
        }
    }

    static unsafe void WriteCells(nint h, int col, long firstRow, Array data, ref int status)
    {
        if (data.Length == 0) return;
        var et = data.GetType().GetElementType();
        switch (data)
        {
            case bool[] b when et == typeof(bool):
            {
                var bytes = b.Select(v => (byte)(v ? 1 : 0)).ToArray();
                fixed (byte* p = bytes) Cfitsio.ffpcll(h, col, firstRow, 1, bytes.Length, p, ref status);
                return;
            }
            case Complex[] z when et == typeof(Complex):
            {
                var pairs = new double[2 * z.Length];
                for (int i = 0; i < z.Length; i++) { pairs[2 * i] = z[i].Real; pairs[2 * i + 1] = z[i].Imaginary; }
                fixed (double* p = pairs) Cfitsio.ffpcl(h, Cfitsio.TDBLCOMPLEX, col, firstRow, 1, z.Length, p, ref status);
                return;
            }
        }
        var pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        try { Cfitsio.ffpcl(h, FitsHdu.DataType(data.GetType().GetElementType()!), col, firstRow, 1, data.Length, (void*)pin.AddrOfPinnedObject(), ref status); }
        finally { pin.Free(); }
    }

    static unsafe void WriteStrings(nint h, int col, long firstRow, string[] values, ref int status)
    {
        if (values.Length == 0) return;
        var pointers = new nint[values.Length];
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                var bytes = Encoding.Latin1.GetBytes(values[i] ?? "");
                pointers[i] = Marshal.AllocHGlobal(bytes.Length + 1);
                Marshal.Copy(bytes, 0, pointers[i], bytes.Length);
                ((byte*)pointers[i])[bytes.Length] = 0;
            }
            fixed (nint* p = pointers) Cfitsio.ffpcls(h, col, firstRow, 1, values.Length, p, ref status);
        }
        finally { foreach (var p in pointers) if (p != 0) Marshal.FreeHGlobal(p); }
    }

    /// <summary>TFORM for a column: repeat count and type letter; P (variable-length) for T[][] data.</summary>
    static string TForm(FitsColumn c, FitsLocation where)
    {
        var t = c.ElementType;
        char letter = t == typeof(bool) ? 'L' : t == typeof(byte) ? 'B' : t == typeof(sbyte) ? 'S' : t == typeof(short) ? 'I'
            : t == typeof(ushort) ? 'U' : t == typeof(int) ? 'J' : t == typeof(uint) ? 'V' : t == typeof(long) ? 'K'
            : t == typeof(ulong) ? 'W' : t == typeof(float) ? 'E' : t == typeof(double) ? 'D' : t == typeof(Complex) ? 'M'
            : t == typeof(string) ? 'A' : throw where.Error($"column '{c.Name}': {t.Name} is not a FITS column type", "TFORM");
        if (c.IsVariableLength)
        {
            int max = 0;
            foreach (var cell in c.Data) max = Math.Max(max, cell is string s ? s.Length : ((Array)cell!).Length);
            return $"P{letter}({max})";
        }
        if (t == typeof(string))
        {
            int width = Math.Max(1, ((string[])c.Data).Select(s => s?.Length ?? 0).DefaultIfEmpty(1).Max());
            if (c.CellSize != 1) throw where.Error($"column '{c.Name}': string columns hold one string per row", "TFORM");
            return $"{width}A";
        }
        return $"{c.CellSize}{letter}";
    }
}
