using F = NotebookLib.Torch.torch.nn.functional;

namespace NotebookLib.Torch.Modules;

/// <summary>A loss: call(input, target) → a scalar (Mean, Sum) or per-element values (None).</summary>
public abstract class Loss(Reduction reduction) : Module<Tensor, Tensor, Tensor>
{
    public Reduction reduction { get; } = reduction;
}

public sealed class MSELoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public override Tensor forward(Tensor input, Tensor target) => F.mse_loss(input, target, reduction);
}

public sealed class L1Loss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public override Tensor forward(Tensor input, Tensor target) => F.l1_loss(input, target, reduction);
}

/// <summary>Binary cross-entropy of probabilities (after a sigmoid).</summary>
public sealed class BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public override Tensor forward(Tensor input, Tensor target) => F.binary_cross_entropy(input, target, weight, reduction);
}

/// <summary>Binary cross-entropy of logits (sigmoid built in, numerically stable); pos_weight weighs positives.</summary>
public sealed class BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weight = null) : Loss(reduction)
{
    public override Tensor forward(Tensor input, Tensor target) => F.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction);
}

/// <summary>Cross-entropy of logits (N, C) against class indices (N).</summary>
public sealed class CrossEntropyLoss(Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0) : Loss(reduction)
{
    public override Tensor forward(Tensor input, Tensor target) => F.cross_entropy(input, target, weight, reduction, ignore_index, label_smoothing);
}

public sealed class NLLLoss(Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public override Tensor forward(Tensor input, Tensor target) => F.nll_loss(input, target, weight, reduction, ignore_index);
}
