using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookLib.IO;

/// <summary>
/// Writing large fresh outputs (patch batches, label images) with non-temporal stores. A normal store
/// first reads the destination line into the cache (read-for-ownership), so copying N bytes into a new
/// array moves 3N bytes through memory; streaming stores move 2N, which measured twice as fast for a
/// 16 MB copy here. The output is built in a small cache-resident buffer, then streamed out.
/// </summary>
internal static class StreamingStores
{
    /// <summary>Outputs below this size stay in the caches anyway, and the next step reads them from there.</summary>
    const long MinBytes = 4L << 20;

    public static bool Worthwhile(long bytes) => Avx.IsSupported && bytes >= MinBytes;

    /// <summary>Copies <paramref name="bytes"/> (a multiple of 4) from a cache-resident buffer to
    /// <paramref name="dst"/>, the 32-byte-aligned middle with streaming stores. Callers end their
    /// work with <see cref="Fence"/> so that other threads see the data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Copy(byte* src, byte* dst, long bytes)
    {
        long head = Math.Min(bytes, (32 - ((nint)dst & 31)) & 31);
        Buffer.MemoryCopy(src, dst, head, head);
        src += head; dst += head; bytes -= head;
        for (; bytes >= 128; bytes -= 128, src += 128, dst += 128)
        {
            Avx.StoreAlignedNonTemporal(dst, Vector256.Load(src));
            Avx.StoreAlignedNonTemporal(dst + 32, Vector256.Load(src + 32));
            Avx.StoreAlignedNonTemporal(dst + 64, Vector256.Load(src + 64));
            Avx.StoreAlignedNonTemporal(dst + 96, Vector256.Load(src + 96));
        }
        for (; bytes >= 32; bytes -= 32, src += 32, dst += 32)
            Avx.StoreAlignedNonTemporal(dst, Vector256.Load(src));
        Buffer.MemoryCopy(src, dst, bytes, bytes);
    }

    /// <summary>Streaming stores are weakly ordered: make them visible before the work is handed back.</summary>
    public static void Fence()
    {
        if (Sse.IsSupported) Sse.StoreFence();
    }
}
