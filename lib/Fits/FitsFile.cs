using System.Collections;
using System.Runtime.InteropServices;

namespace NotebookLib.Fits;

/// <summary>
/// An open FITS file as astropy's <c>HDUList</c>: <c>using var f = FitsFile.Open("frame.fits.fz");</c>
/// then <c>f[0]</c>, <c>f["SCI"]</c>, <c>f["SCI", 2]</c> (EXTNAME, EXTVER). CFITSIO does the reading,
/// so gzip (.gz), Unix compress (.Z), tile-compressed images (.fz) and CFITSIO's extended file-name
/// syntax ("file.fits[SCI]", "file.fits[1][100:200,1:50]") all work; <see cref="Selected"/> is the HDU
/// such a name chose. Every CFITSIO error becomes a <see cref="FitsException"/> naming the file,
/// the HDU and the keyword. Not safe for concurrent use from several threads (one CFITSIO handle).
/// </summary>
public sealed class FitsFile : IReadOnlyList<FitsHdu>, IDisposable
{
    readonly List<FitsHdu> hdus = new();
    readonly CfitsioHandle handle;
    int current = -1;

    public string Path { get; }
    /// <summary>The HDU the file name selected (CFITSIO extended syntax), else the primary.</summary>
    public FitsHdu Selected { get; }

    FitsFile(string path, CfitsioHandle handle, bool writable, FileLayout? layout)
    {
        Path = path;
        this.handle = handle;
        Writable = writable;
        Layout = layout;
        var where = new FitsLocation(path);
        int status = 0;
        Cfitsio.ffghdn(handle.Pointer, out var selected);
        Cfitsio.ffthdu(handle.Pointer, out var n, ref status);
        where.Check(status, "cannot count the HDUs");
        for (int i = 0; i < n; i++)
        {
            try { hdus.Add(new FitsHdu(this, i)); }
            catch (Exception e) when (e is not FitsException)
            {
                // A header whose numbers do not fit what CFITSIO or .NET can hold: say where, never crash.
                throw new FitsException($"cannot read the header ({e.GetType().Name}: {e.Message})", where with { Hdu = i }, inner: e);
            }
        }
        DiskPath = FindDiskPath();
        Selected = hdus[Math.Clamp(selected - 1, 0, n - 1)];
    }

    /// <summary>The HDUs as our own scan of the raw bytes found them (null where the file could
    /// not be scanned: a virtual file from the extended syntax).</summary>
    internal FileLayout? Layout { get; }

    internal bool Writable { get; }

    /// <summary>The path of the plain, uncompressed disk file behind the handle, when it is one
    /// (not gzip, not a virtual file from the extended syntax): the direct-read path uses it.</summary>
    internal string? DiskPath { get; private set; }

