using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NotebookLib.Configuration;

namespace NotebookLib.Fits;

public sealed partial class FitsHdu
{
    /// <summary>Off only in tests that compare the two paths.</summary>
    internal static bool DirectReads { get; set; } = true;

    /// <summary>
    /// The fast path for uncompressed images in a plain disk file: CFITSIO tells where the data
    /// start (ffghadll) and we read the big-endian bytes ourselves, in parallel chunks, swapping
    /// bytes with the vectorised BinaryPrimitives and scaling as CFITSIO does ((T)(stored ×
    /// BSCALE + BZERO) in double, BLANK → NaN). Returns false where CFITSIO should do it (gzip,
    /// tile compression, extended-syntax virtual files, other type pairs).
    /// </summary>
    bool TryReadDirect<T>(T[] data, long first) where T : unmanaged
    {
        if (!DirectReads || IsCompressed || file.DiskPath is null || Type == FitsHduType.RandomGroups) return false;
        // PCOUNT/GCOUNT other than 0/1 on an image, or GROUPS with NAXIS1 > 0: CFITSIO reads such data
        // group by group, skipping parameters; leave it that reading.
        static bool Is(object? v, long x) => v is long l && l == x;
        if ((Header.TryGetValue("PCOUNT", out var pc) && !Is(pc, 0)) || (Header.TryGetValue("GCOUNT", out var gc) && !Is(gc, 1)) || Header.Contains("GROUPS"))
            return false;
        double bscale = Header.GetDouble("BSCALE", 1.0), bzero = Header.GetDouble("BZERO", 0.0);
        long? blank = Bitpix > 0 && Header.TryGetValue("BLANK", out var b) && b is long bl ? bl : null;
        bool identity = bscale == 1.0 && bzero == 0.0;
        var t = typeof(T);
        bool toReal = t == typeof(float) || t == typeof(double);
        bool sameType = identity && ((Bitpix == -32 && t == typeof(float)) || (Bitpix == -64 && t == typeof(double))
            || (Bitpix == 16 && t == typeof(short)) || (Bitpix == 32 && t == typeof(int)) || (Bitpix == 64 && t == typeof(long)) || (Bitpix == 8 && t == typeof(byte)));
        bool unsigned16 = Bitpix == 16 && t == typeof(ushort) && bscale == 1.0 && bzero == 32768.0;
        if (!toReal && !sameType && !unsigned16) return false;

        long dataStart, dataEnd;
        lock (file.Sync)
        {
            var h = file.MoveTo(Index, Location);
            int status = 0;
            Cfitsio.ffghadll(h, out _, out dataStart, out dataEnd, ref status);
            Location.Check(status, "cannot locate the data");
            // The scaling and BLANK that CFITSIO applies are what its own keyword reader makes of the
            // cards; where ours reads them differently (a corrupt or non-ASCII card), CFITSIO reads.
            if (!SameScalingAsCfitsio(h, bscale, bzero, blank)) return false;
        }
        int size = Math.Abs(Bitpix) / 8;
        long offset = dataStart + first * size;
        // CFITSIO reads whole 2880-byte blocks: a file cut anywhere in the data or its final padding
        // is CFITSIO's to read or refuse, in its own words.
        if (dataEnd > new FileInfo(file.DiskPath).Length || offset + data.LongLength * size > dataEnd)
            return false;

        using var handle = File.OpenHandle(file.DiskPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        const int Chunk = 1 << 19; // elements per task: a few MB, fits in L2/L3 with its buffer
        long chunks = (data.LongLength + Chunk - 1) / Chunk;
        var options = new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads };
        // A large converted image is written with streaming stores (no read of the fresh output first).
        bool stream = NotebookLib.IO.StreamingStores.Worthwhile(data.LongLength * Marshal.SizeOf<T>());
        Exception? failure = null;
        Parallel.For(0L, chunks, options, () => new byte[(long)Chunk * size], (c, _, buffer) =>
        {
            try
            {
                long start = c * Chunk;
                int n = (int)Math.Min(Chunk, data.LongLength - start);
                var output = data.AsSpan((int)start, n);
                if (Marshal.SizeOf<T>() == size && identity && (sameType || Bitpix == -32 || Bitpix == -64))
                {
                    // Same width and no scaling: read straight into the output and swap in place.
                    var bytes = MemoryMarshal.AsBytes(output);
                    ReadExactly(handle, bytes, offset + start * size);
                    SwapInPlace(bytes, size);
                    if (Bitpix == -32) FlushLikeCfitsio(MemoryMarshal.Cast<T, float>(output));
                    else if (Bitpix == -64) FlushLikeCfitsio(MemoryMarshal.Cast<T, double>(output));
                }
                else if (unsigned16)
                {
                    // Read into the cache-warm chunk buffer, then one pass into the fresh output.
                    var bytes = buffer.AsSpan(0, n * size);
                    ReadExactly(handle, bytes, offset + start * size);
                    SwapAndFlipSign(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<T, ushort>(output), stream);
                }
                else
                {
                    var bytes = buffer.AsSpan(0, n * size);
                    ReadExactly(handle, bytes, offset + start * size);
                    Convert(bytes, output, Bitpix, bscale, bzero, blank, stream);
                }
            }
            catch (Exception e) { failure ??= e; }
            return buffer;
        }, _ => { });
        if (failure is not null)
            throw new FitsException($"cannot read the pixels of the image of shape ({string.Join(", ", Shape)})", Location, inner: failure);
        return true;
    }

