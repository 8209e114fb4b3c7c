namespace NotebookLib.Models.Search;

/// <summary>Independent uniform draws (on the log scale for log ranges): the baseline every
/// smarter sampler should beat, and the TPE sampler's start-up phase. Deterministic from a seed.</summary>
public sealed class RandomSampler(int? seed = null) : ISampler
{
    readonly Random random = new(Configuration.Seeds.Resolve(seed));

    public double Sample(Study study, Trial trial, string name, Distribution distribution) => Draw(random, distribution);

    internal static double Draw(Random random, Distribution distribution)
    {
        if (distribution is CategoricalDistribution c) return random.Next(c.Choices.Count);
        var space = NumericSpace.Of(distribution);
        return space.Untransform(space.Low + random.NextDouble() * (space.High - space.Low));
    }
}
