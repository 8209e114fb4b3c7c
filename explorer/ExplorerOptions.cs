namespace NotebookLib.Explorer;

/// <summary>How the explorer serves: the classes (digit key d assigns class d), the label database, the
/// address (127.0.0.1 unless asked; any other address needs a token, one is made if none is given),
/// the port (0: any free one).</summary>
public sealed record ExplorerOptions
{
    public IReadOnlyList<string> Classes { get; init; } = ["class 0", "class 1"];
    public string Database { get; init; } = "explorer-labels.sqlite";
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; }
    public string? Token { get; init; }
    public string Title { get; init; } = "cutouts explorer";
    /// <summary>The numeric metadata column the "ask me next" order uses among unlabelled images.</summary>
    public string AnomalyColumn { get; init; } = "anomaly";
    /// <summary>Tiles kept in memory, in bytes of PNG.</summary>
    public long TileCacheBytes { get; init; } = 256L << 20;

    internal void Validate()
    {
        if (Classes.Count is < 1 or > 10) throw new ArgumentException($"the explorer takes 1 to 10 classes (digit keys 0–9), not {Classes.Count}");
        if (Classes.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("every class needs a name");
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), $"no port {Port}");
    }
}
