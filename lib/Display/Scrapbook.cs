using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookLib.Display;

/// <summary>
/// Scores as data, the papermill/scrapbook way: <c>Scrapbook.glue("validation_mse", mse)</c> records a
/// value as a display output of MIME type application/scrapbook.scrap.json+json holding
/// {"name", "data", "encoder": "json", "version": 1}, which scrapbook (Python), <c>./nb scraps</c> and the
/// report index read back from the executed notebook. Works in our runner and in the real kernel.
/// </summary>
public static class Scrapbook
{
    public const string MimeType = "application/scrapbook.scrap.json+json";

    static readonly JsonSerializerOptions json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Records <paramref name="value"/> (a number, string, bool, array, record…: anything
    /// System.Text.Json serialises) under <paramref name="name"/> in the running cell's outputs. Outside a
    /// notebook it only returns the scrap.</summary>
    public static Scrap glue(string name, object? value)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a scrap needs a name", nameof(name));
        JsonNode? data;
        try { data = value is JsonNode node ? node.DeepClone() : JsonSerializer.SerializeToNode(value, json); }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"scrap '{name}': a {value!.GetType().Name} cannot be written as JSON ({e.Message})", nameof(value), e);
        }
        var scrap = new Scrap(name, data);
        KernelContext.Current?.Display(scrap, MimeType, MimeFormatter.PlainText);
        return scrap;
    }

    /// <summary>Reads a scrap from its MIME bundle content (a JSON object, or that object as JSON text, as
    /// some kernels send it); null when it is not a scrap.</summary>
    public static Scrap? Read(JsonNode? content)
    {
        if (content is JsonValue v && v.TryGetValue(out string? text))
        {
            try { content = JsonNode.Parse(text); }
            catch (JsonException) { return null; }
        }
        if (content is not JsonObject o || o["name"] is not JsonValue n || !n.TryGetValue(out string? name)) return null;
        return new Scrap(name, o["data"]?.DeepClone());
    }
}

/// <summary>One glued value: its name and its data as JSON.</summary>
public sealed record Scrap(string Name, JsonNode? Data)
{
    /// <summary>The MIME bundle content scrapbook writes.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["data"] = Data?.DeepClone(),
        ["encoder"] = "json",
        ["version"] = 1,
    };

    /// <summary>The value as a number, when it is one.</summary>
    public double? Number => Data is JsonValue v && v.TryGetValue(out double d) ? d
        : Data is JsonValue s && s.TryGetValue(out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    /// <summary>The value as a reader sees it: numbers to 6 significant digits, text as is, the rest as JSON.</summary>
    public string Text => Data switch
    {
        null => "null",
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.TryGetValue(out double d) => d.ToString("G6", CultureInfo.InvariantCulture),
        _ => Data.ToJsonString(),
    };

    public override string ToString() => $"{Name} = {Text}";
}
