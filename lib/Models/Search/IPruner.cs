namespace NotebookLib.Models.Search;

/// <summary>Decides, from a running trial's intermediate values and the finished trials', whether to stop it.</summary>
public interface IPruner
{
    bool ShouldPrune(Study study, Trial trial);
}

/// <summary>Never prunes.</summary>
public sealed class NopPruner : IPruner
{
    public bool ShouldPrune(Study study, Trial trial) => false;
}
