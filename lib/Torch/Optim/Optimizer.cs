namespace NotebookLib.Torch.Optim;

/// <summary>An optimiser over a module's parameters, running libtorch's own implementation
/// (the same update rules as PyTorch). step() after backward(); zero_grad() before the next.</summary>
public sealed class Optimizer : IDisposable
{
    IntPtr handle;
    readonly Parameter[] parameters;

    internal Optimizer(string name, IEnumerable<Parameter> parameters, Func<IntPtr[], IntPtr> create)
    {
        Name = name;
        this.parameters = parameters.ToArray();
        if (this.parameters.Length == 0) throw new ArgumentException($"{name} got an empty parameter list");
        handle = Native.Check(create(this.parameters.Select(p => p.Handle).ToArray()));
    }

    public string Name { get; }
    public IReadOnlyList<Parameter> Parameters => parameters;

    IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException($"{Name} optimizer", $"this {Name} optimizer was disposed");

    /// <summary>The handle, after checking that every parameter is still alive: libtorch keeps its
    /// own references, so stepping a disposed module's parameters would silently update tensors
    /// that nobody can see any more.</summary>
    IntPtr LiveHandle
    {
        get
        {
            var h = Handle;
            for (int i = 0; i < parameters.Length; i++)
                if (parameters[i].IsDisposed)
                    throw new ObjectDisposedException($"{Name} optimizer", $"parameter {i} of this {Name} optimizer was disposed (was its module disposed?)");
            return h;
        }
    }

    public void step() => Native.Check(Native.nbt_optim_step(LiveHandle));
    /// <summary>Sets the gradients to None (PyTorch's zero_grad(set_to_none=True)).</summary>
    public void zero_grad() => Native.Check(Native.nbt_optim_zero_grad(LiveHandle));

    /// <summary>The learning rate of every parameter group; schedulers change it.</summary>
    public double LearningRate
    {
        get => Native.nbt_optim_get_lr(Handle);
        set => Native.Check(Native.nbt_optim_set_lr(Handle, value > 0 ? value : throw new ArgumentException($"learning rate must be positive, not {value}")));
    }

    ~Optimizer() => Free();
    public void Dispose() { Free(); GC.SuppressFinalize(this); }
    void Free()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) Native.nbt_optim_free(h);
    }
}
