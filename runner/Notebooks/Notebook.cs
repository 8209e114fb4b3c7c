using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookLib.IO;

namespace NotebookLib.Notebooks;

/// <summary>
/// An nbformat 4 notebook (.ipynb): metadata and cells. Reads 4.x, writes 4.5 with cell ids and the
/// metadata VS Code Polyglot Notebooks writes; unknown metadata is kept as it was.
/// </summary>
public sealed class Notebook
{
    public JsonObject Metadata { get; }
    public List<NotebookCell> Cells { get; } = new();
    public int NbFormat => 4;
    public int NbFormatMinor => 5;

    public Notebook(JsonObject? metadata = null)
    {
        Metadata = metadata ?? PolyglotMetadata.Notebook();
    }

    /// <summary>A new C# notebook with the given cells.</summary>
    public static Notebook Create(params NotebookCell[] cells)
    {
        var nb = new Notebook();
        nb.Cells.AddRange(cells);
        return nb;
    }

    public static Notebook Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException($"{path}: cannot read the notebook: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses .ipynb JSON; <paramref name="source"/> names the file in error messages.</summary>
    public static Notebook Parse(string json, string source = "notebook")
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{source}: not a notebook: the file is not JSON ({e.Message})", e);
        }
        if (root is not JsonObject obj)
            throw new NotebookFormatException($"{source}: not a notebook: the JSON root is not an object");
        var format = obj["nbformat"] is JsonValue f && f.TryGetValue(out int n) ? n : (int?)null;
        if (format != 4)
            throw new NotebookFormatException($"{source}: not an nbformat 4 notebook (nbformat is {(format is null ? "missing" : format.ToString())}); convert it with `jupyter nbconvert --to notebook`");
        if (obj["cells"] is not JsonArray cells)
            throw new NotebookFormatException($"{source}: nbformat 4 notebook without a 'cells' array");

