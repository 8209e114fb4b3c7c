using NotebookLib.Models.Search;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Models;

public class HyperparameterSearchTests
{
    // A cheap objective with a known minimum of 0 at x = 0.7, y = -1.3, lr = 1e-3, filters = 48, act = tanh.
    static double Objective(Trial t)
    {
        var x = t.SuggestFloat("x", -5, 5);
        var y = t.SuggestFloat("y", -5, 5);
        var lr = t.SuggestFloat("lr", 1e-6, 1, log: true);
        var filters = t.SuggestInt("filters", 8, 128);
        var act = t.SuggestCategorical("act", "relu", "tanh", "elu");
        return Math.Pow(x - 0.7, 2) + Math.Pow(y + 1.3, 2) + Math.Pow(Math.Log10(lr) + 3, 2) / 4
               + Math.Pow((filters - 48) / 16.0, 2) + (act == "tanh" ? 0 : 0.5);
    }

    static double Best(ISampler sampler, int trials) =>
        new Study(sampler: sampler, pruner: new NopPruner()).Optimize(Objective, trials, progress: false).BestValue;

    [Fact]
    public void Tpe_finds_the_known_optimum_better_than_random_search()
    {
        int[] seeds = [1, 2, 3, 4, 5, 6];
        var tpe = seeds.Select(s => Best(new TpeSampler(seed: s), 80)).ToArray();
        var random = seeds.Select(s => Best(new RandomSampler(seed: s), 80)).ToArray();
        Assert.True(tpe.Average() < 0.5 * random.Average(),
            $"TPE mean best {tpe.Average():G4} should be well below random's {random.Average():G4} ([{string.Join(", ", tpe.Select(v => v.ToString("G3")))}] vs [{string.Join(", ", random.Select(v => v.ToString("G3")))}])");
        Assert.True(tpe.Count(v => v < 1) >= 5, $"TPE should get within 1 of the optimum on most seeds: [{string.Join(", ", tpe)}]");
    }

    [Fact]
    public void A_seed_makes_the_search_reproducible()
    {
        IReadOnlyList<string> Run(int seed) => new Study(seed: seed).Optimize(Objective, 15, progress: false).Trials
            .Select(t => string.Join(";", t.Params.Select(p => $"{p.Key}={p.Value}"))).ToList();
        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }

    [Fact]
    public void Maximising_picks_the_largest_value()
    {
        var study = new Study(StudyDirection.Maximize, new TpeSampler(nStartupTrials: 5, seed: 3), new NopPruner())
            .Optimize(t => -Math.Abs(t.SuggestFloat("x", 0, 10) - 6), 40, progress: false);
        Assert.Equal(study.Trials.Max(t => t.Value!.Value), study.BestValue);
        Assert.InRange(study.BestTrial.Param<double>("x"), 5.5, 6.5);
    }

    [Fact]
    public void Samples_stay_in_range_on_their_grid_and_scale()
    {
        foreach (ISampler sampler in new ISampler[] { new RandomSampler(seed: 5), new TpeSampler(nStartupTrials: 5, seed: 5) })
        {
            var study = new Study(sampler: sampler, pruner: new NopPruner()).Optimize(t =>
            {
                var a = t.SuggestInt("a", 3, 30, step: 3);
                var b = t.SuggestInt("b", 1, 1000, log: true);
                var c = t.SuggestFloat("c", 0.1, 0.9, step: 0.2);
                var d = t.SuggestFloat("d", 1e-5, 1e-1, log: true);
                return a + Math.Log(b) + c + Math.Abs(Math.Log10(d) + 2);
            }, 40, progress: false);
            foreach (var t in study.Trials)
            {
                var a = t.Param<long>("a");
                Assert.True(a is >= 3 and <= 30 && a % 3 == 0, $"a = {a}");
                Assert.InRange(t.Param<long>("b"), 1, 1000);
                var c = t.Param<double>("c");
                Assert.Contains(Math.Round(c, 9), new[] { 0.1, 0.3, 0.5, 0.7, 0.9 });
                Assert.InRange(t.Param<double>("d"), 1e-5, 1e-1);
            }
            // A log scale spreads draws over decades: about a third of b's fall in [1, 10).
            if (sampler is RandomSampler)
                Assert.InRange(study.Trials.Count(t => t.Param<long>("b") < 10), 5, 25);
        }
    }

