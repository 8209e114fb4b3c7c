namespace NotebookLib.Benchmarks;

/// <summary>
/// A benchmark that measures this library side by side with its Python peer (astropy, numpy,
/// scikit-learn, PyTorch from Debian) in the same run on the same machine. `./nb bench` finds
/// every implementation in the assembly by reflection; each area adds its own beside its code.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short name used on the command line, e.g. "torch" or "fits".</summary>
    string Name { get; }
    string Description { get; }
    IEnumerable<BenchmarkResult> Run(BenchmarkContext context);
}

/// <summary>One measured case. Ratio is how many times better ours is than the peer
/// (peer time / our time for times, ours / peer for throughputs and quality figures).</summary>
public sealed record BenchmarkResult(
    string Benchmark, string Case, string Metric, string Unit,
    double Ours, double Peer, string PeerName, bool HigherIsBetter)
{
    public double Ratio => HigherIsBetter ? Ours / Peer : Peer / Ours;
}
