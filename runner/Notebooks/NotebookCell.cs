using System.Text.Json.Nodes;

namespace NotebookLib.Notebooks;

public enum CellType { Code, Markdown, Raw }

/// <summary>A notebook cell: source, metadata (tags, the Polyglot kernel name, timing), and for
/// code cells its outputs and execution count.</summary>
public sealed class NotebookCell
{
    public NotebookCell(CellType type, string source, string? id = null, JsonObject? metadata = null)
    {
        Type = type;
        Source = source;
        Id = id ?? NewId();
        Metadata = metadata ?? new JsonObject();
    }

    public CellType Type { get; set; }
    /// <summary>nbformat 4.5 cell id: 1–64 letters, digits, '-' or '_'.</summary>
    public string Id { get; set; }
    public string Source { get; set; }
    public JsonObject Metadata { get; }
    public List<CellOutput> Outputs { get; } = new();
    public int? ExecutionCount { get; set; }

    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray a ? a.Select(t => (string?)t ?? "").ToList() : [];

    public bool HasTag(string tag) => Tags.Contains(tag);

    public void AddTag(string tag)
    {
        if (Metadata["tags"] is not JsonArray a) Metadata["tags"] = a = new JsonArray();
        if (!a.Any(t => (string?)t == tag)) a.Add(tag);
    }

    /// <summary>The cell's kernel language as Polyglot Notebooks records it (csharp, fsharp,
    /// markdown, …); "csharp" for a code cell that names none.</summary>
    public string KernelName =>
        (string?)Metadata["polyglot_notebook"]?["kernelName"]
        ?? (string?)Metadata["dotnet_interactive"]?["language"]
        ?? (Type == CellType.Markdown ? "markdown" : "csharp");

    public static NotebookCell Code(string source, params string[] tags)
    {
        var cell = new NotebookCell(CellType.Code, source, metadata: PolyglotMetadata.CodeCell());
        foreach (var t in tags) cell.AddTag(t);
        return cell;
    }

    public static NotebookCell Markdown(string source) => new(CellType.Markdown, source);

    internal static string NewId() => Guid.NewGuid().ToString("N")[..12];

    internal static bool IsValidId(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public override string ToString() => $"{Type} cell {Id}: {Source.Split('\n')[0]}";
}