    [Fact]
    public void Median_pruning_stops_clearly_bad_trials_and_only_after_warm_up()
    {
        // Learning curves x + 1/(step+1): a trial's final value is x, and it shows from the first step.
        const int warmup = 2, startup = 5;
        var study = new Study(sampler: new RandomSampler(seed: 9), pruner: new MedianPruner(nStartupTrials: startup, nWarmupSteps: warmup));
        var prunedAt = new Dictionary<int, int>();
        study.Optimize(t =>
        {
            var x = t.SuggestFloat("x", 0, 1);
            for (var step = 0; step < 10; step++)
            {
                t.Report(x + 1.0 / (step + 1), step);
                if (t.ShouldPrune()) { prunedAt[t.Number] = step; throw new TrialPrunedException(); }
            }
            return x;
        }, 40, progress: false);

        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        var complete = study.Trials.Where(t => t.State == TrialState.Complete).ToList();
        Assert.True(pruned.Count >= 10, $"only {pruned.Count} of 40 trials were pruned");
        Assert.All(prunedAt.Values, s => Assert.True(s >= warmup, $"pruned at step {s}, before the warm-up of {warmup} steps"));
        Assert.All(study.Trials.Take(startup), t => Assert.Equal(TrialState.Complete, t.State));
        // Clearly bad trials (x > 0.9) after the start-up are all pruned, at the first step allowed.
        var bad = study.Trials.Skip(startup).Where(t => t.Param<double>("x") > 0.9).ToList();
        Assert.NotEmpty(bad);
        Assert.All(bad, t => { Assert.Equal(TrialState.Pruned, t.State); Assert.Equal(warmup, prunedAt[t.Number]); });
        // A pruned trial's value is its last intermediate value, and it was worse than the median then.
        foreach (var t in pruned)
        {
            var step = prunedAt[t.Number];
            Assert.Equal(t.IntermediateValues[step], t.Value);
            var before = complete.Where(c => c.Number < t.Number).Select(c => c.IntermediateValues[step]).Order().ToArray();
            var median = before.Length % 2 == 1 ? before[before.Length / 2] : (before[before.Length / 2 - 1] + before[before.Length / 2]) / 2;
            Assert.True(t.IntermediateValues[step] > median);
        }
        Assert.True(pruned.Average(t => t.Param<double>("x")) > complete.Average(t => t.Param<double>("x")) + 0.2);
    }

    [Fact]
    public void Parzen_estimator_is_a_normalised_density_on_its_interval()
    {
        var est = ParzenEstimator.Numeric([0.1, 0.15, 0.8, 2.9], low: 0, high: 3);
        const int n = 30000;
        var h = 3.0 / n;
        var integral = 0.0;
        for (var i = 0; i <= n; i++) integral += (i == 0 || i == n ? 0.5 : 1) * Math.Exp(est.LogPdf(i * h)) * h;
        Assert.Equal(1.0, integral, 4);
        var random = new Random(1);
        var draws = Enumerable.Range(0, 20000).Select(_ => est.Sample(random)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 0, 3));
        // The empirical mass of [0, 0.5] matches the density's.
        var mass = 0.0;
        for (var i = 0; i < 5000; i++) mass += Math.Exp(est.LogPdf((i + 0.5) * 0.5 / 5000)) * 0.5 / 5000;
        Assert.Equal(mass, draws.Count(d => d <= 0.5) / 20000.0, 1);
    }

    [Fact]
    public void Suggesting_a_parameter_twice_returns_the_same_value_and_a_different_range_is_an_error()
    {
        var study = new Study(seed: 1);
        var trial = study.Ask();
        var first = trial.SuggestFloat("lr", 1e-4, 1e-1, log: true);
        Assert.Equal(first, trial.SuggestFloat("lr", 1e-4, 1e-1, log: true));
        var e = Assert.Throws<ArgumentException>(() => trial.SuggestFloat("lr", 1e-3, 1e-1));
        Assert.Contains("'lr'", e.Message);
        Assert.Contains("log", e.Message);
        Assert.Throws<ArgumentException>(() => trial.SuggestFloat("bad", 1, 0));
        Assert.Throws<ArgumentException>(() => trial.SuggestFloat("bad", 0, 1, log: true));
    }

    [Fact]
    public void Enqueued_parameters_results_table_and_errors()
    {
        var study = new Study(seed: 2, pruner: new NopPruner());
        study.EnqueueTrial(new Dictionary<string, object> { ["n"] = 7L, ["kind"] = "b" });
        Assert.Throws<InvalidOperationException>(() => study.BestTrial);
        var space = new SearchSpace().Int("n", 1, 10).Categorical("kind", "a", "b");
        study.Optimize(t =>
        {
            var p = space.Suggest(t);
            t.SetUserAttribute("note", "ran");
            return (long)p["n"] == 3 ? double.NaN : (long)p["n"] + ((string)p["kind"] == "a" ? 0.5 : 0);
        }, 12, catchExceptions: true, progress: false);
        Assert.Equal(7L, study.Trials[0].Params["n"]);
        Assert.Equal("b", study.Trials[0].Params["kind"]);
        Assert.All(study.Trials.Where(t => t.Param<long>("n") == 3), t => Assert.Equal(TrialState.Failed, t.State));
        Assert.Equal(study.Trials.Where(t => t.State == TrialState.Complete).Min(t => t.Value), study.BestValue);

        var dir = Repo.TempDir("search");
        var csv = Path.Combine(dir, "trials.csv");
        study.WriteCsv(csv);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("number,state,value,duration_s,n,kind", lines[0]);
        Assert.Equal(13, lines.Length);
        Assert.StartsWith("0,complete,7,", lines[1]);
        Assert.EndsWith(",7,b", lines[1]);

        // Without catchExceptions an objective's exception reaches the caller, and the trial is kept as failed.
        var e = Assert.Throws<InvalidOperationException>(() => study.Optimize(_ => throw new InvalidOperationException("boom"), 3, progress: false));
        Assert.Equal("boom", e.Message);
        Assert.Equal(TrialState.Failed, study.Trials[^1].State);
        Assert.Contains("boom", study.Trials[^1].Error);
        Assert.Equal(13, study.Trials.Count);
    }
}
