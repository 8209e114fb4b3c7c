namespace NotebookLib.Explorer;

/// <summary>A running explorer, as a notebook holds it: the URL to open, the labels and consensus so far,
/// and Stop (or Dispose) to close it. Shows itself as its URL.</summary>
public sealed class ExplorerHandle : IDisposable
{
    readonly ExplorerServer server;

    internal ExplorerHandle(ExplorerServer server) => this.server = server;

    public string Url => server.Url;
    public string Database => server.Store.Path;
    public IReadOnlyList<string> Classes => server.Classes;

    /// <summary>Each labelled image's majority vote and Dawid–Skene consensus, and each expert's confusion matrix.</summary>
    public Consensus Consensus() => server.Current();

    /// <summary>The consensus table as a DataFrame (Microsoft.Data.Analysis), e.g. to join with a catalogue.</summary>
    public Microsoft.Data.Analysis.DataFrame ConsensusFrame() => server.Current().ToDataFrame();

    /// <summary>One user's current labels: image id → class.</summary>
    public IReadOnlyDictionary<int, int> Labels(string user) => server.Store.CurrentOf(user);

    /// <summary>Every label change ever made, oldest first.</summary>
    public IReadOnlyList<LabelRow> History() => server.Store.History();

    /// <summary>Writes the consensus table as CSV (image, name, votes, majority, agreement, Dawid–Skene, confidence, posteriors).</summary>
    public void ExportCsv(string path) => NotebookLib.IO.AtomicFile.WriteAllText(path, server.Current().ToCsv());

    public void Stop() => server.DisposeAsync().AsTask().GetAwaiter().GetResult();

    public void Dispose() => Stop();

    public override string ToString() => $"cutouts explorer at {Url} ({server.Cutouts.Count} images, labels in {Database})";
}
