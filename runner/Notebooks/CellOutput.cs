using System.Text.Json.Nodes;

namespace NotebookLib.Notebooks;

/// <summary>One output of a code cell, as nbformat 4 defines them.</summary>
public abstract record CellOutput
{
    public abstract string OutputType { get; }
}

/// <summary>Text written to stdout or stderr.</summary>
public sealed record StreamOutput(string Name, string Text) : CellOutput
{
    public override string OutputType => "stream";
}

/// <summary>A MIME bundle: display_data, or execute_result (the cell's last expression) when
/// <see cref="ExecutionCount"/> is set. Text MIME types hold strings; JSON MIME types hold JSON.</summary>
public sealed record DisplayOutput(JsonObject Data, JsonObject Metadata, string? DisplayId = null, int? ExecutionCount = null, bool IsResult = false) : CellOutput
{
    public override string OutputType => IsResult ? "execute_result" : "display_data";

    public string? Text(string mimeType) => Data[mimeType] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        var node => node.ToJsonString(),
    };
}

/// <summary>An exception or compilation failure; execution stopped at this cell.</summary>
public sealed record ErrorOutput(string EName, string EValue, IReadOnlyList<string> Traceback) : CellOutput
{
    public override string OutputType => "error";
}

/// <summary>An output type this library does not interpret, kept as it was read.</summary>
public sealed record RawOutput(JsonObject Json) : CellOutput
{
    public override string OutputType => (string?)Json["output_type"] ?? "";
}
