using System.Globalization;
using System.Text;
using NotebookLib.Display;
using NotebookLib.IO;
using NotebookLib.Plotting;

namespace NotebookLib.Models.Search;

/// <summary>
/// A hyper-parameter search in the manner of Optuna: Optimize runs the objective trial after
/// trial; each trial draws its parameters from the sampler (TPE by default) and may be pruned by
/// the pruner (median by default) from the intermediate values it reports. The finished trials
/// form the results table (<see cref="Trials"/>); <see cref="BestTrial"/> is the best complete one.
/// Deterministic given the seed (when the objective is).
/// </summary>
public sealed class Study
{
    readonly List<TrialRecord> trials = [];
    readonly Queue<IReadOnlyDictionary<string, object>> enqueued = new();
    readonly HashSet<int> running = [];

    public Study(StudyDirection direction = StudyDirection.Minimize, ISampler? sampler = null, IPruner? pruner = null,
        int? seed = null, string name = "study")
    {
        Direction = direction;
        Sampler = sampler ?? new TpeSampler(seed: seed);
        Pruner = pruner ?? new MedianPruner();
        Name = name;
    }

    public string Name { get; }
    public StudyDirection Direction { get; }
    public ISampler Sampler { get; }
    public IPruner Pruner { get; }

    /// <summary>Every finished trial (complete, pruned, failed), in the order they were asked for.</summary>
    public IReadOnlyList<TrialRecord> Trials => trials;

    /// <summary>The best complete trial (lowest value when minimising, highest when maximising).</summary>
    public TrialRecord BestTrial
    {
        get
        {
            var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
            if (complete.Count == 0)
                throw new InvalidOperationException($"study '{Name}' has no complete trial yet ({trials.Count(t => t.State == TrialState.Pruned)} pruned, {trials.Count(t => t.State == TrialState.Failed)} failed)");
            return Direction == StudyDirection.Minimize ? complete.MinBy(t => t.Value!.Value)! : complete.MaxBy(t => t.Value!.Value)!;
        }
    }
    public double BestValue => BestTrial.Value!.Value;
    public IReadOnlyDictionary<string, object> BestParams => BestTrial.Params;

    /// <summary>Makes the next trial use these parameter values (e.g. a known good configuration first).</summary>
    public Study EnqueueTrial(IReadOnlyDictionary<string, object> parameters)
    {
        enqueued.Enqueue(new Dictionary<string, object>(parameters));
        return this;
    }

    /// <summary>Starts a trial (ask-and-tell use); finish it with Tell.</summary>
    public Trial Ask()
    {
        var number = trials.Count + running.Count;
        running.Add(number);
        return new Trial(this, number, enqueued.Count > 0 ? enqueued.Dequeue() : null);
    }

    /// <summary>Finishes a trial with its objective value (NaN or infinity make it failed).</summary>
    public TrialRecord Tell(Trial trial, double value) =>
        double.IsFinite(value) ? Finish(trial, TrialState.Complete, value)
            : Finish(trial, TrialState.Failed, null, $"the objective returned {value.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Finishes a trial as pruned (its value is its last intermediate value) or failed.</summary>
    public TrialRecord Tell(Trial trial, TrialState state, string? error = null)
    {
        if (state is TrialState.Complete or TrialState.Running)
            throw new ArgumentException($"Tell(trial, state) takes Pruned or Failed; a complete trial needs its value: Tell(trial, value)");
        return Finish(trial, state, state == TrialState.Pruned && trial.LastStep is { } s ? trial.IntermediateValues[s] : null, error);
    }

    TrialRecord Finish(Trial trial, TrialState state, double? value, string? error = null)
    {
        if (!running.Remove(trial.Number))
            throw new InvalidOperationException($"trial {trial.Number} is not running in study '{Name}' (finished already, or from another study)");
        var record = trial.Freeze(state, value, error);
        trials.Add(record);
        trials.Sort((a, b) => a.Number.CompareTo(b.Number));
        return record;
    }

    /// <summary>
    /// Runs <paramref name="nTrials"/> trials (or until <paramref name="timeout"/>). The objective
    /// returns the value to optimise, or throws TrialPrunedException when trial.ShouldPrune().
    /// Other exceptions mark the trial failed and are rethrown unless <paramref name="catchExceptions"/>.
    /// </summary>
    public Study Optimize(Func<Trial, double> objective, int nTrials, TimeSpan? timeout = null,
        bool catchExceptions = false, bool progress = true)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (nTrials < 1) throw new ArgumentException($"nTrials must be at least 1, not {nTrials}");
        using var bar = progress ? Progress.Start($"search {Name}", nTrials) : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < nTrials; i++)
        {
            if (timeout is { } limit && clock.Elapsed > limit) break;
            var trial = Ask();
            TrialRecord record;
            try
            {
                record = Tell(trial, objective(trial));
            }
            catch (TrialPrunedException)
            {
                record = Tell(trial, TrialState.Pruned);
            }
            catch (Exception e)
            {
                record = Tell(trial, TrialState.Failed, $"{e.GetType().Name}: {e.Message}");
                if (!catchExceptions) throw;
            }
            bar?.Report(i + 1, ProgressLine(record));
        }
        return this;
    }

    string ProgressLine(TrialRecord record)
    {
        var value = record.Value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "-";
        var best = trials.Any(t => t.State == TrialState.Complete)
            ? $"; best {BestValue.ToString("G6", CultureInfo.InvariantCulture)} (trial {BestTrial.Number})" : "";
        return $"trial #{record.Number} {record.State.ToString().ToLowerInvariant()} value {value}{best}";
    }

    /// <summary>The names of every parameter any trial drew, in first-seen order: the columns of the results table.</summary>
    public IReadOnlyList<string> ParameterNames =>
        trials.SelectMany(t => t.Params.Keys).Distinct().ToList();

    /// <summary>The results table as CSV (number, state, value, duration_s, one column per parameter),
    /// written atomically.</summary>
    public void WriteCsv(string path)
    {
        var names = ParameterNames;
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", new[] { "number", "state", "value", "duration_s" }.Concat(names.Select(Csv))));
        foreach (var t in trials)
        {
            var cells = new List<string>
            {
                t.Number.ToString(CultureInfo.InvariantCulture), t.State.ToString().ToLowerInvariant(),
                t.Value?.ToString("R", CultureInfo.InvariantCulture) ?? "",
                t.Duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            };
            cells.AddRange(names.Select(n => t.Params.TryGetValue(n, out var v) ? Csv(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "") : ""));
            sb.AppendLine(string.Join(",", cells));
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    static string Csv(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
