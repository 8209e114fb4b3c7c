namespace NotebookLib.Models.Search;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al. 2011; Optuna's default sampler). After
/// <c>nStartupTrials</c> random trials, the finished trials are split by a quantile
/// <c>gamma</c> into good and bad ones; for each parameter a Parzen estimator l(x) is fitted to
/// the good values and g(x) to the bad ones, <c>nEiCandidates</c> candidates are drawn from l,
/// and the one maximising l(x)/g(x) (the expected improvement) is chosen. Parameters are
/// sampled independently. Pruned trials count as bad, after every complete one.
/// </summary>
public sealed class TpeSampler : ISampler
{
    readonly Random random;

    /// <param name="nStartupTrials">random trials before TPE takes over.</param>
    /// <param name="nEiCandidates">candidates drawn from l(x) per parameter.</param>
    /// <param name="gamma">fraction of the trials called good (Optuna: 0.1).</param>
    /// <param name="maxGood">at most this many good trials (Optuna: 25).</param>
    /// <param name="priorWeight">weight of the broad prior component in each estimator.</param>
    /// <param name="seed">seed of the sampler's random draws (deterministic studies).</param>
    public TpeSampler(int nStartupTrials = 10, int nEiCandidates = 24, double gamma = 0.1, int maxGood = 25,
        double priorWeight = 1.0, int? seed = null)
    {
        if (nStartupTrials < 0) throw new ArgumentException($"nStartupTrials must be non-negative, not {nStartupTrials}");
        if (nEiCandidates < 1) throw new ArgumentException($"nEiCandidates must be at least 1, not {nEiCandidates}");
        if (!(gamma > 0 && gamma < 1)) throw new ArgumentException($"gamma must be in (0, 1), not {gamma}");
        if (maxGood < 1) throw new ArgumentException($"maxGood must be at least 1, not {maxGood}");
        if (!(priorWeight > 0)) throw new ArgumentException($"priorWeight must be positive, not {priorWeight}");
        NStartupTrials = nStartupTrials; NEiCandidates = nEiCandidates; Gamma = gamma; MaxGood = maxGood; PriorWeight = priorWeight;
        random = new Random(Configuration.Seeds.Resolve(seed));
    }

    public int NStartupTrials { get; }
    public int NEiCandidates { get; }
    public double Gamma { get; }
    public int MaxGood { get; }
    public double PriorWeight { get; }

    public double Sample(Study study, Trial trial, string name, Distribution distribution)
    {
        // Trials that drew this parameter from the same distribution, best first.
        var observed = study.Trials
            .Where(t => t.State is TrialState.Complete or TrialState.Pruned
                        && t.Distributions.TryGetValue(name, out var d) && d.Equals(distribution))
            .ToList();
        if (observed.Count(t => t.State == TrialState.Complete) < NStartupTrials || observed.Count < 2)
            return RandomSampler.Draw(random, distribution);

        var sign = study.Direction == StudyDirection.Minimize ? 1.0 : -1.0;
        var ranked = observed.Where(t => t.State == TrialState.Complete).OrderBy(t => sign * t.Value!.Value).ThenBy(t => t.Number)
            .Concat(observed.Where(t => t.State == TrialState.Pruned)
                .OrderByDescending(t => t.IntermediateValues.Count == 0 ? -1 : t.IntermediateValues.Keys.Max())
                .ThenBy(t => t.Value is { } v ? sign * v : double.PositiveInfinity).ThenBy(t => t.Number))
            .ToList();
        var nGood = Math.Clamp((int)Math.Ceiling(Gamma * ranked.Count), 1, Math.Min(MaxGood, ranked.Count - 1));
        var good = ranked.Take(nGood).Select(t => t.InternalValue(name)).ToList();
        var bad = ranked.Skip(nGood).Select(t => t.InternalValue(name)).ToList();

        if (distribution is CategoricalDistribution c)
        {
            var l = ParzenEstimator.Categorical(good.Select(v => (int)v).ToList(), c.Choices.Count, PriorWeight);
            var g = ParzenEstimator.Categorical(bad.Select(v => (int)v).ToList(), c.Choices.Count, PriorWeight);
            return BestCandidate(l, g);
        }
        var space = NumericSpace.Of(distribution);
        var lNum = ParzenEstimator.Numeric(good.Select(space.Transform).ToList(), space.Low, space.High, PriorWeight);
        var gNum = ParzenEstimator.Numeric(bad.Select(space.Transform).ToList(), space.Low, space.High, PriorWeight);
        return space.Untransform(BestCandidate(lNum, gNum));
    }

    double BestCandidate(ParzenEstimator l, ParzenEstimator g)
    {
        var best = double.NaN;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < NEiCandidates; i++)
        {
            var x = l.Sample(random);
            var score = l.LogPdf(x) - g.LogPdf(x);
            if (score > bestScore || double.IsNaN(best)) { best = x; bestScore = score; }
        }
        return best;
    }
}
