using NotebookLib.Configuration;

namespace NotebookLib.Torch;

/// <summary>
/// A device as libtorch names it: "cpu", "cuda", "cuda:1" (names are parsed by
/// <see cref="DeviceName"/>, the same parser that checks environment.json).
/// <para>The device policy, the one place that decides where work runs when the caller names no device:
/// estimators, <c>Trainer</c> and <c>CoTeaching</c> run on <see cref="Default"/> — runtime.device of
/// environment.json or NOTEBOOKLIB_DEVICE, where "auto" is cuda when libtorch sees a GPU — through
/// <see cref="Resolve"/>; inference on a model (reconstruction, latents, saliency) runs where the model's
/// parameters are; tensors made by the <c>torch</c> factories and read from safetensors are CPU tensors,
/// as in PyTorch, until moved with <c>.to(device)</c>.</para>
/// </summary>
public sealed record Device(string Name)
{
    public static readonly Device CPU = new("cpu");
    public static readonly Device CUDA = new("cuda");

    public bool IsCuda => Name.StartsWith("cuda", StringComparison.Ordinal);

    /// <summary>Parses "cpu", "cuda[:n]" or "auto".</summary>
    public static Device Parse(string name)
    {
        DeviceName.Check(name);
        if (name == "auto") return CudaDriverPresent && torch.cuda.is_available() ? CUDA : CPU;
        return name == "cpu" ? CPU : name == "cuda" ? CUDA : new Device(name);
    }

    /// <summary>Without NVIDIA's driver (on Linux: /dev/nvidiactl or /proc/driver/nvidia) CUDA cannot be available. Asking
    /// that first spares loading libtorch (0.13 GB of code) into a process whose work runs without it on the CPU (k-means,
    /// Isolation Forest), as scikit-learn's process never loads PyTorch.</summary>
    internal static bool CudaDriverPresent => !OperatingSystem.IsLinux() || File.Exists("/dev/nvidiactl") || Directory.Exists("/proc/driver/nvidia");

    /// <summary>The device the environment names (environment.json runtime.device or NOTEBOOKLIB_DEVICE).</summary>
    public static Device Default => Parse(EnvironmentSettings.Current.Device);

    /// <summary>The device to run on: <paramref name="device"/> when given, else <see cref="Default"/>.</summary>
    public static Device Resolve(Device? device) => device ?? Default;

    public static implicit operator Device(string name) => Parse(name);
    public override string ToString() => Name;
}