    /// <summary>Whether CFITSIO's reading of BSCALE, BZERO and BLANK gives the values we would apply.</summary>
    unsafe bool SameScalingAsCfitsio(nint h, double bscale, double bzero, long? blank)
    {
        static bool Same(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));
        int status = 0;
        double v;
        Cfitsio.ffgky(h, Cfitsio.TDOUBLE, "BSCALE", &v, 0, ref status);
        var ok = status == 0 ? Same(v, bscale) : bscale == 1.0 && !Header.Contains("BSCALE");
        status = 0;
        Cfitsio.ffgky(h, Cfitsio.TDOUBLE, "BZERO", &v, 0, ref status);
        ok &= status == 0 ? Same(v, bzero) : bzero == 0.0 && !Header.Contains("BZERO");
        if (Bitpix > 0)
        {
            status = 0;
            long b;
            Cfitsio.ffgky(h, Cfitsio.TLONGLONG, "BLANK", &b, 0, ref status);
            ok &= status == 0 ? blank == b : blank is null && !Header.Contains("BLANK");
        }
        Cfitsio.ffcmsg();
        return ok;
    }

    /// <summary>
    /// What CFITSIO does to IEEE floats when it checks for nulls (every scaled or float read here):
    /// an all-ones exponent (NaN or ±Inf) becomes NaN, an all-zeros exponent (±0 and denormals)
    /// becomes +0 (BZERO once scaled).
    /// </summary>
    static void FlushLikeCfitsio(Span<float> values)
    {
        var bits = MemoryMarshal.Cast<float, int>(values);
        int i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            var mask = System.Runtime.Intrinsics.Vector256.Create(0x7F800000);
            var nan = System.Runtime.Intrinsics.Vector256.Create(BitConverter.SingleToInt32Bits(float.NaN));
            var zero = System.Runtime.Intrinsics.Vector256<int>.Zero;
            for (; i + 8 <= bits.Length; i += 8)
            {
                var v = System.Runtime.Intrinsics.Vector256.Create<int>(bits.Slice(i, 8));
                var e = v & mask;
                var isZero = System.Runtime.Intrinsics.Vector256.Equals(e, zero);
                var isNaN = System.Runtime.Intrinsics.Vector256.Equals(e, mask);
                if ((isZero | isNaN) == zero) continue;
                v = System.Runtime.Intrinsics.Vector256.ConditionalSelect(isZero, zero, v);
                v = System.Runtime.Intrinsics.Vector256.ConditionalSelect(isNaN, nan, v);
                System.Runtime.Intrinsics.Vector256.CopyTo(v, bits.Slice(i, 8));
            }
        }
        for (; i < bits.Length; i++)
        {
            var e = bits[i] & 0x7F800000;
            if (e == 0) bits[i] = 0;
            else if (e == 0x7F800000) values[i] = float.NaN;
        }
    }

    static void FlushLikeCfitsio(Span<double> values)
    {
        var bits = MemoryMarshal.Cast<double, long>(values);
        for (int i = 0; i < bits.Length; i++)
        {
            var e = bits[i] & 0x7FF0000000000000;
            if (e == 0) bits[i] = 0;
            else if (e == 0x7FF0000000000000) values[i] = double.NaN;
        }
    }

    static void SwapInPlace(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2: { var s = MemoryMarshal.Cast<byte, short>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 4: { var s = MemoryMarshal.Cast<byte, int>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 8: { var s = MemoryMarshal.Cast<byte, long>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
        }
    }

    /// <summary>Big-endian int16 with BZERO 32768 → uint16 in one pass: swap the bytes, flip the sign bit.</summary>
    static unsafe void SwapAndFlipSign(ReadOnlySpan<ushort> input, Span<ushort> output, bool stream)
    {
        int i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            var flip = System.Runtime.Intrinsics.Vector256.Create((ushort)0x8000);
            fixed (ushort* src = input)
            fixed (ushort* dst = output)
            {
                if (stream)
                    for (; i < input.Length && ((nint)(dst + i) & 31) != 0; i++)
                        dst[i] = (ushort)(BinaryPrimitives.ReverseEndianness(src[i]) ^ 0x8000);
                for (; i + 16 <= input.Length; i += 16)
                {
                    var v = System.Runtime.Intrinsics.Vector256.Load(src + i);
                    var r = (System.Runtime.Intrinsics.Vector256.ShiftLeft(v, 8) | System.Runtime.Intrinsics.Vector256.ShiftRightLogical(v, 8)) ^ flip;
                    if (stream) System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(dst + i, r);
                    else System.Runtime.Intrinsics.Vector256.Store(r, dst + i);
                }
            }
        }
        for (; i < input.Length; i++) output[i] = (ushort)(BinaryPrimitives.ReverseEndianness(input[i]) ^ 0x8000);
        if (stream) NotebookLib.IO.StreamingStores.Fence();
    }

    /// <summary>int16 → float32 plus an integer offset, eight at a time (exact: all results are below 2^24).</summary>
    static unsafe void ShortToFloat(ReadOnlySpan<short> input, Span<float> output, float offset, bool stream)
    {
        int i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            var off = System.Runtime.Intrinsics.Vector256.Create(offset);
            fixed (short* src = input)
            fixed (float* dst = output)
            {
                if (stream)
                    for (; i < input.Length && ((nint)(dst + i) & 31) != 0; i++) dst[i] = src[i] + offset;
                for (; i + 16 <= input.Length; i += 16)
                {
                    var (lo, hi) = System.Runtime.Intrinsics.Vector256.Widen(System.Runtime.Intrinsics.Vector256.Load(src + i));
                    var a = System.Runtime.Intrinsics.Vector256.ConvertToSingle(lo) + off;
                    var b = System.Runtime.Intrinsics.Vector256.ConvertToSingle(hi) + off;
                    if (stream)
                    {
                        System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(dst + i, a);
                        System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(dst + i + 8, b);
                    }
                    else
                    {
                        System.Runtime.Intrinsics.Vector256.Store(a, dst + i);
                        System.Runtime.Intrinsics.Vector256.Store(b, dst + i + 8);
                    }
                }
            }
        }
        for (; i < input.Length; i++) output[i] = input[i] + offset;
        if (stream) NotebookLib.IO.StreamingStores.Fence();
    }

    static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> bytes, long offset)
    {
        while (bytes.Length > 0)
        {
            int got = RandomAccess.Read(handle, bytes, offset);
            if (got <= 0) throw new EndOfStreamException($"the file ends before byte {offset + bytes.Length}");
            bytes = bytes[got..];
            offset += got;
        }
    }

    /// <summary>Big-endian stored values → T, with scaling and BLANK as CFITSIO applies them.</summary>
    static void Convert<T>(Span<byte> bytes, Span<T> output, int bitpix, double bscale, double bzero, long? blank, bool stream) where T : unmanaged
    {
        switch (bitpix)
        {
            case 8: Scale(bytes, output, bscale, bzero, blank); break;
            case 16: { var s = MemoryMarshal.Cast<byte, short>(bytes); BinaryPrimitives.ReverseEndianness(s, s); Scale(s, output, bscale, bzero, blank, stream); break; }
            case 32: { var s = MemoryMarshal.Cast<byte, int>(bytes); BinaryPrimitives.ReverseEndianness(s, s); Scale(s, output, bscale, bzero, blank); break; }
            case 64: { var s = MemoryMarshal.Cast<byte, long>(bytes); BinaryPrimitives.ReverseEndianness(s, s); Scale(s, output, bscale, bzero, blank); break; }
            case -32:
            {
                // Flushed before scaling: CFITSIO tests the stored value (a flushed one becomes BZERO).
                var s = MemoryMarshal.Cast<byte, int>(bytes); BinaryPrimitives.ReverseEndianness(s, s);
                FlushLikeCfitsio(MemoryMarshal.Cast<int, float>(s));
                Scale(MemoryMarshal.Cast<int, float>(s), output, bscale, bzero, null); break;
            }
            case -64:
            {
                var s = MemoryMarshal.Cast<byte, long>(bytes); BinaryPrimitives.ReverseEndianness(s, s);
                FlushLikeCfitsio(MemoryMarshal.Cast<long, double>(s));
                Scale(MemoryMarshal.Cast<long, double>(s), output, bscale, bzero, null); break;
            }
            default: throw new InvalidDataException($"unsupported BITPIX {bitpix}");
        }
    }

    static void Scale<TIn, T>(ReadOnlySpan<TIn> input, Span<T> output, double bscale, double bzero, long? blank, bool stream = false)
        where TIn : unmanaged, System.Numerics.INumberBase<TIn> where T : unmanaged
    {
        bool identity = bscale == 1.0 && bzero == 0.0;
        if (typeof(T) == typeof(float))
        {
            var o = MemoryMarshal.Cast<T, float>(output);
            if (identity && typeof(TIn) == typeof(float)) MemoryMarshal.Cast<TIn, float>(input).CopyTo(o);
            else if (bscale == 1.0 && typeof(TIn) == typeof(short) && blank is null && Math.Abs(bzero) <= 65536 && bzero == Math.Floor(bzero))
                // Exact in float: |stored + BZERO| < 2^24, so float arithmetic equals CFITSIO's double one.
                ShortToFloat(MemoryMarshal.Cast<TIn, short>(input), o, (float)bzero, stream);
            else for (int i = 0; i < o.Length; i++)
            {
                var v = double.CreateTruncating(input[i]);
                o[i] = blank is long bl && v == bl ? float.NaN : (float)(v * bscale + bzero);
            }
        }
        else if (typeof(T) == typeof(double))
        {
            var o = MemoryMarshal.Cast<T, double>(output);
            for (int i = 0; i < o.Length; i++)
            {
                var v = double.CreateTruncating(input[i]);
                o[i] = blank is long bl && v == bl ? double.NaN : v * bscale + bzero;
            }
        }
        else if (typeof(T) == typeof(ushort))
        {
            // BITPIX 16 with BZERO 32768: flipping the sign bit is adding 32768.
            var o = MemoryMarshal.Cast<T, ushort>(output);
            System.Numerics.Tensors.TensorPrimitives.Xor(MemoryMarshal.Cast<TIn, ushort>(input), (ushort)0x8000, o);
        }
        else MemoryMarshal.Cast<TIn, T>(input).CopyTo(output); // same type, no scaling
    }
}
