using System.Text.Json;

namespace NotebookLib.Kernel;

/// <summary>
/// The language of a C# cell in the real .NET Interactive kernel: the namespaces it imports, the classes
/// it imports statically, and its magic commands, as that kernel reports them about itself (the
/// embedded dotnet-interactive-csharp.json, checked against the pinned dotnet tool by a test). The
/// runner takes its defaults from here, so a notebook that compiles in one compiles in the other.
/// </summary>
public sealed record KernelLanguage(
    string Kernel,
    IReadOnlyList<string> Imports,
    IReadOnlyList<string> StaticImports,
    [property: System.Text.Json.Serialization.JsonPropertyName("csharpDirectives")] IReadOnlyList<string> CSharpDirectives,
    IReadOnlyList<string> CompositeDirectives)
{
    public const string ResourceName = "NotebookLib.Kernel.dotnet-interactive-csharp.json";

    static readonly JsonSerializerOptions json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The real kernel's, as recorded in the runner.</summary>
    public static KernelLanguage DotNetInteractive { get; } = Load();

    /// <summary>Every magic command a C# cell may start a line with in the real kernel.</summary>
    public IEnumerable<string> Directives => CSharpDirectives.Concat(CompositeDirectives).Distinct(StringComparer.Ordinal);

    public static KernelLanguage Parse(string text) =>
        JsonSerializer.Deserialize<KernelLanguage>(text, json) ?? throw new FormatException("the kernel language JSON is empty");

    static KernelLanguage Load()
    {
        using var stream = typeof(KernelLanguage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the runner was built without its {ResourceName} resource");
        return Parse(new StreamReader(stream).ReadToEnd());
    }
}
