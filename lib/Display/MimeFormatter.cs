using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Display;

/// <summary>Turns a value into a notebook MIME bundle through Microsoft.DotNet.Interactive.Formatting,
/// the same formatters Polyglot Notebooks uses, so a formatter registered once serves both.</summary>
public static class MimeFormatter
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";

    /// <summary>The MIME types shown for a value when display() names none: the preferred MIME
    /// types registered for its type, then text/plain as the fallback every front end can show.</summary>
    public static IReadOnlyList<string> DefaultMimeTypes(object? value)
    {
        if (value is null or string or char or bool || value.GetType().IsPrimitive || value is decimal)
            return [PlainText];
        var preferred = Formatter.GetPreferredMimeTypesFor(value.GetType()).ToList();
        if (preferred.Count == 0) preferred.Add(Html);
        if (!preferred.Contains(PlainText)) preferred.Add(PlainText);
        return preferred;
    }

    /// <summary>Formats <paramref name="value"/> into each MIME type (all of <see cref="DefaultMimeTypes"/>
    /// when <paramref name="mimeTypes"/> is empty). JSON MIME types are stored as JSON, others as text
    /// (image/png as base64 text, as Jupyter expects).</summary>
    public static JsonObject Format(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        var types = mimeTypes is { Count: > 0 } ? mimeTypes : DefaultMimeTypes(value);
        var bundle = new JsonObject();
        foreach (var mime in types)
        {
            var text = value is null ? "<null>" : Formatter.ToDisplayString(value, mime);
            bundle[mime] = IsJsonMime(mime) ? ParseJson(text, mime, value) : JsonValue.Create(text);
        }
        return bundle;
    }

    /// <summary>True for MIME types whose content is JSON (nbformat stores them as JSON, not text).</summary>
    public static bool IsJsonMime(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    static JsonNode? ParseJson(string text, string mime, object? value)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"the {mime} formatter for {value?.GetType().FullName} wrote text that is not JSON: {e.Message}", e);
        }
    }
}
