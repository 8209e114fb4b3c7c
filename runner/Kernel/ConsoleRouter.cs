using System.Text;

namespace NotebookLib.Kernel;

/// <summary>Routes Console.Out and Console.Error to the running cell (KernelContext.Current) so that
/// printed text lands in the cell's outputs in order with its displays; outside a cell the text goes
/// to the process's own console as before. Installed once per process.</summary>
internal static class ConsoleRouter
{
    static int installed;
    public static TextWriter OriginalOut { get; private set; } = Console.Out;
    public static TextWriter OriginalError { get; private set; } = Console.Error;

    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        OriginalOut = Console.Out;
        OriginalError = Console.Error;
        Console.SetOut(new RoutingWriter("stdout", OriginalOut));
        Console.SetError(new RoutingWriter("stderr", OriginalError));
    }

    sealed class RoutingWriter(string stream, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (KernelContext.Current is { } cell) cell.WriteStream(stream, value);
            else fallback.Write(value);
        }

        public override void Flush()
        {
            if (KernelContext.Current is null) fallback.Flush();
        }
    }
}
