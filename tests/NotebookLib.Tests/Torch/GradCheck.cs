using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

/// <summary>Compares autograd's gradients with central finite differences, in float64.</summary>
static class GradCheck
{
    /// <summary>f computes a scalar from the tensors (which require grad); at most `samples`
    /// elements of each tensor are perturbed. Returns the worst relative error.</summary>
    public static double MaxError(Func<Tensor> f, IReadOnlyList<Tensor> tensors, int samples = 12, double h = 1e-6)
    {
        using var scope = NewDisposeScope();
        var analytic = autograd.grad([f()], tensors, allow_unused: true);
        var worst = 0.0;
        var rng = new Random(7);
        using var noGrad = no_grad();
        for (var k = 0; k < tensors.Count; k++)
        {
            var flat = tensors[k].detach().view(-1);
            var g = analytic[k]?.reshape(-1).data<double>() ?? new double[flat.numel()];
            var n = (int)flat.numel();
            var picks = n <= samples ? Enumerable.Range(0, n) : Enumerable.Range(0, samples).Select(_ => rng.Next(n));
            foreach (var i in picks)
            {
                var original = flat[i].item<double>();
                flat[i].fill_(original + h);
                var plus = f().item<double>();
                flat[i].fill_(original - h);
                var minus = f().item<double>();
                flat[i].fill_(original);
                var numeric = (plus - minus) / (2 * h);
                var err = Math.Abs(numeric - g[i]) / Math.Max(1e-3, Math.Abs(numeric) + Math.Abs(g[i]));
                worst = Math.Max(worst, err);
            }
        }
        return worst;
    }
}
