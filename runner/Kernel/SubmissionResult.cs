namespace NotebookLib.Kernel;

public enum SubmissionStatus { Succeeded, CompilationFailed, Failed, TimedOut }

/// <summary>What one cell's execution came to. Diagnostics are "line L, column C: error CSxxxx: …"
/// relative to the cell's own source.</summary>
public sealed record SubmissionResult(
    SubmissionStatus Status,
    bool HasReturnValue = false,
    object? ReturnValue = null,
    Exception? Exception = null,
    IReadOnlyList<string>? Diagnostics = null,
    int? ErrorLine = null)
{
    public bool Succeeded => Status == SubmissionStatus.Succeeded;
}
