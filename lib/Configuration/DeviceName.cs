using System.Globalization;

namespace NotebookLib.Configuration;

/// <summary>
/// The one parser of device names, for environment.json's runtime.device, NOTEBOOKLIB_DEVICE, the
/// runner's device parameter and every device argument of the library: "cpu", "cuda", "cuda:N"
/// (the N-th GPU, as libtorch numbers them) or "auto" (cuda when libtorch sees a GPU, else cpu).
/// </summary>
public static class DeviceName
{
    public const string Expected = "cpu, cuda, cuda:N or auto";

    public static bool IsValid(string? name) =>
        name is "cpu" or "cuda" or "auto"
        || (name is not null && name.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _));

    /// <summary>Returns <paramref name="name"/> when it is a device name; otherwise throws an
    /// ArgumentException that says where the bad name came from.</summary>
    public static string Check(string? name, string source = "device") =>
        IsValid(name) ? name! : throw new ArgumentException($"{source} must be {Expected}, not '{name}'");
}
