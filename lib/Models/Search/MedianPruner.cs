namespace NotebookLib.Models.Search;

/// <summary>
/// Optuna's MedianPruner: prunes a trial whose best intermediate value so far is worse than the
/// median of the completed trials' intermediate values at the same step. Nothing is pruned
/// until <c>nStartupTrials</c> trials have completed, nor before step <c>nWarmupSteps</c>, and
/// only every <c>intervalSteps</c> steps after it; at least <c>nMinTrials</c> completed trials
/// must have reported the step.
/// </summary>
public sealed class MedianPruner : IPruner
{
    public MedianPruner(int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
    {
        if (nStartupTrials < 0) throw new ArgumentException($"nStartupTrials must be non-negative, not {nStartupTrials}");
        if (nWarmupSteps < 0) throw new ArgumentException($"nWarmupSteps must be non-negative, not {nWarmupSteps}");
        if (intervalSteps < 1) throw new ArgumentException($"intervalSteps must be at least 1, not {intervalSteps}");
        if (nMinTrials < 1) throw new ArgumentException($"nMinTrials must be at least 1, not {nMinTrials}");
        NStartupTrials = nStartupTrials; NWarmupSteps = nWarmupSteps; IntervalSteps = intervalSteps; NMinTrials = nMinTrials;
    }

    public int NStartupTrials { get; }
    public int NWarmupSteps { get; }
    public int IntervalSteps { get; }
    public int NMinTrials { get; }

    public bool ShouldPrune(Study study, Trial trial)
    {
        if (trial.LastStep is not { } step) return false;
        if (step < NWarmupSteps || (step - NWarmupSteps) % IntervalSteps != 0) return false;
        var completed = study.Trials.Where(t => t.State == TrialState.Complete).ToList();
        if (completed.Count < NStartupTrials) return false;
        var atStep = completed.Where(t => t.IntermediateValues.TryGetValue(step, out var v) && !double.IsNaN(v))
            .Select(t => t.IntermediateValues[step]).ToList();
        if (atStep.Count < NMinTrials) return false;

        var minimize = study.Direction == StudyDirection.Minimize;
        var own = trial.IntermediateValues.Values.Where(v => !double.IsNaN(v)).ToList();
        if (own.Count == 0) return true;   // only NaNs reported: nothing worth continuing
        var best = minimize ? own.Min() : own.Max();
        var median = Median(atStep);
        return minimize ? best > median : best < median;
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
