using System.Globalization;

namespace NotebookLib.Models.Search;

/// <summary>
/// The range a hyper-parameter is drawn from, as Optuna's distributions. Samplers work on an
/// internal number (the value itself for ints and floats, the choice's index for categoricals);
/// ToExternal turns it into what the objective receives.
/// </summary>
public abstract record Distribution
{
    /// <summary>The value the objective sees for an internal number.</summary>
    public abstract object ToExternal(double internalValue);
    /// <summary>The internal number of a value the objective saw (or a user enqueued).</summary>
    public abstract double ToInternal(object value);
    /// <summary>True when the internal number lies in the range (and on the grid, if any).</summary>
    public abstract bool Contains(double internalValue);
    /// <summary>True when only one value can be drawn.</summary>
    public abstract bool IsSingle { get; }
}

/// <summary>A float in [Low, High], uniform on a linear or a log scale, optionally on a grid of Step.</summary>
public sealed record FloatDistribution : Distribution
{
    public double Low { get; }
    public double High { get; }
    public bool Log { get; }
    public double? Step { get; }

    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || low > high)
            throw new ArgumentException($"a float range needs finite low <= high, not [{low}, {high}]");
        if (log && low <= 0)
            throw new ArgumentException($"a log-scaled float range needs low > 0, not [{low}, {high}]");
        if (log && step is not null)
            throw new ArgumentException("a float range cannot be both log-scaled and stepped");
        if (step is { } s && !(s > 0))
            throw new ArgumentException($"a float step must be positive, not {s}");
        Low = low; Log = log; Step = step;
        // As Optuna: the high end is lowered onto the grid.
        High = step is { } st ? low + Math.Floor((high - low) / st + 1e-9) * st : high;
    }

    public override object ToExternal(double internalValue) => internalValue;
    public override double ToInternal(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
    public override bool Contains(double v) =>
        v >= Low && v <= High && (Step is not { } s || Math.Abs((v - Low) / s - Math.Round((v - Low) / s)) < 1e-6);
    public override bool IsSingle => Low == High;
    public override string ToString() =>
        FormattableString.Invariant($"float [{Low:G6}, {High:G6}]{(Log ? " log" : "")}{(Step is { } s ? $" step {s:G6}" : "")}");
}

/// <summary>An integer in [Low, High] (both included), uniform on a linear or a log scale, on a grid of Step.</summary>
public sealed record IntDistribution : Distribution
{
    public long Low { get; }
    public long High { get; }
    public bool Log { get; }
    public long Step { get; }

    public IntDistribution(long low, long high, bool log = false, long step = 1)
    {
        if (low > high) throw new ArgumentException($"an int range needs low <= high, not [{low}, {high}]");
        if (log && low < 1) throw new ArgumentException($"a log-scaled int range needs low >= 1, not [{low}, {high}]");
        if (step < 1) throw new ArgumentException($"an int step must be at least 1, not {step}");
        if (log && step != 1) throw new ArgumentException("a log-scaled int range cannot have a step other than 1");
        Low = low; Log = log; Step = step;
        High = low + (high - low) / step * step;
    }

    public override object ToExternal(double internalValue) => (long)Math.Round(internalValue);
    public override double ToInternal(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
    public override bool Contains(double v) => v >= Low && v <= High && v == Math.Round(v) && ((long)v - Low) % Step == 0;
    public override bool IsSingle => Low == High;
    public override string ToString() => FormattableString.Invariant($"int [{Low}, {High}]{(Log ? " log" : "")}{(Step != 1 ? $" step {Step}" : "")}");
}

/// <summary>One of a list of choices (numbers, strings, booleans, ...); drawn uniformly by a random sampler.</summary>
public sealed record CategoricalDistribution : Distribution
{
    public IReadOnlyList<object> Choices { get; }

    public CategoricalDistribution(IEnumerable<object> choices)
    {
        Choices = choices?.ToArray() ?? throw new ArgumentNullException(nameof(choices));
        if (Choices.Count == 0) throw new ArgumentException("a categorical parameter needs at least one choice");
        if (Choices.Any(c => c is null)) throw new ArgumentException("categorical choices cannot be null");
    }

    public override object ToExternal(double internalValue) => Choices[(int)internalValue];
    public override double ToInternal(object value)
    {
        for (var i = 0; i < Choices.Count; i++)
            if (Equals(Choices[i], value)) return i;
        throw new ArgumentException($"{value} is not one of the choices [{string.Join(", ", Choices)}]");
    }
    public override bool Contains(double v) => v >= 0 && v < Choices.Count && v == Math.Round(v);
    public override bool IsSingle => Choices.Count == 1;

    // Records compare lists by reference; two distributions with the same choices are the same.
    public bool Equals(CategoricalDistribution? other) => other is not null && Choices.SequenceEqual(other.Choices);
    public override int GetHashCode() => Choices.Aggregate(17, (h, c) => h * 31 + c.GetHashCode());
    public override string ToString() => $"categorical [{string.Join(", ", Choices)}]";
}
