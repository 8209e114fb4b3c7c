namespace NotebookLib.Tests.Models;

/// <summary>Tests that seed libtorch's generator (directly, or through Trainer and CoTeaching, which seed
/// it) and check results for that seed: the generator is process-wide, so they run alone, with no other
/// test drawing from it in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibtorchRngCollection
{
    public const string Name = "libtorch global generator";
}