    unsafe string? FindDiskPath()
    {
        if (Path.Contains('[') || Path.Contains("://") || !File.Exists(Path)) return null;
        var buf = stackalloc byte[64];
        int status = 0;
        Cfitsio.ffurlt(handle.Pointer, buf, ref status);
        if (status != 0) { Cfitsio.Describe(status); return null; }
        if (System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)buf) != "file://") return null;
        using var s = File.OpenRead(Path);
        Span<byte> head = stackalloc byte[6];
        return s.Read(head) == 6 && head.SequenceEqual("SIMPLE"u8) ? Path : null;
    }

    /// <summary>Opens a FITS file for reading (astropy's <c>fits.open</c>).</summary>
    public static FitsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var where = new FitsLocation(path);
        // CFITSIO would treat a missing plain file as a possible compressed one (name.gz, ...);
        // say plainly that the file is not there when neither exists and no extended syntax is used.
        if (!path.Contains('[') && !path.Contains("://") && !System.Text.RegularExpressions.Regex.IsMatch(path, @"\+\d+$")
            && !File.Exists(path) && !new[] { ".gz", ".Z", ".z", ".zip" }.Any(e => File.Exists(path + e)))
            throw where.Error("file not found");
        // Our own pass over the headers first: CFITSIO aborts the process on some corrupt cards.
        var layout = FileLayout.Scan(path, where);
        int status = 0;
        Cfitsio.ffopen(out var h, path, Cfitsio.READONLY, ref status);
        // CFITSIO returns a null pointer when the open fails; anything else is ours to close, once.
        var handle = CfitsioHandle.Own(h);
        if (status != 0)
        {
            var message = Cfitsio.Describe(status);
            handle.Dispose();
            throw new FitsException("cannot open as a FITS file (not FITS, truncated, or a bad extended file name)", where, null, status, message);
        }
        try { return new FitsFile(path, handle, false, layout); }
        catch { handle.Dispose(); throw; }
    }

    /// <summary>Opens FITS bytes held in memory for reading (astropy's <c>fits.open(fileobj)</c>, e.g. a member of a
    /// tar archive, see <see cref="FitsTar"/>); <paramref name="name"/> names it in errors and is its Path. The bytes
    /// are copied, so the array may be reused. Plain (uncompressed) FITS only.</summary>
    public static unsafe FitsFile Open(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var where = new FitsLocation(name);
        if (bytes.Length < 2880) throw where.Error($"{bytes.Length} bytes are not a FITS file (one header block is 2880 bytes)");
        var layout = FileLayout.Scan(bytes, where);
        // CFITSIO keeps the addresses of the buffer pointer and of its size: both live at the start of
        // the block, the bytes after them; the block is freed once the file is closed.
        var block = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 16);
        var buffer = (nint*)block;
        var size = (nuint*)(block + 8);
        *buffer = (nint)(block + 16);
        *size = (nuint)bytes.Length;
        bytes.CopyTo(new Span<byte>(block + 16, bytes.Length));
        int status = 0;
        Cfitsio.ffomem(out var h, name, Cfitsio.READONLY, buffer, size, 0, 0, ref status);
        if (h == 0) NativeMemory.Free(block);
        var handle = CfitsioHandle.Own(h, h == 0 ? 0 : (nint)block);
        if (status != 0)
        {
            var message = Cfitsio.Describe(status);
            handle.Dispose();
            throw new FitsException("cannot open as a FITS file (not FITS, or truncated)", where, null, status, message);
        }
        try { return new FitsFile(name, handle, false, layout); }
        catch { handle.Dispose(); throw; }
    }

    /// <summary>The image of one HDU (by default the first with pixels), as astropy's
    /// <c>fits.getdata</c>: float32, BSCALE/BZERO applied, BLANK → NaN.</summary>
    public static FitsArray<float> GetData(string path, int? hdu = null)
    {
        using var f = Open(path);
        return f.ImageHdu(hdu).ReadImage();
    }

    /// <summary>The header of one HDU (astropy's <c>fits.getheader</c>).</summary>
    public static FitsHeader GetHeader(string path, int hdu = 0)
    {
        using var f = Open(path);
        return f[hdu].Header;
    }

    FitsHdu ImageHdu(int? index) => index is int i ? this[i]
        : hdus.FirstOrDefault(h => h.IsImage && h.HasData) ?? throw new FitsLocation(Path).Error("no HDU in the file holds an image");

    public int Count => hdus.Count;
    public FitsHdu this[int index] => index >= 0 && index < hdus.Count ? hdus[index]
        : throw new FitsLocation(Path, index).Error($"no such HDU: the file has {hdus.Count} HDU(s), 0 to {hdus.Count - 1}");

    /// <summary>The first HDU with this EXTNAME (case-insensitive; "PRIMARY" is HDU 0).</summary>
    public FitsHdu this[string extname] => hdus.FirstOrDefault(h => h.Name.Equals(extname, StringComparison.OrdinalIgnoreCase))
        ?? throw new FitsLocation(Path, null, extname).Error($"no HDU with EXTNAME '{extname}'; names here: {NamesList()}");

    /// <summary>The HDU with this EXTNAME and EXTVER.</summary>
    public FitsHdu this[string extname, int extver] =>
        hdus.FirstOrDefault(h => h.Name.Equals(extname, StringComparison.OrdinalIgnoreCase) && h.ExtVer == extver)
        ?? throw new FitsLocation(Path, null, extname).Error($"no HDU with EXTNAME '{extname}' and EXTVER {extver}; names here: {NamesList()}");

    public bool Contains(string extname) => hdus.Any(h => h.Name.Equals(extname, StringComparison.OrdinalIgnoreCase));

    string NamesList() => string.Join(", ", hdus.Select(h => $"{h.Index}:'{h.Name}'" + (h.ExtVer != 1 ? $" v{h.ExtVer}" : "")));

    public IEnumerator<FitsHdu> GetEnumerator() => hdus.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One line per HDU, like astropy's <c>HDUList.info()</c>.</summary>
    public string Info()
    {
        var lines = new List<string> { $"Filename: {Path}", "No.    Name      Ver    Type      Cards   Dimensions   Format" };
        lines.AddRange(hdus.Select(h => h.Summary()));
        return string.Join("\n", lines);
    }

    public override string ToString() => Info();

    /// <summary>Moves CFITSIO to an HDU (1-based inside CFITSIO, 0-based here) and returns the handle.</summary>
    internal nint MoveTo(int index, FitsLocation where)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        var h = handle.Pointer;
        if (current == index) return h;
        int status = 0;
        Cfitsio.ffmahd(h, index + 1, out _, ref status);
        where.Check(status, "cannot move to this HDU (the file may be truncated or corrupt)");
        current = index;
        return h;
    }

    /// <summary>The reading lock: CFITSIO's handle has one current HDU.</summary>
    internal object Sync { get; } = new();

    /// <summary>Closes the CFITSIO handle (a file never disposed is closed by the handle's own finalizer).</summary>
    public void Dispose()
    {
        lock (Sync) handle.Dispose();
    }

    internal static unsafe string PtrToStringAndFree(nint p, int nkeys)
    {
        // Header bytes are ASCII by the standard; Latin-1 keeps any stray byte as one character.
        var text = System.Text.Encoding.Latin1.GetString(new ReadOnlySpan<byte>((void*)p, nkeys * 80));
        int status = 0;
        Cfitsio.fffree(p, ref status);
        return text;
    }
}
