using System.Runtime.InteropServices;

namespace NotebookLib.Fits;

/// <summary>
/// An open CFITSIO <c>fitsfile*</c>, closed exactly once: by whoever disposes it, or by its critical
/// finalizer when nobody did. One object owns it (a <see cref="FitsFile"/>, or the code that opened it
/// until that FitsFile exists), so a constructor that fails half-way disposes it and nothing closes it
/// again later (a second ffclos frees memory that may by then belong to another open file).
/// </summary>
internal sealed class CfitsioHandle : SafeHandle
{
    CfitsioHandle() : base(0, ownsHandle: true) { }

    internal static CfitsioHandle Own(nint fptr)
    {
        var h = new CfitsioHandle();
        h.SetHandle(fptr);
        return h;
    }

    /// <summary>Like <see cref="Own(nint)"/>, for a file CFITSIO reads from <paramref name="memory"/> (native memory
    /// from NativeMemory.Alloc), which is freed after the file is closed.</summary>
    internal static CfitsioHandle Own(nint fptr, nint memory)
    {
        var h = Own(fptr);
        h.memory = memory;
        return h;
    }

    nint memory;

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer for a CFITSIO call; the caller holds the file's lock, under which
    /// the handle cannot be disposed.</summary>
    internal nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, typeof(FitsFile));
            return handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        int status = 0;
        Cfitsio.ffclos(handle, ref status);
        if (status != 0) Cfitsio.Describe(status); // clears CFITSIO's message stack
        if (memory != 0) unsafe { NativeMemory.Free((void*)memory); }
        return true;
    }
}
