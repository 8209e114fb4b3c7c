using System.Runtime.InteropServices;

namespace NotebookLib.Fits;

/// <summary>
/// One HDU of an open <see cref="FitsFile"/>: name (EXTNAME, "PRIMARY" for the first), type,
/// BITPIX, shape (numpy order, slowest axis first, as astropy) and header; the data are read on
/// demand. Images come out as float32 (or float64) with BSCALE/BZERO applied and BLANK → NaN,
/// or as raw integers with <see cref="ReadRawImage"/>; a section reads only the pixels asked for.
/// </summary>
public sealed partial class FitsHdu
{
    readonly FitsFile file;

    /// <summary>0-based position in the file (0 = primary), as astropy indexes an HDUList.</summary>
    public int Index { get; }
    public string Name { get; }
    public int ExtVer { get; }
    public FitsHduType Type { get; }
    /// <summary>True for a tile-compressed image (its header here is the image's, as astropy shows it).</summary>
    public bool IsCompressed { get; }
    /// <summary>BITPIX of the image (ZBITPIX for a compressed one); 8 for tables.</summary>
    public int Bitpix { get; }
    /// <summary>Numpy-order shape: [NAXISn, …, NAXIS1] for images, [rows] for tables, [] with no data.</summary>
    public int[] Shape { get; }
    public FitsHeader Header { get; }

    public bool IsImage => Type is FitsHduType.Primary or FitsHduType.Image;
    public bool IsTable => Type is FitsHduType.BinaryTable or FitsHduType.AsciiTable;
    /// <summary>Whether an image HDU holds pixels (NAXIS &gt; 0 and no zero-length axis).</summary>
    public bool HasData => Shape.Length > 0 && Shape.All(s => s > 0);

    internal FitsLocation Location => new(file.Path, Index, Name);

    internal FitsHdu(FitsFile file, int index)
    {
        this.file = file;
        Index = index;
        var where = new FitsLocation(file.Path, index);
        lock (file.Sync)
        {
            var h = file.MoveTo(index, where);
            int status = 0;
            Cfitsio.ffghdt(h, out var exttype, ref status);
            where.Check(status, "cannot read the HDU type");
            IsCompressed = exttype == Cfitsio.IMAGE_HDU && Cfitsio.fits_is_compressed_image(h, ref status) != 0;
            where.Check(status, "cannot tell whether the image is compressed");

            // The raw header from our own scan keeps blank cards before END, as astropy does (CFITSIO
            // leaves the trailing ones out); CFITSIO's cards where the file could not be scanned.
            var cards = FitsCard.ParseAll(file.Layout is { } layout && index < layout.Hdus.Count ? layout.Hdus[index].CardImages : ReadCardImages(h, where));
            var header = new FitsHeader(IsCompressed ? CompressedHeader.ToImageHeader(cards) : cards);

            Name = header.TryGetValue("EXTNAME", out var en) && en is string s ? s.TrimEnd() : index == 0 ? "PRIMARY" : "";
            if (IsCompressed && Name.Length == 0) Name = "COMPRESSED_IMAGE";
            ExtVer = header.TryGetValue("EXTVER", out var ev) && ev is long v ? (int)v : 1;
            where = where with { ExtName = Name };
            header.Location = where;
            Header = header;

            if (exttype == Cfitsio.IMAGE_HDU)
            {
                Cfitsio.ffgidt(h, out var bitpix, ref status);
                Cfitsio.ffgidm(h, out var naxis, ref status);
                where.Check(status, "cannot read BITPIX/NAXIS");
                var naxes = new long[Math.Max(naxis, 1)];
                unsafe { fixed (long* p = naxes) Cfitsio.ffgiszll(h, naxis, p, ref status); }
                where.Check(status, "cannot read the NAXISn keywords");
                Bitpix = bitpix;
                for (int a = 0; a < naxis; a++)
                    if (naxes[a] > int.MaxValue)
                        throw where.Error($"NAXIS{a + 1} = {naxes[a]} is more than the {int.MaxValue} elements an axis can have here (corrupt header?)", IsCompressed ? $"ZNAXIS{a + 1}" : $"NAXIS{a + 1}");
                Shape = naxes.Take(naxis).Reverse().Select(a => (int)a).ToArray();
                var groups = index == 0 && header.TryGetValue("GROUPS", out var g) && g is true && (naxis == 0 || naxes[0] == 0);
                // CFITSIO reads an extension of a type it does not know as an image; astropy keeps it
                // as a nonstandard extension whose data are raw bytes, and so do we.
                var nonstandard = index > 0 && !IsCompressed && !(header.TryGetValue("XTENSION", out var xt) && xt is string xs && xs.TrimEnd() is "IMAGE" or "IUEIMAGE");
                Type = groups ? FitsHduType.RandomGroups : index == 0 ? FitsHduType.Primary : nonstandard ? FitsHduType.Nonstandard : FitsHduType.Image;
            }
            else
            {
                Type = exttype == Cfitsio.ASCII_TBL ? FitsHduType.AsciiTable : FitsHduType.BinaryTable;
                Bitpix = 8;
                Cfitsio.ffgnrwll(h, out var rows, ref status);
                where.Check(status, "cannot read the number of rows (NAXIS2)");
                if (rows > int.MaxValue)
                    throw where.Error($"NAXIS2 = {rows} rows is more than the {int.MaxValue} a table can have here (corrupt header?)", "NAXIS2");
                Shape = [(int)rows];
            }
        }
    }

