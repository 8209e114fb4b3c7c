namespace NotebookLib.Tests.Support;

/// <summary>Leak checks count process-wide objects (Tensor.LiveCount). Tensors that earlier tests dropped
/// are freed by their finalizers whenever the GC gets to them, also in the middle of a check, so a check
/// runs them all before it takes its first count.</summary>
public static class Finalizers
{
    /// <summary>Collects and waits for the finalizers, twice: objects that the first round's finalizers
    /// release are only collected in the second.</summary>
    public static void RunAll()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
