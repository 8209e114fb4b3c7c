using System.Reflection;
using System.Runtime.InteropServices;

namespace NotebookLib.Explorer;

/// <summary>
/// Finds SQLite's native library (e_sqlite3, from SQLitePCLRaw.bundle_e_sqlite3) beside this assembly when
/// the host did not: an application's deps.json names runtimes/&lt;rid&gt;/native/ for it, but a notebook that
/// #r's NotebookLib.Explorer.dll runs in a host (our runner, .NET Interactive) whose deps.json does not.
/// </summary>
internal static class SqliteNative
{
    static int registered;

    public static void EnsureResolvable()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        try { NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, Resolve); }
        catch (InvalidOperationException) { }   // someone set one already: theirs stands
    }

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? paths)
    {
        if (name != "e_sqlite3") return IntPtr.Zero;
        if (NativeLibrary.TryLoad(name, assembly, paths, out var handle)) return handle;
        var dir = Path.GetDirectoryName(typeof(SqliteNative).Assembly.Location) ?? AppContext.BaseDirectory;
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var (os, file) = OperatingSystem.IsWindows() ? ("win", "e_sqlite3.dll")
                       : OperatingSystem.IsMacOS() ? ("osx", "libe_sqlite3.dylib")
                       : ("linux", "libe_sqlite3.so");
        foreach (var candidate in new[] { Path.Combine(dir, "runtimes", $"{os}-{arch}", "native", file), Path.Combine(dir, file) })
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle)) return handle;
        return IntPtr.Zero;
    }
}
