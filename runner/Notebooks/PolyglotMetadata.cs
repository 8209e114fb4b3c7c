using System.Text.Json.Nodes;

namespace NotebookLib.Notebooks;

/// <summary>The metadata VS Code Polyglot Notebooks writes, so that a notebook made or executed here
/// opens there and in Jupyter with the .NET (C#) kernel.</summary>
public static class PolyglotMetadata
{
    public static JsonObject Notebook() => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#", ["pygments_lexer"] = "csharp", ["version"] = "13.0" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "csharp", ["name"] = "csharp" }),
            },
        },
    };

    public static JsonObject CodeCell() => new()
    {
        ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
    };

    /// <summary>Adds what is missing of the Polyglot metadata, keeping what is there.</summary>
    internal static void Complete(JsonObject target, JsonObject defaults)
    {
        foreach (var (key, value) in defaults)
        {
            if (target[key] is null) target[key] = value!.DeepClone();
            else if (target[key] is JsonObject t && value is JsonObject d) Complete(t, d);
        }
    }
}
