using System.Runtime.InteropServices;

namespace NotebookLib.Fits;

public static partial class FitsWriter
{
    static unsafe void WriteImage(nint h, ImageHdu hdu, FitsLocation where, bool primary)
    {
        int status = 0;
        var data = hdu.Data;
        if (data is null || data.Shape.Length == 0)
        {
            Cfitsio.ffcrimll(h, hdu.Bitpix ?? 8, 0, null, ref status);
            where.Check(status, "cannot create an empty image HDU");
            if (primary) RemoveCfitsioBoilerplate(h, where);
            WriteCards(h, hdu, where);
            return;
        }
        var (raw, bitpix, bscale, bzero, blank, unsignedZero) = ToStored(hdu, data, where);
        var naxes = data.Shape.Reverse().Select(s => (long)s).ToArray();
        fixed (long* p = naxes) Cfitsio.ffcrimll(h, bitpix, naxes.Length, p, ref status);
        where.Check(status, $"cannot create an image HDU of BITPIX {bitpix} and shape ({string.Join(", ", data.Shape)})");
        if (primary) RemoveCfitsioBoilerplate(h, where);
        WriteCards(h, hdu, where);
        if (unsignedZero is not null)
        {
            Cfitsio.ffprec(h, $"BSCALE  = {1,20} / data are unsigned integers".PadRight(80), ref status);
            Cfitsio.ffprec(h, $"BZERO   = {unsignedZero,20} / offset for unsigned integers".PadRight(80), ref status);
        }
        else if (bscale != 1.0 || bzero != 0.0)
        {
            Cfitsio.ffpkyd(h, "BSCALE", bscale, -17, "physical = BZERO + BSCALE * stored", ref status);
            Cfitsio.ffpkyd(h, "BZERO", bzero, -17, "physical = BZERO + BSCALE * stored", ref status);
        }
        where.Check(status, "cannot write BSCALE/BZERO", "BZERO");
        if (blank is long b)
        {
            Cfitsio.ffpky(h, Cfitsio.TLONGLONG, "BLANK", &b, "stored value of undefined pixels", ref status);
            where.Check(status, "cannot write BLANK", "BLANK");
        }
        // Define the HDU now, then switch CFITSIO's own scaling off: the stored values are final.
        Cfitsio.ffrdef(h, ref status);
        where.Check(status, "cannot define the image HDU");
        Cfitsio.ffpscl(h, 1.0, 0.0, ref status);
        where.Check(status, "cannot switch off scaling for the stored values");
        var pin = GCHandle.Alloc(raw, GCHandleType.Pinned);
        try { Cfitsio.ffppr(h, FitsHdu.DataType(raw.GetType().GetElementType()!), 1, raw.LongLength, (void*)pin.AddrOfPinnedObject(), ref status); }
        finally { pin.Free(); }
        where.Check(status, $"cannot write {raw.LongLength} pixels");
    }

