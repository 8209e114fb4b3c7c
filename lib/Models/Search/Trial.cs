namespace NotebookLib.Models.Search;

/// <summary>
/// One evaluation of the objective, as Optuna's Trial: the objective asks it for parameters
/// (SuggestInt, SuggestFloat, SuggestCategorical — the study's sampler chooses them), reports
/// intermediate values (validation loss per epoch) and asks ShouldPrune() whether to stop early.
/// </summary>
public sealed class Trial
{
    readonly Study study;
    readonly Dictionary<string, object> parameters = [];
    readonly Dictionary<string, Distribution> distributions = [];
    readonly SortedDictionary<int, double> intermediate = [];
    readonly Dictionary<string, object> userAttributes = [];
    readonly IReadOnlyDictionary<string, object>? fixedParams;

    internal Trial(Study study, int number, IReadOnlyDictionary<string, object>? fixedParams)
    {
        this.study = study;
        Number = number;
        this.fixedParams = fixedParams;
        Start = DateTime.UtcNow;
    }

    public int Number { get; }
    public DateTime Start { get; }
    public IReadOnlyDictionary<string, object> Params => parameters;
    public IReadOnlyDictionary<string, Distribution> Distributions => distributions;
    public IReadOnlyDictionary<int, double> IntermediateValues => intermediate;
    public IReadOnlyDictionary<string, object> UserAttributes => userAttributes;
    /// <summary>The last reported step, or null before any report.</summary>
    public int? LastStep => intermediate.Count == 0 ? null : intermediate.Keys.Last();

    public long SuggestInt(string name, long low, long high, bool log = false, long step = 1) =>
        (long)Suggest(name, new IntDistribution(low, high, log, step));

    public double SuggestFloat(string name, double low, double high, bool log = false, double? step = null) =>
        (double)Suggest(name, new FloatDistribution(low, high, log, step));

    public T SuggestCategorical<T>(string name, params T[] choices) where T : notnull =>
        (T)Suggest(name, new CategoricalDistribution(choices.Cast<object>()));

    /// <summary>A value from any distribution. Suggesting the same name again returns the same
    /// value; suggesting it with another distribution is an error.</summary>
    public object Suggest(string name, Distribution distribution)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (distributions.TryGetValue(name, out var earlier))
        {
            if (!earlier.Equals(distribution))
                throw new ArgumentException($"trial {Number}: parameter '{name}' was suggested from {earlier}, now from {distribution}");
            return parameters[name];
        }
        double internalValue;
        if (fixedParams is not null && fixedParams.TryGetValue(name, out var given))
        {
            internalValue = distribution.ToInternal(given);
            if (!distribution.Contains(internalValue))
                throw new ArgumentException($"trial {Number}: the enqueued value {given} of '{name}' is outside {distribution}");
        }
        else if (distribution.IsSingle)
            internalValue = distribution is CategoricalDistribution ? 0 : distribution.ToInternal(distribution switch
            {
                IntDistribution i => i.Low,
                FloatDistribution f => f.Low,
                _ => 0,
            });
        else
            internalValue = study.Sampler.Sample(study, this, name, distribution);
        var value = distribution.ToExternal(internalValue);
        distributions[name] = distribution;
        parameters[name] = value;
        return value;
    }

    /// <summary>Records an intermediate value (e.g. validation loss after an epoch) at a step.</summary>
    public void Report(double value, int step)
    {
        if (step < 0) throw new ArgumentException($"trial {Number}: step must be non-negative, not {step}");
        if (intermediate.ContainsKey(step))
            throw new ArgumentException($"trial {Number}: step {step} was already reported (value {intermediate[step]})");
        intermediate[step] = value;
    }

    /// <summary>True when the study's pruner judges this trial, by its intermediate values so far,
    /// not worth finishing; the objective then throws TrialPrunedException.</summary>
    public bool ShouldPrune() => study.Pruner.ShouldPrune(study, this);

    /// <summary>Keeps something with the trial (a checkpoint path, the epoch reached) in the results table.</summary>
    public void SetUserAttribute(string key, object value) => userAttributes[key] = value;

    internal TrialRecord Freeze(TrialState state, double? value, string? error = null) =>
        new(Number, state, value, new Dictionary<string, object>(parameters), new Dictionary<string, Distribution>(distributions),
            new SortedDictionary<int, double>(intermediate), new Dictionary<string, object>(userAttributes), Start, DateTime.UtcNow, error);
}
