using System.Reflection;

namespace NotebookLib.Torch;

/// <summary>
/// PyTorch's nn.Module: owns named parameters, buffers and sub-modules, switches between train
/// and eval, moves to a device or dtype, and round-trips its state dict (safetensors). Subclass
/// <see cref="Module{TIn, TOut}"/> and write forward(); register parts with register_module /
/// register_parameter, or declare them as fields and call RegisterComponents() once.
/// </summary>
public abstract class Module : IDisposable
{
    readonly List<(string name, Parameter? value)> ownParameters = [];
    readonly List<(string name, Tensor? value)> ownBuffers = [];
    readonly List<(string name, Module value)> modules = [];
    bool disposed;

    protected Module(string? name = null) => torch.Initialize();

    /// <summary>True after train() (the default), false after eval(): Dropout and BatchNorm read it.</summary>
    public bool training { get; private set; } = true;

    // ---- registration
    public void register_parameter(string name, Parameter? parameter) => Set(ownParameters, name, parameter);
    public void register_buffer(string name, Tensor? buffer)
    {
        buffer?.DetachFromDisposeScope();
        Set(ownBuffers, name, buffer);
    }
    public void register_module(string name, Module module) => Set(modules, name, module);

    static void Set<T>(List<(string name, T value)> list, string name, T value)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"a parameter, buffer or module name must be non-empty without '.', not '{name}'");
        var i = list.FindIndex(e => e.name == name);
        if (i >= 0) list[i] = (name, value);
        else list.Add((name, value));
    }

    /// <summary>Registers the fields of this object that hold modules, parameters or tensors
    /// (buffers), under their field names (a leading '_' dropped), in declaration order.</summary>
    protected void RegisterComponents()
    {
        for (var type = GetType(); type is not null && type != typeof(Module); type = type.BaseType)
        {
            foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (f.Name.Contains('<')) continue; // compiler-generated (e.g. primary constructor captures)
                var name = f.Name.TrimStart('_');
                switch (f.GetValue(this))
                {
                    case Module m when !modules.Any(e => ReferenceEquals(e.value, m)): register_module(name, m); break;
                    case Parameter p when !ownParameters.Any(e => ReferenceEquals(e.value, p)): register_parameter(name, p); break;
                    case Tensor t and not Parameter when !ownBuffers.Any(e => ReferenceEquals(e.value, t)): register_buffer(name, t); break;
                }
            }
        }
    }

    // ---- traversal
    public IEnumerable<(string name, Module module)> named_children() => modules.Select(e => (e.name, e.value));
    public IEnumerable<Module> children() => modules.Select(e => e.value);
    /// <summary>This module (name "") and all its descendants, with dotted names.</summary>
    public IEnumerable<(string name, Module module)> named_modules(string prefix = "")
    {
        ThrowIfDisposed();
        yield return (prefix, this);
        foreach (var (name, m) in modules)
            foreach (var d in m.named_modules(prefix.Length == 0 ? name : prefix + "." + name))
                yield return d;
    }
    public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
    {
        foreach (var (prefix, m) in recurse ? named_modules() : [("", this)])
            foreach (var (name, p) in m.ownParameters)
                if (p is not null) yield return (prefix.Length == 0 ? name : prefix + "." + name, p);
    }
    public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(e => e.parameter);
    public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
    {
        foreach (var (prefix, m) in recurse ? named_modules() : [("", this)])
            foreach (var (name, b) in m.ownBuffers)
                if (b is not null) yield return (prefix.Length == 0 ? name : prefix + "." + name, b);
    }
    public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(e => e.buffer);

    /// <summary>Number of parameter elements (all, or only those that require grad).</summary>
    public long parameter_count(bool trainable_only = false) =>
        parameters().Where(p => !trainable_only || p.requires_grad).Sum(p => p.numel());

    // ---- modes, devices, gradients
    public virtual Module train(bool on = true)
    {
        foreach (var (_, m) in named_modules()) m.training = on;
        return this;
    }
    public Module eval() => train(false);

    /// <summary>Moves parameters and buffers in place (their identity stays, so optimisers keep working).</summary>
    public Module to(Device device) => Apply(t => t.to(device));
    public Module to(string device) => to(Device.Parse(device));
    public Module to(ScalarType dtype) => Apply(t => t.dtype.IsFloatingPoint() ? t.to(dtype) : t.alias());
    public Module cpu() => to(Device.CPU);
    public Module cuda() => to(Device.CUDA);

    Module Apply(Func<Tensor, Tensor> convert)
    {
        using var _ = torch.no_grad();
        foreach (var t in parameters().Cast<Tensor>().Concat(buffers()))
        {
            using var moved = convert(t);
            t.SetData(moved);
        }
        return this;
    }

    /// <summary>Sets every parameter's gradient to None.</summary>
    public void zero_grad()
    {
        foreach (var p in parameters()) p.zero_grad();
    }

    // ---- state
    /// <summary>Parameters and buffers by dotted name, as PyTorch's state_dict (the module's own tensors, not copies).</summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var d = new Dictionary<string, Tensor>();
        foreach (var (n, p) in named_parameters()) d[n] = p;
        foreach (var (n, b) in named_buffers()) d[n] = b;
        return d;
    }

    /// <summary>Copies values into the parameters and buffers. strict: every name must match both ways;
    /// shapes must always match. Returns the names missing from the dict and those not in the module.</summary>
    public (IReadOnlyList<string> missing, IReadOnlyList<string> unexpected) load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
    {
        var own = state_dict();
        var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new ArgumentException($"state dict does not match {GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        using var _ = torch.no_grad();
        foreach (var (name, target) in own)
        {
            if (!source.TryGetValue(name, out var value)) continue;
            if (!value.shape.SequenceEqual(target.shape))
                throw new ArgumentException($"state dict entry '{name}' has shape {Shapes.Format(value.shape)}, the module's has {Shapes.Format(target.shape)}");
            target.copy_(value);
        }
        return (missing, unexpected);
    }

    /// <summary>Writes the state dict to a safetensors file (readable by safetensors / PyTorch).</summary>
    public Module save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Safetensors.Save(path, state_dict(), metadata);
        return this;
    }

    /// <summary>Reads a safetensors state dict into this module (strict by default).</summary>
    public Module load(string path, bool strict = true)
    {
        using var scope = torch.NewDisposeScope();
        load_state_dict(Safetensors.Load(path), strict);
        return this;
    }

    /// <summary>Keras-like table of the leaf layers: output shape for an input of inputShape (batch
    /// included, e.g. summary(1, 1, 136, 136)), and parameters. Without a shape: layers and parameters only.</summary>
    public ModelSummary summary(params long[] inputShape) => ModelSummary.Of(this, inputShape.Length == 0 ? null : inputShape);
    /// <summary>The summary counting batch normalisation's running statistics as non-trainable parameters, as Keras' model.summary() does.</summary>
    public ModelSummary summary(long[] inputShape, bool runningStatistics) => ModelSummary.Of(this, inputShape.Length == 0 ? null : inputShape, runningStatistics);

    public override string ToString() => disposed ? $"{GetType().Name} (disposed)" : ModelSummary.Of(this, null).ToString();

    /// <summary>Every use of a disposed module (forward, parameters, train, to, state_dict, …) throws
    /// ObjectDisposedException naming it: its tensors are gone.</summary>
    protected void ThrowIfDisposed()
    {
        if (disposed) throw new ObjectDisposedException(GetType().Name, $"this {GetType().Name} module was disposed");
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var (_, p) in ownParameters) p?.Dispose();
        foreach (var (_, b) in ownBuffers) b?.Dispose();
        foreach (var (_, m) in modules) m.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A module with one input: forward(x) holds the computation, call(x) runs it.</summary>
public abstract class Module<TIn, TOut> : Module
{
    protected Module(string? name = null) : base(name) { }
    public abstract TOut forward(TIn input);
    public TOut call(TIn input)
    {
        ThrowIfDisposed();
        var output = forward(input);
        SummaryRecorder.Current?.Record(this, output);
        return output;
    }
}

/// <summary>A module with two inputs, such as a loss: forward(input, target).</summary>
public abstract class Module<TIn1, TIn2, TOut> : Module
{
    protected Module(string? name = null) : base(name) { }
    public abstract TOut forward(TIn1 input1, TIn2 input2);
    public TOut call(TIn1 input1, TIn2 input2)
    {
        ThrowIfDisposed();
        return forward(input1, input2);
    }
}