    /// <summary>The header's card images, one by one (ffhdr2str drops blank cards), without END.</summary>
    static unsafe string ReadCardImages(nint h, FitsLocation where)
    {
        int status = 0;
        Cfitsio.ffghsp(h, out var nkeys, out _, ref status);
        where.Check(status, "cannot read the header");
        var text = new System.Text.StringBuilder(nkeys * 80);
        var card = stackalloc byte[81];
        for (int k = 1; k <= nkeys; k++)
        {
            card[0] = 0;
            Cfitsio.ffgrec(h, k, card, ref status);
            where.Check(status, $"cannot read header card {k}");
            var n = new ReadOnlySpan<byte>(card, 81).IndexOf((byte)0);
            // Latin-1 keeps a stray non-ASCII byte as one character; CFITSIO trims trailing blanks.
            text.Append(System.Text.Encoding.Latin1.GetString(card, n < 0 ? 80 : n).PadRight(80));
        }
        return text.ToString();
    }

    /// <summary>The image as float32 with BSCALE/BZERO applied and BLANK (or NaN) pixels as NaN.</summary>
    public FitsArray<float> ReadImage() => ReadImage<float>();

    /// <summary>The image as float64 with BSCALE/BZERO applied and BLANK pixels as NaN.</summary>
    public FitsArray<double> ReadImageDouble() => ReadImage<double>();

    /// <summary>A 2-D image (or plane <paramref name="plane"/> of a cube) as float32, shape [height, width],
    /// BSCALE/BZERO applied and BLANK as NaN (NotebookLib.Imaging's <c>ReadImage2D</c> makes it an Image).</summary>
    public FitsArray<float> ReadPlane(int plane = 0)
    {
        RequireImage();
        if (Shape.Length < 2) throw Location.Error($"the image has shape ({string.Join(", ", Shape)}), not 2-D");
        var planes = Shape.Length == 2 ? 1 : Shape[..^2].Aggregate(1L, (a, b) => a * b);
        if (plane < 0 || plane >= planes) throw Location.Error($"plane {plane} is outside 0..{planes - 1} of the image of shape ({string.Join(", ", Shape)})");
        int w = Shape[^1], hgt = Shape[^2];
        RequireAllocation((long)w * hgt, sizeof(float), StoredBytes((plane + 1L) * w * hgt), $"plane {plane} of the image");
        var pixels = GC.AllocateUninitializedArray<float>(w * hgt);
        ReadElements(pixels, (long)plane * w * hgt, raw: false);
        return new FitsArray<float>(pixels, hgt, w);
    }

