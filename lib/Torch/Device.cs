using NotebookLib.Configuration;

namespace NotebookLib.Torch;

/// <summary>A device as libtorch names it: "cpu", "cuda", "cuda:1". "auto" resolves to cuda when
/// libtorch sees a GPU, else cpu (EnvironmentSettings.Device defaults to auto).</summary>
public sealed record Device(string Name)
{
    public static readonly Device CPU = new("cpu");
    public static readonly Device CUDA = new("cuda");

    public bool IsCuda => Name.StartsWith("cuda", StringComparison.Ordinal);

    /// <summary>Parses "cpu", "cuda[:n]" or "auto".</summary>
    public static Device Parse(string name)
    {
        if (name == "auto") return torch.cuda.is_available() ? CUDA : CPU;
        if (name == "cpu" || name == "cuda" || (name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name.AsSpan(5), out _)))
            return new Device(name);
        throw new ArgumentException($"device must be cpu, cuda, cuda:N or auto, not '{name}'");
    }

    /// <summary>The device EnvironmentSettings names (environment.json runtime.device or NOTEBOOKLIB_DEVICE).</summary>
    public static Device Default => Parse(EnvironmentSettings.Current.Device);

    public static implicit operator Device(string name) => Parse(name);
    public override string ToString() => Name;
}
