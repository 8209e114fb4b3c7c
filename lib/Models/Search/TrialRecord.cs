namespace NotebookLib.Models.Search;

public enum TrialState { Running, Complete, Pruned, Failed }

/// <summary>Minimise (losses) or maximise (scores) the objective.</summary>
public enum StudyDirection { Minimize, Maximize }

/// <summary>
/// One finished trial, a row of the study's results table (Optuna's FrozenTrial): its parameters,
/// its value (the final one, or for a pruned trial the last intermediate value), the intermediate
/// values it reported by step, and when it ran.
/// </summary>
public sealed record TrialRecord(
    int Number,
    TrialState State,
    double? Value,
    IReadOnlyDictionary<string, object> Params,
    IReadOnlyDictionary<string, Distribution> Distributions,
    IReadOnlyDictionary<int, double> IntermediateValues,
    IReadOnlyDictionary<string, object> UserAttributes,
    DateTime Start,
    DateTime End,
    string? Error = null)
{
    public TimeSpan Duration => End - Start;

    /// <summary>The internal number (value, or a categorical's index) of a parameter, for samplers.</summary>
    internal double InternalValue(string name) => Distributions[name].ToInternal(Params[name]);

    /// <summary>The parameter as T (e.g. Param&lt;double&gt;("lr"), Param&lt;long&gt;("filters")).</summary>
    public T Param<T>(string name) => Params.TryGetValue(name, out var v)
        ? (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture)
        : throw new KeyNotFoundException($"trial {Number} has no parameter '{name}' (it has {string.Join(", ", Params.Keys)})");
}
