namespace NotebookLib.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is open and frees their native memory
/// when disposed, as TorchSharp's NewDisposeScope: `using (torch.NewDisposeScope()) { ... }` in a
/// training loop keeps memory flat. Tensors to keep are moved out with MoveToOuter / Detach.
/// Module parameters never belong to a scope.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] static DisposeScope? current;
    readonly DisposeScope? outer;
    readonly List<Tensor> tensors = [];
    bool disposed;

    internal DisposeScope() { outer = current; current = this; }

    internal static DisposeScope? Current => current;

    /// <summary>How many tensors this scope will free.</summary>
    public int Count => tensors.Count(t => t.Scope == this && !t.IsDisposed);

    internal void Add(Tensor t) { tensors.Add(t); t.Scope = this; }

    /// <summary>Hands a tensor to the enclosing scope (or to none), so it outlives this one.</summary>
    public Tensor MoveToOuter(Tensor t)
    {
        if (t.Scope != this) return t;
        t.Scope = null;
        outer?.Add(t);
        return t;
    }

    /// <summary>Takes a tensor out of every scope: the caller (or the finalizer) frees it.</summary>
    public static Tensor Detach(Tensor t) { t.Scope = null; return t; }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in tensors)
            if (t.Scope == this) t.Dispose();
        tensors.Clear();
        // Scopes close in order; one disposed out of order still restores its outer scope.
        if (current == this) current = outer;
    }
}