    /// <summary>
    /// The image as <typeparamref name="T"/> (byte, sbyte, short, ushort, int, uint, long, ulong,
    /// float, double) with BSCALE/BZERO applied by CFITSIO; for float and double, BLANK → NaN.
    /// Unsigned 16-bit data (BITPIX 16, BZERO 32768) read exactly as ushort.
    /// </summary>
    public FitsArray<T> ReadImage<T>() where T : unmanaged
    {
        RequireImage();
        var n = Shape.Aggregate(1L, (a, b) => a * b);
        RequireAllocation(n, System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), StoredBytes(n), "the image");
        // Every element is written by the read: skip zeroing tens of MB.
        var data = GC.AllocateUninitializedArray<T>((int)n);
        ReadElements(data, 0, raw: false);
        return new FitsArray<T>(data, (int[])Shape.Clone());
    }

    /// <summary>The stored integers (or floats) as they are in the file, without BSCALE/BZERO or
    /// BLANK handling, in BITPIX's own type: byte, short, int, long, float or double.</summary>
    public FitsArray ReadRawImage() => Type == FitsHduType.Nonstandard ? ReadNonstandardBytes() : Bitpix switch
    {
        8 => ReadRaw<byte>(),  // the direct path handles these as same-type reads when unscaled
        16 => ReadRaw<short>(),
        32 => ReadRaw<int>(),
        64 => ReadRaw<long>(),
        -32 => ReadRaw<float>(),
        -64 => ReadRaw<double>(),
        _ => throw Location.Error($"unsupported BITPIX {Bitpix}", "BITPIX"),
    };

    FitsArray<T> ReadRaw<T>() where T : unmanaged
    {
        RequireImage();
        var n = Shape.Aggregate(1L, (a, b) => a * b);
        RequireAllocation(n, System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), StoredBytes(n), "the image");
        var data = new T[n];
        ReadElements(data, 0, raw: true);
        return new FitsArray<T>(data, (int[])Shape.Clone());
    }

    /// <summary>
    /// A rectangular section, reading only those pixels (CFITSIO's ffgsv): <paramref name="start"/>
    /// and <paramref name="size"/> in numpy order, 0-based; scaling and BLANK as <see cref="ReadImage{T}"/>.
    /// </summary>
    public FitsArray<T> ReadSection<T>(int[] start, int[] size) where T : unmanaged
    {
        RequireImage();
        if (start.Length != Shape.Length || size.Length != Shape.Length)
            throw Location.Error($"a section of the image of shape ({string.Join(", ", Shape)}) needs {Shape.Length} start and size values, got start ({string.Join(", ", start)}) size ({string.Join(", ", size)})");
        for (int d = 0; d < Shape.Length; d++)
            if (start[d] < 0 || size[d] <= 0 || (long)start[d] + size[d] > Shape[d])
                throw Location.Error($"section start ({string.Join(", ", start)}) size ({string.Join(", ", size)}) is outside the image of shape ({string.Join(", ", Shape)})");
        int n = Shape.Length;
        // CFITSIO wants FITS order (NAXIS1 first) and 1-based inclusive corners.
        var blc = new long[n]; var trc = new long[n]; var inc = new long[n];
        for (int d = 0; d < n; d++)
        {
            blc[n - 1 - d] = start[d] + 1;
            trc[n - 1 - d] = start[d] + size[d];
            inc[n - 1 - d] = 1;
        }
        var count = size.Aggregate(1L, (a, b) => a * b);
        long lastPixel = 0;
        for (int d = 0; d < Shape.Length; d++) lastPixel = lastPixel * Shape[d] + start[d] + size[d] - 1;
        RequireAllocation(count, System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), StoredBytes(lastPixel + 1), "the section");
        var data = new T[count];
        var type = DataType<T>();
        lock (file.Sync)
        {
            var h = file.MoveTo(Index, Location);
            CheckGzipTiles(h);
            int status = 0;
            unsafe
            {
                T nan = NaNOf<T>();
                fixed (long* pb = blc, pt = trc, pi = inc)
                fixed (T* pd = data)
                    Cfitsio.ffgsv(h, type, pb, pt, pi, IsFloat<T>() ? &nan : null, pd, out _, ref status);
            }
            Location.Check(status, $"cannot read the section start ({string.Join(", ", start)}) size ({string.Join(", ", size)})");
        }
        return new FitsArray<T>(data, (int[])size.Clone());
    }

    /// <summary>The data of a nonstandard extension as the bytes in the file (astropy's NonstandardExtHDU.data).</summary>
    unsafe FitsArray<byte> ReadNonstandardBytes()
    {
        long bytes = Shape.Length == 0 ? 0 : Math.Abs(Bitpix) / 8 * Header.GetLong("GCOUNT", 1) * (Header.GetLong("PCOUNT", 0) + Shape.Aggregate(1L, (a, b) => a * b));
        RequireBytes(bytes, "the nonstandard extension's data");
        var data = new byte[bytes];
        if (bytes > 0)
            lock (file.Sync)
            {
                var h = file.MoveTo(Index, Location);
                int status = 0;
                fixed (byte* p = data) Cfitsio.ffgextn(h, 0, bytes, p, ref status);
                Location.Check(status, $"cannot read {bytes} bytes of the nonstandard extension");
            }
        return new FitsArray<byte>(data, bytes == 0 ? [] : [checked((int)bytes)]);
    }

    void RequireImage()
    {
        if (Type == FitsHduType.Nonstandard)
            throw Location.Error($"this HDU is a nonstandard extension (XTENSION = '{Header.GetString("XTENSION", "").TrimEnd()}'), not an image: its bytes come from ReadRawImage()", "XTENSION");
        if (Type == FitsHduType.RandomGroups)
            throw Location.Error("random-groups data (GROUPS = T) are not an image: read them with ReadGroups()");
        if (!IsImage) throw Location.Error($"this HDU is a {Type}, not an image: read it with ReadTable()");
        if (!HasData) throw Location.Error($"this HDU has no image data (NAXIS = {Shape.Length}{(Shape.Length > 0 ? ", shape (" + string.Join(", ", Shape) + ")" : "")})", "NAXIS");
    }

    /// <summary>Reads elements [first, first + data.Length) of the image into <paramref name="data"/>.</summary>
    unsafe void ReadElements<T>(T[] data, long first, bool raw) where T : unmanaged
    {
        if (!raw && TryReadDirect(data, first)) return;
        var type = DataType<T>();
        lock (file.Sync)
        {
            var h = file.MoveTo(Index, Location);
            CheckGzipTiles(h);
            int status = 0;
            if (raw) Cfitsio.ffpscl(h, 1.0, 0.0, ref status);
            T nan = NaNOf<T>();
            fixed (T* p = data)
                Cfitsio.ffgpv(h, type, first + 1, data.LongLength, !raw && IsFloat<T>() ? &nan : null, p, out _, ref status);
            var readStatus = status;
            var message = status != 0 ? Cfitsio.Describe(status) : null;
            if (raw)
            {
                status = 0;
                Cfitsio.ffpscl(h, Header.GetDouble("BSCALE", 1.0), Header.GetDouble("BZERO", 0.0), ref status);
                Location.Check(status, "cannot restore BSCALE/BZERO scaling");
            }
            if (readStatus != 0)
                throw new FitsException($"cannot read {data.LongLength} pixels of the image of shape ({string.Join(", ", Shape)}) (truncated or corrupt data?)", Location, null, readStatus, message);
        }
    }

    static bool IsFloat<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    static T NaNOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? (T)(object)float.NaN : typeof(T) == typeof(double) ? (T)(object)double.NaN : default;

    internal static int DataType<T>() => DataType(typeof(T));

    internal static int DataType(Type t) =>
        t == typeof(byte) ? Cfitsio.TBYTE : t == typeof(sbyte) ? Cfitsio.TSBYTE :
        t == typeof(short) ? Cfitsio.TSHORT : t == typeof(ushort) ? Cfitsio.TUSHORT :
        t == typeof(int) ? Cfitsio.TINT : t == typeof(uint) ? Cfitsio.TUINT :
        t == typeof(long) ? Cfitsio.TLONGLONG : t == typeof(ulong) ? Cfitsio.TULONGLONG :
        t == typeof(float) ? Cfitsio.TFLOAT : t == typeof(double) ? Cfitsio.TDOUBLE :
        throw new NotSupportedException($"{t.Name} is not a FITS pixel type (byte, sbyte, short, ushort, int, uint, long, ulong, float, double)");

    internal string Summary()
    {
        var dims = Shape.Length == 0 ? "()" : IsTable ? $"{Shape[0]}R" : "(" + string.Join(", ", Shape.Reverse()) + ")";
        var type = IsCompressed ? "CompImageHDU" : Type switch
        {
            FitsHduType.Primary => "PrimaryHDU",
            FitsHduType.Image => "ImageHDU",
            FitsHduType.BinaryTable => "BinTableHDU",
            FitsHduType.AsciiTable => "TableHDU",
            _ => "GroupsHDU",
        };
        return $"{Index,3}  {Name,-10} {ExtVer,3}  {type,-12} {Header.Count,5}   {dims,-12} {(IsImage ? BitpixName(Bitpix) : "")}";
    }

    static string BitpixName(int bitpix) => bitpix switch
    {
        8 => "uint8",
        16 => "int16",
        32 => "int32",
        64 => "int64",
        -32 => "float32",
        -64 => "float64",
        _ => bitpix.ToString(),
    };

    public override string ToString() => Summary().Trim();
}
