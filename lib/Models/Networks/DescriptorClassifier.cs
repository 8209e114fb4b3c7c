using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// A fully-connected classifier on descriptors (the calibration-frame talk's classifier on
/// ResNet-50 features): Linear + ReLU + Dropout per hidden layer, then Linear to the class
/// logits (train with CrossEntropyLoss; one logit for two classes with BCEWithLogitsLoss).
/// PredictProba gives class probabilities.
/// </summary>
public sealed class DescriptorClassifier : Module<Tensor, Tensor>, INetwork
{
    readonly Sequential layers;

    public DescriptorClassifier(long inFeatures = ResNet50.DescriptorSize, long numClasses = 2, long[]? hidden = null, double dropout = 0.3)
    {
        hidden ??= [256, 64];
        if (inFeatures <= 0 || numClasses <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"DescriptorClassifier sizes must be positive: in {inFeatures}, hidden [{string.Join(", ", hidden)}], classes {numClasses}");
        InputShape = [inFeatures];
        NumClasses = numClasses;
        layers = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        var w = inFeatures;
        foreach (var h in hidden)
        {
            layers.append(nn.Linear(w, h));
            layers.append(nn.ReLU());
            if (dropout > 0) layers.append(nn.Dropout(dropout));
            w = h;
        }
        layers.append(nn.Linear(w, numClasses));
        register_module("layers", layers);
    }

    public long[] InputShape { get; }
    public long NumClasses { get; }

    public override Tensor forward(Tensor input)
    {
        this.CheckInput(input, nameof(DescriptorClassifier));
        return layers.call(input);
    }

    /// <summary>(N, classes) probabilities (softmax; sigmoid of the single logit as (N, 2) for a one-logit model), in eval mode.</summary>
    public Tensor PredictProba(Tensor input)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var logits = forward(input);
            if (NumClasses > 1) return logits.softmax(1).MoveToOuterDisposeScope();
            var p = logits.sigmoid();
            return cat([1 - p, p], 1).MoveToOuterDisposeScope();
        }
        finally { train(wasTraining); }
    }
}
