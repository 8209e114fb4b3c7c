using NotebookLib.Torch;

namespace NotebookLib.Models.Training;

/// <summary>
/// A quantity logged per epoch beside the loss, computed per batch from the model's output and
/// the targets and averaged over the samples (Keras' metrics). Validation data gives "val_" + Name.
/// </summary>
public sealed record Metric(string Name, Func<Tensor, Tensor, double> Compute)
{
    /// <summary>Fraction of correct 0/1 decisions from probabilities (threshold 0.5) against 0/1 targets.</summary>
    public static Metric BinaryAccuracy(double threshold = 0.5) => new("accuracy", (output, target) =>
    {
        using var scope = torch.NewDisposeScope();
        return output.reshape(-1).gt(threshold).eq(target.reshape(-1).gt(0.5)).to(ScalarType.Float32).mean().item<double>();
    });

    /// <summary>Fraction of samples whose arg-max class (N, C) equals the target class (N).</summary>
    public static Metric Accuracy() => new("accuracy", (output, target) =>
    {
        using var scope = torch.NewDisposeScope();
        return output.argmax(1).eq(target.to(ScalarType.Int64)).to(ScalarType.Float32).mean().item<double>();
    });

    /// <summary>Mean squared error over all elements: an autoencoder's reconstruction MSE when it trains on another loss.</summary>
    public static Metric MeanSquaredError() => new("mse", (output, target) =>
    {
        using var scope = torch.NewDisposeScope();
        return (output - target).square().mean().item<double>();
    });

    public static Metric MeanAbsoluteError() => new("mae", (output, target) =>
    {
        using var scope = torch.NewDisposeScope();
        return (output - target).abs().mean().item<double>();
    });
}
