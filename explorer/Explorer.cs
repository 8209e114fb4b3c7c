namespace NotebookLib.Explorer;

/// <summary>
/// Starts the cutouts explorer from a notebook (after #r "../build/lib/NotebookLib.Explorer.dll"):
/// <code>
/// using var explorer = Explorer.Start(cutouts, 64, 64, new Dictionary&lt;string, Array&gt; { ["anomaly"] = scores },
///                                     ["elliptical", "spiral", "artifact"]);
/// // open explorer.Url; later: explorer.Consensus().Rows, explorer.ExportCsv("consensus.csv")
/// </code>
/// It prints the URL and returns a handle that stops the server when disposed.
/// </summary>
public static class Explorer
{
    /// <summary>Equal-sized in-memory cutouts (width × height floats each) with optional metadata columns.</summary>
    public static ExplorerHandle Start(IReadOnlyList<float[]> images, int width, int height,
                                       IReadOnlyDictionary<string, Array>? metadata = null, IReadOnlyList<string>? classes = null,
                                       ExplorerOptions? options = null, IReadOnlyList<string>? names = null)
    {
        var cutouts = ArrayCutouts.FromArrays(images, width, height, names);
        return Start(cutouts, CutoutMetadata.From(cutouts.Count, metadata), classes, options);
    }

    /// <summary>A folder of FITS cutouts or a FITS cube.</summary>
    public static ExplorerHandle Start(string source, IReadOnlyList<string>? classes = null, ExplorerOptions? options = null, string? metadataCsv = null)
    {
        var cutouts = CutoutSource.Open(source);
        return Start(cutouts, metadataCsv is null ? null : CutoutMetadata.FromCsv(metadataCsv, cutouts), classes, options);
    }

    public static ExplorerHandle Start(ICutouts cutouts, CutoutMetadata? metadata = null, IReadOnlyList<string>? classes = null, ExplorerOptions? options = null)
    {
        options ??= new ExplorerOptions();
        if (classes is not null) options = options with { Classes = classes };
        var server = new ExplorerServer(cutouts, metadata, options);
        server.StartAsync().GetAwaiter().GetResult();
        if (server.Store.Problem is { } problem) Console.WriteLine($"warning: {problem}");
        Console.WriteLine($"cutouts explorer: {server.Url}  ({cutouts.Count} images; labels in {server.Store.Path})");
        return new ExplorerHandle(server);
    }
}
