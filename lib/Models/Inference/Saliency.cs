using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Inference;

/// <summary>
/// Saliency maps (Simonyan et al. 2014): the gradient of a chosen output of each sample — its
/// reconstruction loss, a class score — with respect to that sample's input pixels, in eval mode.
/// Samples do not interact in eval mode, so one backward pass of the summed scores gives every
/// sample's own gradient. Absolute values by default, as saliency maps are usually shown.
/// </summary>
public static class Saliency
{
    /// <summary>d score_i / d input_i for each sample i: score maps (input, output) to one value per sample (N).</summary>
    public static Tensor Gradient(Module<Tensor, Tensor> model, Tensor inputs, Func<Tensor, Tensor, Tensor> score, bool absolute = true)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            var x = inputs.detach().requires_grad_();
            var output = model.call(x);
            var s = score(x, output);
            if (s.dim() != 1 || s.size(0) != inputs.size(0))
                throw new ArgumentException($"a saliency score must give one value per sample ({inputs.size(0)}), not shape ({string.Join(", ", s.shape)})");
            var g = autograd.grad([s.sum()], [x])[0] ?? throw new InvalidOperationException("the score does not depend on the input");
            return (absolute ? g.abs() : g).MoveToOuterDisposeScope();
        }
        finally { model.train(wasTraining); }
    }

    /// <summary>Saliency of the score (logit or probability) of class k; a 1-D output (N) is the single class.</summary>
    public static Tensor ForClass(Module<Tensor, Tensor> model, Tensor inputs, long classIndex = 0, bool absolute = true) =>
        Gradient(model, inputs, (_, output) => output.dim() == 1 ? output.alias() : output.select(1, classIndex), absolute);

    /// <summary>Saliency of each sample's mean squared reconstruction error: the pixels the autoencoder finds hardest.</summary>
    public static Tensor ForReconstruction(Module<Tensor, Tensor> autoencoder, Tensor inputs, bool absolute = true) =>
        Gradient(autoencoder, inputs, (x, output) => (output - x).square().flatten(1).mean(1), absolute);
}
