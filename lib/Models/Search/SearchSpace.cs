using System.Collections;

namespace NotebookLib.Models.Search;

/// <summary>
/// A search space declared up front (the alternative to calling trial.Suggest* inside the
/// objective): named int, float (linear or log) and categorical ranges. Suggest(trial) draws
/// all of them for a trial, in declaration order.
/// </summary>
public sealed class SearchSpace : IEnumerable<KeyValuePair<string, Distribution>>
{
    readonly List<KeyValuePair<string, Distribution>> entries = [];

    public SearchSpace Int(string name, long low, long high, bool log = false, long step = 1) => Add(name, new IntDistribution(low, high, log, step));
    public SearchSpace Float(string name, double low, double high, bool log = false, double? step = null) => Add(name, new FloatDistribution(low, high, log, step));
    public SearchSpace Categorical(string name, params object[] choices) => Add(name, new CategoricalDistribution(choices));

    public SearchSpace Add(string name, Distribution distribution)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (entries.Any(e => e.Key == name)) throw new ArgumentException($"the search space already has a parameter '{name}'");
        entries.Add(new(name, distribution));
        return this;
    }

    public int Count => entries.Count;
    public Distribution this[string name] => entries.FirstOrDefault(e => e.Key == name).Value
        ?? throw new KeyNotFoundException($"the search space has no parameter '{name}' (it has {string.Join(", ", entries.Select(e => e.Key))})");

    /// <summary>Draws every parameter for the trial; the values are also in trial.Params.</summary>
    public IReadOnlyDictionary<string, object> Suggest(Trial trial)
    {
        var values = new Dictionary<string, object>();
        foreach (var (name, d) in entries) values[name] = trial.Suggest(name, d);
        return values;
    }

    public IEnumerator<KeyValuePair<string, Distribution>> GetEnumerator() => entries.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
