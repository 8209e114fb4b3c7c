namespace NotebookLib.Tests.RealKernel;

/// <summary>The tests that share one real kernel process (it takes seconds to start); they submit one
/// cell at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RealKernelCollection : ICollectionFixture<RealKernelFixture>
{
    public const string Name = "real .NET Interactive kernel";
}