    /// <summary>The values as stored in the file, in BITPIX's own type, and the keywords that go with them.</summary>
    static (Array Raw, int Bitpix, double BScale, double BZero, long? Blank, string? UnsignedZero) ToStored(ImageHdu hdu, FitsArray data, FitsLocation where)
    {
        var t = data.ElementType;
        var values = data.Values;
        bool scaled = hdu.BScale is not null || hdu.BZero is not null;
        int natural = t == typeof(byte) || t == typeof(sbyte) ? 8 : t == typeof(short) || t == typeof(ushort) ? 16
            : t == typeof(int) || t == typeof(uint) ? 32 : t == typeof(long) || t == typeof(ulong) ? 64
            : t == typeof(float) ? -32 : t == typeof(double) ? -64
            : throw where.Error($"{t.Name} is not a FITS pixel type");
        int bitpix = hdu.Bitpix ?? natural;
        if (bitpix is not (8 or 16 or 32 or 64 or -32 or -64)) throw where.Error($"BITPIX must be 8, 16, 32, 64, -32 or -64, not {bitpix}", "BITPIX");

        // Unsigned data in the standard offset convention, exact bit for bit.
        if (!scaled && bitpix == natural)
        {
            // Exact element types: the runtime lets a short[] pass for a ushort[] in a type pattern.
            if (t == typeof(ushort)) return (((ushort[])values).Select(v => (short)(v ^ 0x8000)).ToArray(), 16, 1, 32768, null, "32768");
            if (t == typeof(uint)) return (((uint[])values).Select(v => (int)(v ^ 0x80000000u)).ToArray(), 32, 1, 2147483648.0, null, "2147483648");
            if (t == typeof(ulong)) return (((ulong[])values).Select(v => (long)(v ^ 0x8000000000000000ul)).ToArray(), 64, 1, 9223372036854775808.0, null, "9223372036854775808");
            if (t == typeof(sbyte)) return (((sbyte[])values).Select(v => (byte)(v ^ 0x80)).ToArray(), 8, 1, -128, null, "-128");
            return (values, bitpix, 1, 0, Blank(hdu, bitpix, false), null);
        }

        double bscale = hdu.BScale ?? 1.0, bzero = hdu.BZero ?? 0.0;
        if (bscale == 0 || !double.IsFinite(bscale) || !double.IsFinite(bzero))
            throw where.Error($"BSCALE = {bscale} and BZERO = {bzero} cannot scale data", "BSCALE");
        var n = values.Length;
        var physical = ToDoubles(values);
        if (bitpix < 0)
        {
            Array stored = bitpix == -32 ? new float[n] : new double[n];
            if (stored is float[] f) for (int i = 0; i < n; i++) f[i] = (float)((physical[i] - bzero) / bscale);
            else { var d = (double[])stored; for (int i = 0; i < n; i++) d[i] = (physical[i] - bzero) / bscale; }
            return (stored, bitpix, bscale, bzero, null, null);
        }
        var (min, max) = bitpix switch { 8 => (0.0, 255.0), 16 => (short.MinValue, (double)short.MaxValue), 32 => (int.MinValue, (double)int.MaxValue), _ => (long.MinValue, (double)long.MaxValue) };
        long? blank = null;
        var rawLongs = new long[n];
        for (int i = 0; i < n; i++)
        {
            var v = physical[i];
            if (double.IsNaN(v))
            {
                blank ??= Blank(hdu, bitpix, true);
                rawLongs[i] = blank!.Value;
                continue;
            }
            var s = Math.Round((v - bzero) / bscale, MidpointRounding.AwayFromZero);
            if (!(s >= min && s <= max))
                throw where.Error($"pixel {i} = {v} does not fit BITPIX {bitpix} with BSCALE = {bscale}, BZERO = {bzero} (stored value {s}, range {min}..{max})", "BITPIX");
            rawLongs[i] = (long)s;
        }
        blank ??= hdu.Blank;
        Array raw = bitpix switch
        {
            8 => rawLongs.Select(v => (byte)v).ToArray(),
            16 => rawLongs.Select(v => (short)v).ToArray(),
            32 => rawLongs.Select(v => (int)v).ToArray(),
            _ => rawLongs,
        };
        return (raw, bitpix, bscale, bzero, blank, null);
    }

    static long? Blank(ImageHdu hdu, int bitpix, bool needed)
    {
        if (hdu.Blank is long b) return b;
        if (!needed) return null;
        return bitpix switch { 8 => 255, 16 => short.MinValue, 32 => int.MinValue, _ => long.MinValue };
    }

    static double[] ToDoubles(Array values)
    {
        var t = values.GetType().GetElementType();
        if (t == typeof(double)) return (double[])values;
        var result = new double[values.Length];
        if (t == typeof(float)) { var a = (float[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else if (t == typeof(byte)) { var a = (byte[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else if (t == typeof(sbyte)) { var a = (sbyte[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else if (t == typeof(short)) { var a = (short[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else if (t == typeof(ushort)) { var a = (ushort[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else if (t == typeof(int)) { var a = (int[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else if (t == typeof(uint)) { var a = (uint[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else if (t == typeof(long)) { var a = (long[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else if (t == typeof(ulong)) { var a = (ulong[])values; for (int i = 0; i < a.Length; i++) result[i] = a[i]; }
        else throw new ArgumentException($"{values.GetType().Name} is not a FITS pixel array");
        return result;
    }
}