        var nb = new Notebook(obj["metadata"] as JsonObject is { } m ? (JsonObject)m.DeepClone() : new JsonObject());
        PolyglotMetadata.Complete(nb.Metadata, PolyglotMetadata.Notebook());
        var ids = new HashSet<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var where = $"{source}: cell {i + 1}";
            if (cells[i] is not JsonObject c) throw new NotebookFormatException($"{where} is not a JSON object");
            var type = (string?)c["cell_type"] switch
            {
                "code" => CellType.Code,
                "markdown" => CellType.Markdown,
                "raw" => CellType.Raw,
                var other => throw new NotebookFormatException($"{where}: unknown cell_type '{other}'"),
            };
            var id = (string?)c["id"];
            if (id is null || !NotebookCell.IsValidId(id) || !ids.Add(id)) { id = NotebookCell.NewId(); ids.Add(id); }
            var cell = new NotebookCell(type, JoinText(c["source"], where + " source"), id,
                c["metadata"] is JsonObject cm ? (JsonObject)cm.DeepClone() : new JsonObject());
            if (type == CellType.Code)
            {
                cell.ExecutionCount = c["execution_count"] is JsonValue ec && ec.TryGetValue(out int count) ? count : null;
                if (c["outputs"] is JsonArray outs)
                    foreach (var o in outs) cell.Outputs.Add(ReadOutput(o as JsonObject ?? throw new NotebookFormatException($"{where}: an output is not an object"), where));
            }
            if (c["attachments"] is JsonObject att) cell.Metadata["__attachments"] = att.DeepClone();
            nb.Cells.Add(cell);
        }
        return nb;
    }

    static CellOutput ReadOutput(JsonObject o, string where) => (string?)o["output_type"] switch
    {
        "stream" => new StreamOutput((string?)o["name"] ?? "stdout", JoinText(o["text"], where + " stream text")),
        "display_data" or "execute_result" => new DisplayOutput(
            ReadBundle(o["data"] as JsonObject, where),
            o["metadata"] as JsonObject is { } md ? (JsonObject)md.DeepClone() : new JsonObject(),
            (string?)o["transient"]?["display_id"],
            o["execution_count"] is JsonValue v && v.TryGetValue(out int n) ? n : null,
            (string?)o["output_type"] == "execute_result"),
        "error" => new ErrorOutput((string?)o["ename"] ?? "", (string?)o["evalue"] ?? "",
            o["traceback"] is JsonArray tb ? tb.Select(t => (string?)t ?? "").ToList() : []),
        _ => new RawOutput((JsonObject)o.DeepClone()),
    };

    static JsonObject ReadBundle(JsonObject? data, string where)
    {
        var bundle = new JsonObject();
        if (data is null) return bundle;
        foreach (var (mime, value) in data)
            bundle[mime] = MimeFormatter.IsJsonMime(mime) ? value?.DeepClone() : JsonValue.Create(JoinText(value, $"{where} {mime}"));
        return bundle;
    }

    /// <summary>nbformat stores multi-line strings either whole or as a list of lines.</summary>
    static string JoinText(JsonNode? node, string what) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonArray a => string.Concat(a.Select(x => (string?)x)),
        _ => throw new NotebookFormatException($"{what} is neither a string nor a list of strings"),
    };


    static JsonArray SplitLines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') { lines.Add(text[start..(i + 1)]); start = i + 1; }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    public JsonObject ToJson()
    {
        var cells = new JsonArray();
        foreach (var cell in Cells) cells.Add(CellToJson(cell));
        return new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = Metadata.DeepClone(),
            ["nbformat"] = NbFormat,
            ["nbformat_minor"] = NbFormatMinor,
        };
    }

    static JsonObject CellToJson(NotebookCell cell)
    {
        var metadata = (JsonObject)cell.Metadata.DeepClone();
        var attachments = metadata["__attachments"];
        metadata.Remove("__attachments");
        var o = new JsonObject
        {
            ["cell_type"] = cell.Type switch { CellType.Code => "code", CellType.Markdown => "markdown", _ => "raw" },
            ["id"] = cell.Id,
            ["metadata"] = metadata,
            ["source"] = SplitLines(cell.Source),
        };
        if (attachments is not null && cell.Type != CellType.Code) o["attachments"] = attachments.DeepClone();
        if (cell.Type == CellType.Code)
        {
            o["execution_count"] = cell.ExecutionCount;
            var outs = new JsonArray();
            foreach (var output in cell.Outputs) outs.Add(OutputToJson(output));
            o["outputs"] = outs;
        }
        return o;
    }

    static JsonObject OutputToJson(CellOutput output)
    {
        switch (output)
        {
            case StreamOutput s:
                return new JsonObject { ["name"] = s.Name, ["output_type"] = "stream", ["text"] = SplitLines(s.Text) };
            case DisplayOutput d:
                var data = new JsonObject();
                foreach (var (mime, value) in d.Data)
                    data[mime] = MimeFormatter.IsJsonMime(mime) || value is not JsonValue v || !v.TryGetValue(out string? text) || mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml"
                        ? value?.DeepClone()
                        : SplitLines(text);
                var o = new JsonObject { ["data"] = data, ["metadata"] = d.Metadata.DeepClone(), ["output_type"] = d.OutputType };
                if (d.IsResult) o["execution_count"] = d.ExecutionCount;
                return o;
            case ErrorOutput e:
                return new JsonObject { ["ename"] = e.EName, ["evalue"] = e.EValue, ["output_type"] = "error", ["traceback"] = new JsonArray(e.Traceback.Select(t => (JsonNode?)t).ToArray()) };
            case RawOutput r:
                return (JsonObject)r.Json.DeepClone();
            default:
                throw new ArgumentException($"unknown output {output.GetType().Name}");
        }
    }

    static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJsonString() => ToJson().ToJsonString(WriteOptions) + "\n";

    /// <summary>Writes the notebook atomically: an earlier file at <paramref name="path"/> is replaced
    /// only by a complete new one.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJsonString());
}
