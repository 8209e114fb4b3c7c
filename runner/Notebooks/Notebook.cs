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


    // Written straight to a stream, node by node: the outputs are not cloned into a second tree and the
    // document is never one string (a default notebook 01 report is ~20 MB of figures; cloning it for
    // the checkpoint before each cell and for the result held ~0.45 GiB more in the worker).
    static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the notebook's nbformat JSON (indented by one space, as Jupyter does) and a final newline.</summary>
    public void WriteTo(Stream stream)
    {
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("cells");
            foreach (var cell in Cells) WriteCell(w, cell);
            w.WriteEndArray();
            w.WritePropertyName("metadata");
            Metadata.WriteTo(w);
            w.WriteNumber("nbformat", NbFormat);
            w.WriteNumber("nbformat_minor", NbFormatMinor);
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    static void WriteCell(Utf8JsonWriter w, NotebookCell cell)
    {
        w.WriteStartObject();
        w.WriteString("cell_type", cell.Type switch { CellType.Code => "code", CellType.Markdown => "markdown", _ => "raw" });
        w.WriteString("id", cell.Id);
        w.WriteStartObject("metadata");
        foreach (var (key, value) in cell.Metadata)
            if (key != "__attachments") WriteProperty(w, key, value);
        w.WriteEndObject();
        WriteLines(w, "source", cell.Source);
        if (cell.Type != CellType.Code && cell.Metadata["__attachments"] is { } attachments) WriteProperty(w, "attachments", attachments);
        if (cell.Type == CellType.Code)
        {
            WriteProperty(w, "execution_count", cell.ExecutionCount);
            w.WriteStartArray("outputs");
            foreach (var output in cell.Outputs) WriteOutput(w, output);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void WriteOutput(Utf8JsonWriter w, CellOutput output)
    {
        switch (output)
        {
            case StreamOutput s:
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("output_type", "stream");
                WriteLines(w, "text", s.Text);
                w.WriteEndObject();
                return;
            case DisplayOutput d:
                w.WriteStartObject();
                w.WriteStartObject("data");
                foreach (var (mime, value) in d.Data)
                {
                    if (MimeFormatter.IsJsonMime(mime) || value is not JsonValue v || !v.TryGetValue(out string? text) || mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml")
                        WriteProperty(w, mime, value);
                    else
                        WriteLines(w, mime, text);
                }
                w.WriteEndObject();
                WriteProperty(w, "metadata", d.Metadata);
                w.WriteString("output_type", d.OutputType);
                if (d.IsResult) WriteProperty(w, "execution_count", d.ExecutionCount);
                w.WriteEndObject();
                return;
            case ErrorOutput e:
                w.WriteStartObject();
                w.WriteString("ename", e.EName);
                w.WriteString("evalue", e.EValue);
                w.WriteString("output_type", "error");
                w.WriteStartArray("traceback");
                foreach (var line in e.Traceback) w.WriteStringValue(line);
                w.WriteEndArray();
                w.WriteEndObject();
                return;
            case RawOutput r:
                r.Json.WriteTo(w);
                return;
            default:
                throw new ArgumentException($"unknown output {output.GetType().Name}");
        }
    }

    static void WriteProperty(Utf8JsonWriter w, string name, JsonNode? value)
    {
        w.WritePropertyName(name);
        if (value is null) w.WriteNullValue();
        else value.WriteTo(w);
    }

    static void WriteProperty(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } n) w.WriteNumber(name, n);
        else w.WriteNull(name);
    }

    /// <summary>A multi-line string as nbformat's list of lines, each keeping its newline.</summary>
    static void WriteLines(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartArray(name);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') { w.WriteStringValue(text.AsSpan(start, i + 1 - start)); start = i + 1; }
        if (start < text.Length) w.WriteStringValue(text.AsSpan(start));
        w.WriteEndArray();
    }

    public string ToJsonString()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the notebook atomically: an earlier file at <paramref name="path"/> is replaced
    /// only by a complete new one.</summary>
    public void Save(string path) => AtomicFile.Write(path, (Stream s) => WriteTo(s));
}
