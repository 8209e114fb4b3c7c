namespace NotebookLib.Models.Search;

/// <summary>Thrown by an objective when trial.ShouldPrune() says so (Optuna's TrialPruned):
/// the study records the trial as pruned with its last intermediate value.</summary>
public sealed class TrialPrunedException(string? message = null) : Exception(message ?? "trial pruned");
