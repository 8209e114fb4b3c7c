namespace NotebookLib.Display;

/// <summary>
/// The output of the cell running on this logical thread of execution, or null outside a notebook.
/// Library code that wants to show something live (progress, figures) asks here: inside a
/// notebook it displays and updates; elsewhere it falls back to the console. The cell is our runner's
/// when it runs one, otherwise the real .NET Interactive kernel's (VS Code, Jupyter) when the library
/// was loaded into it.
/// An AsyncLocal, so that two notebooks executing side by side (as tests do) keep their outputs apart
/// and work started by a cell (tasks, Parallel.For) still reports to that cell.
/// </summary>
public static class KernelContext
{
    static readonly AsyncLocal<IKernelOutput?> current = new();

    public static IKernelOutput? Current => current.Value ?? InteractiveKernelOutput.Current();

    public static bool InNotebook => Current is not null;

    /// <summary>Makes <paramref name="output"/> current until the returned scope is disposed.</summary>
    public static IDisposable Enter(IKernelOutput output)
    {
        var previous = current.Value;
        current.Value = output;
        return new Scope(() => current.Value = previous);
    }

    /// <summary>Raised when a new document (an executed notebook) starts, before its first cell: state that
    /// belongs to one document, such as "plotly.js already included", starts afresh.</summary>
    public static event Action? DocumentStarting;

    /// <summary>Called by a kernel host (the runner) when it starts a new document.</summary>
    public static void StartDocument() => DocumentStarting?.Invoke();

    sealed class Scope(Action exit) : IDisposable
    {
        public void Dispose() => exit();
    }
}
