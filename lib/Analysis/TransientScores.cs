using NotebookLib.Data;

namespace NotebookLib.Analysis;

/// <summary>
/// An injected-vs-real classifier's scores on DIA sources two ways (positive = called "injected"):
/// <list type="bullet">
/// <item><see cref="Labels"/>, the talk's: positives are the sources labelled injected, negatives every other
/// source — real transients included, which a perfect network calls injected, so they count as its errors;</item>
/// <item><see cref="Truth"/>, with the generator's ground truth: positives are the transient point sources
/// (injected fakes and real transients), negatives the truly bogus detections (star residuals, cosmic rays,
/// bad columns, unexplained). Its sensitivity is the share of transients found, its specificity the share of
/// bogus rejected.</item>
/// </list>
/// </summary>
public sealed record TransientScores(BinaryMetrics Labels, BinaryMetrics Truth, int RealTransients, int RealTransientsCalledInjected)
{
    /// <summary>Scores of <paramref name="probabilities"/> (one per source, indexed like <paramref name="sources"/>) over
    /// the sources <paramref name="indices"/>, a source being called injected when its probability ≥ <paramref name="threshold"/>.</summary>
    public static TransientScores Of(IReadOnlyList<HscCandidate> sources, IEnumerable<int> indices, IReadOnlyList<float> probabilities, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count != sources.Count)
            throw new ArgumentException($"{probabilities.Count} probabilities for {sources.Count} sources: one a source");
        long ltp = 0, lfp = 0, ltn = 0, lfn = 0, ttp = 0, tfp = 0, ttn = 0, tfn = 0;
        int reals = 0, realsCalled = 0;
        foreach (var i in indices)
        {
            var s = sources[i];
            var called = probabilities[i] >= threshold;
            if (s.IsInjected) { if (called) ltp++; else lfn++; }
            else if (called) lfp++; else ltn++;
            if (s.IsBogus) { if (called) tfp++; else ttn++; }
            else if (called) ttp++; else tfn++;
            if (s.Kind == CandidateKind.RealTransient) { reals++; if (called) realsCalled++; }
        }
        return new TransientScores(new BinaryMetrics(ltp, lfp, ltn, lfn), new BinaryMetrics(ttp, tfp, ttn, tfn), reals, realsCalled);
    }

    public override string ToString() =>
        $"by the labels: sensitivity {Labels.Sensitivity:P2}, specificity {Labels.Specificity:P2}; by the truth: sensitivity {Truth.Sensitivity:P2}, " +
        $"specificity {Truth.Specificity:P2}; {RealTransientsCalledInjected} of {RealTransients} real transients called injected";
}
