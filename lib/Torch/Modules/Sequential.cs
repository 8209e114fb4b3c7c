namespace NotebookLib.Torch.Modules;

/// <summary>Runs its layers in order; they are named "0", "1", ... (or as given), as in PyTorch.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    readonly List<Module<Tensor, Tensor>> layers = [];

    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var m in modules) append(m);
    }

    public Sequential(params (string name, Module<Tensor, Tensor> module)[] modules)
    {
        foreach (var (name, m) in modules) { register_module(name, m); layers.Add(m); }
    }

    public Sequential append(Module<Tensor, Tensor> module)
    {
        register_module(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    public int Count => layers.Count;
    public Module<Tensor, Tensor> this[int index] => layers[index];

    public override Tensor forward(Tensor input)
    {
        // Intermediate results are freed as soon as the next layer has consumed them
        // (autograd keeps what it needs itself).
        var x = input;
        foreach (var layer in layers)
        {
            var y = layer.call(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = y;
        }
        return ReferenceEquals(x, input) ? input.alias() : x;
    }
}

/// <summary>Holds sub-modules by index ("0", "1", ...) so that their parameters register, without a
/// forward of its own (PyTorch's nn.ModuleList: e.g. the blocks of a ResNet stage).</summary>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    readonly List<Module> items = [];

    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules) append(m);
    }

    public ModuleList append(Module module)
    {
        register_module(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        items.Add(module);
        return this;
    }

    public int Count => items.Count;
    public Module this[int index] => items[index];
    public IEnumerator<Module> GetEnumerator() => items.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => items.GetEnumerator();
}
