using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NotebookLib.Configuration;

namespace NotebookLib.Data;

/// <summary>Where a dataset comes from (data-manifests/*.json "origin").</summary>
public sealed record DataOrigin
{
    public required string Provider { get; init; }
    public string? Archive { get; init; }
    public string? Url { get; init; }
    public string? ProductType { get; init; }
    public string? Query { get; init; }
    public string? Telescope { get; init; }
    public string? Instrument { get; init; }
    public string? DebianPackage { get; init; }
    public string? DebianVersion { get; init; }
    public string? Generator { get; init; }
}

/// <summary>One file of a dataset: a download URL or an installed path, with size and SHA-256 where known.</summary>
public sealed record DataFile
{
    public required string Name { get; init; }
    public string? Url { get; init; }
    public string? Path { get; init; }
    public long? Size { get; init; }
    public string? Sha256 { get; init; }
    public string? Description { get; init; }
    public int[]? Shape { get; init; }
}

/// <summary>
/// A dataset's manifest (one JSON file in data-manifests/, checked against manifest.schema.json
/// beside it): what it is, where it comes from, its files, licence and citation.
/// </summary>
public sealed record DataManifest
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    /// <summary>"remote", "debian" or "synthetic".</summary>
    public required string Kind { get; init; }
    public required IReadOnlyList<string> Notebooks { get; init; }
    public required DataOrigin Origin { get; init; }
    public required string Licence { get; init; }
    public required string Citation { get; init; }
    public bool? Downloadable { get; init; }
    public string? Instructions { get; init; }
    public string? Fallback { get; init; }
    public IReadOnlyList<DataFile> Files { get; init; } = [];
    /// <summary>The manifest file this was read from.</summary>
    [JsonIgnore] public string? Source { get; init; }

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>The repository's data-manifests/ folder.</summary>
    public static string Folder => Path.Combine(EnvironmentSettings.Current.Root
        ?? throw new InvalidOperationException("environment.json was not found, so data-manifests/ cannot be located: run from the repository"), "data-manifests");

    /// <summary>Reads and validates a manifest against the schema beside it; errors name the file and each violation.</summary>
    public static DataManifest Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var schemaPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, "manifest.schema.json");
        if (!File.Exists(full)) throw new FileNotFoundException($"data manifest {full} does not exist", full);
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(full), documentOptions: new() { CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e) { throw new InvalidDataException($"data manifest {full}: not valid JSON: {e.Message}", e); }
        if (File.Exists(schemaPath))
        {
            var errors = JsonSchemaValidator.FromFile(schemaPath).Validate(node);
            if (errors.Count > 0)
                throw new InvalidDataException($"data manifest {full} does not follow {schemaPath}:\n  " + string.Join("\n  ", errors));
        }
        var m = node.Deserialize<DataManifest>(Json)! with { Source = full };
        var stem = System.IO.Path.GetFileNameWithoutExtension(full);
        if (m.Name != stem) throw new InvalidDataException($"data manifest {full}: name '{m.Name}' differs from the file name '{stem}'");
        return m;
    }

    /// <summary>The manifest called <paramref name="name"/> in data-manifests/.</summary>
    public static DataManifest Named(string name)
    {
        var path = Path.Combine(Folder, name + ".json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"no data manifest '{name}' in {Folder}; known: {string.Join(", ", Names())}", path);
        return Load(path);
    }

    public static IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(Folder, "*.json").Where(p => !p.EndsWith(".schema.json", StringComparison.Ordinal))
            .Select(p => System.IO.Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<DataManifest> All() => Names().Select(Named).ToList();

    /// <summary>Where a file of this dataset lives: its installed path, or the data cache folder.</summary>
    public string LocalPath(DataFile file, string? cache = null) =>
        file.Path ?? System.IO.Path.Combine(cache ?? EnvironmentSettings.Current.DataCache, Name, file.Name);

    public override string ToString() => $"{Name} ({Kind}): {Title}, {Files.Count} file(s); licence: {Licence}";
}
