using System.Runtime.InteropServices;

namespace NotebookLib.Fits;

/// <summary>
/// The CFITSIO entry points the library uses (Debian libcfitsio10, found by the default library
/// search: no resolver of our own, the assembly's one resolver belongs to lib/Torch). C `long` is
/// 64-bit on the Linux x64 machines this runs on, hence `long` for it.
/// </summary>
internal static unsafe partial class Cfitsio
{
    const string Lib = "libcfitsio.so.10";

    internal const int TBIT = 1, TBYTE = 11, TSBYTE = 12, TLOGICAL = 14, TSTRING = 16, TUSHORT = 20, TSHORT = 21,
        TUINT = 30, TINT = 31, TULONG = 40, TLONG = 41, TFLOAT = 42, TULONGLONG = 80, TLONGLONG = 81,
        TDOUBLE = 82, TCOMPLEX = 83, TDBLCOMPLEX = 163;
    internal const int IMAGE_HDU = 0, ASCII_TBL = 1, BINARY_TBL = 2;
    internal const int READONLY = 0, READWRITE = 1;
    internal const int KEY_NO_EXIST = 202, END_OF_FILE = 107, BAD_HDU_NUM = 301;

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffopen(out nint fptr, string filename, int iomode, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffinit(out nint fptr, string filename, ref int status);
    [LibraryImport(Lib)] internal static partial int ffclos(nint fptr, ref int status);
    /// <summary>fits_open_memfile: the buffer (through *buffptr, *buffsize, which must outlive the file) is read in place.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffomem(out nint fptr, string name, int mode, nint* buffptr, nuint* buffsize, nuint deltasize, nint memRealloc, ref int status);
    [LibraryImport(Lib)] internal static partial void ffgerr(int status, byte* errtext);
    [LibraryImport(Lib)] internal static partial int ffgmsg(byte* message);
    [LibraryImport(Lib)] internal static partial void ffcmsg();

    [LibraryImport(Lib)] internal static partial int ffthdu(nint fptr, out int nhdu, ref int status);
    [LibraryImport(Lib)] internal static partial int ffmahd(nint fptr, int hdunum, out int exttype, ref int status);
    [LibraryImport(Lib)] internal static partial int ffghdn(nint fptr, out int hdunum);
    [LibraryImport(Lib)] internal static partial int ffghdt(nint fptr, out int exttype, ref int status);
    [LibraryImport(Lib)] internal static partial int fits_is_compressed_image(nint fptr, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgidt(nint fptr, out int bitpix, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgiet(nint fptr, out int bitpix, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgidm(nint fptr, out int naxis, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgiszll(nint fptr, int nlen, long* naxes, ref int status);
    [LibraryImport(Lib)] internal static partial int ffhdr2str(nint fptr, int excludeComments, nint exclist, int nexc, out nint header, out int nkeys, ref int status);
    [LibraryImport(Lib)] internal static partial int fffree(nint value, ref int status);

    [LibraryImport(Lib)] internal static partial int ffpscl(nint fptr, double scale, double zero, ref int status);
    [LibraryImport(Lib)] internal static partial int fftscl(nint fptr, int colnum, double scale, double zero, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgpv(nint fptr, int datatype, long firstelem, long nelem, void* nulval, void* array, out int anynul, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgsv(nint fptr, int datatype, long* blc, long* trc, long* inc, void* nulval, void* array, out int anynul, ref int status);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffgcno(nint fptr, int casesen, string templt, out int colnum, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgncl(nint fptr, out int ncols, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgnrwll(nint fptr, out long nrows, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgtclll(nint fptr, int colnum, out int typecode, out long repeat, out long width, ref int status);
    [LibraryImport(Lib)] internal static partial int ffeqtyll(nint fptr, int colnum, out int typecode, out long repeat, out long width, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgtdm(nint fptr, int colnum, int maxdim, out int naxis, long* naxes, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgcv(nint fptr, int datatype, int colnum, long firstrow, long firstelem, long nelem, void* nulval, void* array, out int anynul, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgcx(nint fptr, int colnum, long firstrow, long firstbit, long nbits, byte* larray, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgdesll(nint fptr, int colnum, long rownum, out long length, out long heapaddr, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgtbb(nint fptr, long firstrow, long firstchar, long nchars, byte* values, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgcdw(nint fptr, int colnum, out int width, ref int status);

    [LibraryImport(Lib)] internal static partial int ffcrimll(nint fptr, int bitpix, int naxis, long* naxes, ref int status);
    [LibraryImport(Lib)] internal static partial int ffcrtb(nint fptr, int tbltype, long naxis2, int tfields, nint* ttype, nint* tform, nint* tunit, nint extname, ref int status);
    [LibraryImport(Lib)] internal static partial int ffrdef(nint fptr, ref int status);
    [LibraryImport(Lib)] internal static partial int ffppr(nint fptr, int datatype, long firstelem, long nelem, void* array, ref int status);
    [LibraryImport(Lib)] internal static partial int ffpcl(nint fptr, int datatype, int colnum, long firstrow, long firstelem, long nelem, void* array, ref int status);
    [LibraryImport(Lib)] internal static partial int ffpcls(nint fptr, int colnum, long firstrow, long firstelem, long nelem, nint* array, ref int status);
    [LibraryImport(Lib)] internal static partial int ffpcll(nint fptr, int colnum, long firstrow, long firstelem, long nelem, byte* array, ref int status);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffpky(nint fptr, int datatype, string keyname, void* value, string? comment, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffpkyd(nint fptr, string keyname, double value, int decim, string? comment, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffpkym(nint fptr, string keyname, double* value, int decim, string? comment, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffpkls(nint fptr, string keyname, string value, string? comment, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffpkyu(nint fptr, string keyname, string? comment, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffpcom(nint fptr, string comment, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffphis(nint fptr, string history, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffprec(nint fptr, string card, ref int status);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ffgky(nint fptr, int datatype, string keyname, void* value, nint comment, ref int status);
    [LibraryImport(Lib)] internal static partial int ffghsp(nint fptr, out int nexist, out int nmore, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgrec(nint fptr, int nrec, byte* card, ref int status);
    [LibraryImport(Lib)] internal static partial int ffdrec(nint fptr, int nrec, ref int status);
    [LibraryImport(Lib)] internal static partial int ffghadll(nint fptr, out long headstart, out long datastart, out long dataend, ref int status);
    [LibraryImport(Lib)] internal static partial int ffurlt(nint fptr, byte* urlType, ref int status);
    [LibraryImport(Lib)] internal static partial int ffgextn(nint fptr, long offset, long nelem, void* array, ref int status);
    [LibraryImport(Lib)] internal static partial int ffpcks(nint fptr, ref int status);

    /// <summary>CFITSIO's text for a status code plus everything on its error-message stack,
    /// which is then cleared so that the next error starts clean.</summary>
    internal static string Describe(int status)
    {
        var buf = stackalloc byte[96];
        ffgerr(status, buf);
        var text = Marshal.PtrToStringUTF8((nint)buf) ?? "";
        var stack = new List<string>();
        while (ffgmsg(buf) != 0)
        {
            var m = Marshal.PtrToStringUTF8((nint)buf)?.Trim();
            if (!string.IsNullOrEmpty(m)) stack.Add(m);
        }
        ffcmsg();
        return stack.Count == 0 ? $"CFITSIO status {status}: {text}" : $"CFITSIO status {status}: {text} ({string.Join("; ", stack)})";
    }
}
