namespace NotebookLib.Tests.Models;

/// <summary>Tests that check results for a seed: libtorch's generator is process-wide, so they run
/// with no other test in parallel drawing from it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibtorchRngCollection
{
    public const string Name = "libtorch global generator";
}
