using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookLib.Data;

/// <summary>
/// A validator for the subset of JSON Schema (draft 2020-12 semantics) that the data manifests use:
/// type, properties, required, additionalProperties (boolean or schema), items, enum, const, pattern,
/// minLength, minimum, maximum, minItems, uniqueItems, anyOf, and $ref to "#/$defs/name". A keyword
/// outside that subset is an error in the schema, so that a schema never silently checks less than it says.
/// </summary>
public sealed class JsonSchemaValidator
{
    static readonly HashSet<string> Annotations = ["$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs", "format"];
    static readonly HashSet<string> Supported = ["type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "pattern", "minLength", "minimum", "maximum", "minItems", "uniqueItems", "anyOf", "$ref"];

    readonly JsonNode root;

    public JsonSchemaValidator(JsonNode schema)
    {
        root = schema ?? throw new ArgumentNullException(nameof(schema));
        CheckKeywords(root, "#");
    }

    public static JsonSchemaValidator FromFile(string path)
    {
        try { return new JsonSchemaValidator(JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty schema")); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e); }
    }

    /// <summary>Every violation, each as "JSON pointer: what is wrong"; empty when the instance is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(root, instance, "", errors);
        return errors;
    }

    static void CheckKeywords(JsonNode schema, string at)
    {
        if (schema is JsonValue v && v.TryGetValue<bool>(out _)) return;
        if (schema is not JsonObject o) throw new ArgumentException($"schema at {at} must be an object or a boolean");
        foreach (var (key, value) in o)
        {
            if (!Supported.Contains(key) && !Annotations.Contains(key))
                throw new NotSupportedException($"schema keyword '{key}' at {at} is outside the subset this validator implements ({string.Join(", ", Supported)})");
            switch (key)
            {
                case "properties" or "$defs":
                    foreach (var (name, sub) in value!.AsObject()) CheckKeywords(sub!, $"{at}/{key}/{name}");
                    break;
                case "items":
                    CheckKeywords(value!, $"{at}/items");
                    break;
                case "additionalProperties" when value is JsonObject:
                    CheckKeywords(value, $"{at}/additionalProperties");
                    break;
                case "anyOf":
                    var i = 0;
                    foreach (var sub in value!.AsArray()) CheckKeywords(sub!, $"{at}/anyOf/{i++}");
                    break;
            }
        }
    }

    JsonNode Resolve(string reference)
    {
        const string prefix = "#/$defs/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
            throw new NotSupportedException($"$ref '{reference}': only local references #/$defs/name are supported");
        return root["$defs"]?[reference[prefix.Length..]] ?? throw new KeyNotFoundException($"$ref '{reference}' names no definition");
    }

    void Check(JsonNode schema, JsonNode? node, string path, List<string> errors)
    {
        var at = path.Length == 0 ? "/" : path;
        if (schema is JsonValue bv && bv.TryGetValue<bool>(out var allowed))
        {
            if (!allowed) errors.Add($"{at}: no value is allowed here");
            return;
        }
        var s = schema.AsObject();
        if (s["$ref"] is JsonNode r) Check(Resolve((string)r!), node, path, errors);
        if (s["type"] is JsonNode t)
        {
            var types = t is JsonArray ta ? ta.Select(x => (string)x!).ToArray() : [(string)t!];
            if (!types.Any(ty => IsType(node, ty)))
            {
                errors.Add($"{at}: expected {string.Join(" or ", types)}, found {KindOf(node)}");
                return;
            }
        }
        if (s["enum"] is JsonArray en && !en.Any(e => JsonNode.DeepEquals(e, node)))
            errors.Add($"{at}: {Show(node)} is not one of {en.ToJsonString()}");
        if (s["const"] is JsonNode c && !JsonNode.DeepEquals(c, node))
            errors.Add($"{at}: must be {c.ToJsonString()}, not {Show(node)}");
        if (node is JsonValue jv && jv.GetValueKind() == JsonValueKind.String)
        {
            var str = jv.GetValue<string>();
            if (s["minLength"] is JsonNode ml && str.Length < (int)ml)
                errors.Add($"{at}: string shorter than {(int)ml} characters");
            if (s["pattern"] is JsonNode p && !Regex.IsMatch(str, (string)p!))
                errors.Add($"{at}: \"{str}\" does not match pattern {(string)p!}");
        }
        if (node is JsonValue nv && nv.GetValueKind() == JsonValueKind.Number)
        {
            var d = nv.GetValue<double>();
            if (s["minimum"] is JsonNode mn && d < (double)mn) errors.Add($"{at}: {d} is below the minimum {(double)mn}");
            if (s["maximum"] is JsonNode mx && d > (double)mx) errors.Add($"{at}: {d} is above the maximum {(double)mx}");
        }
        if (node is JsonObject obj)
        {
            if (s["required"] is JsonArray req)
                foreach (var name in req.Select(x => (string)x!))
                    if (!obj.ContainsKey(name)) errors.Add($"{at}: required property '{name}' is missing");
            var props = s["properties"] as JsonObject;
            foreach (var (name, value) in obj)
            {
                var child = $"{path}/{name}";
                if (props?[name] is JsonNode ps) Check(ps, value, child, errors);
                else if (s["additionalProperties"] is JsonNode ap)
                {
                    if (ap is JsonValue apv && apv.TryGetValue<bool>(out var ok) && !ok)
                        errors.Add($"{at}: property '{name}' is not allowed (allowed: {string.Join(", ", props?.Select(p => p.Key) ?? [])})");
                    else Check(ap, value, child, errors);
                }
            }
        }
        if (node is JsonArray arr)
        {
            if (s["minItems"] is JsonNode mi && arr.Count < (int)mi) errors.Add($"{at}: fewer than {(int)mi} items");
            if (s["uniqueItems"] is JsonNode u && (bool)u)
                for (var i = 0; i < arr.Count; i++)
                    for (var j = i + 1; j < arr.Count; j++)
                        if (JsonNode.DeepEquals(arr[i], arr[j])) errors.Add($"{at}: items {i} and {j} are equal");
            if (s["items"] is JsonNode its)
                for (var i = 0; i < arr.Count; i++) Check(its, arr[i], $"{path}/{i}", errors);
        }
        if (s["anyOf"] is JsonArray any)
        {
            var branches = any.Select(b => { var e = new List<string>(); Check(b!, node, path, e); return e; }).ToList();
            if (branches.All(e => e.Count > 0))
                errors.Add($"{at}: matches none of the {any.Count} alternatives ({string.Join("; or ", branches.Select(e => string.Join(", ", e)))})");
        }
    }

    static bool IsType(JsonNode? node, string type) => type switch
    {
        "null" => node is null,
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => node is JsonValue n && n.GetValueKind() == JsonValueKind.Number,
        "integer" => node is JsonValue i && i.GetValueKind() == JsonValueKind.Number && Math.Floor(i.GetValue<double>()) == i.GetValue<double>(),
        _ => throw new NotSupportedException($"schema type '{type}' is not a JSON Schema type"),
    };

    static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "value",
        },
        _ => "value",
    };

    static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
