using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

/// <summary>Finite-difference checks of every layer's gradients (input and parameters) and every loss's.</summary>
[Collection(Models.LibtorchRngCollection.Name)]   // dropout is checked with the generator reseeded before each evaluation
public class GradientTests
{
    const double Tolerance = 1e-5;

    static void CheckLayer(Module<Tensor, Tensor> layer, long[] inputShape, bool reseed = false, double? offset = null)
    {
        using var _ = layer;
        layer.to(ScalarType.Float64);
        using var scope = NewDisposeScope();
        var x = randn(inputShape, ScalarType.Float64);
        if (offset.HasValue) x = x + offset.Value;
        x.requires_grad_();
        var w = (Tensor?)null;
        Tensor F()
        {
            if (reseed) manual_seed(11);
            var y = layer.call(x);
            w ??= randn(y.shape, ScalarType.Float64);                // a random direction, so no gradient is trivially 1
            return (y * w).sum();
        }
        var tensors = new List<Tensor> { x };
        tensors.AddRange(layer.parameters());
        var err = GradCheck.MaxError(F, tensors);
        Assert.True(err < Tolerance, $"{layer.GetType().Name}: worst relative gradient error {err:G3}");
    }

    [Fact] public void Gradients_of_Conv2d() => CheckLayer(nn.Conv2d(2, 3, 3, stride: 2, padding: 1), [2, 2, 7, 7]);
    [Fact] public void Conv2d_same() => CheckLayer(nn.Conv2d(2, 3, 3, padding: "same"), [1, 2, 5, 5]);
    [Fact] public void Gradients_of_ConvTranspose2d() => CheckLayer(nn.ConvTranspose2d(2, 3, 3, stride: 2, padding: 1, output_padding: 1), [1, 2, 4, 4]);
    [Fact] public void Gradients_of_MaxPool2d() => CheckLayer(nn.MaxPool2d(2), [1, 2, 6, 6]);
    [Fact] public void Gradients_of_AvgPool2d() => CheckLayer(nn.AvgPool2d(3, stride: 2, padding: 1), [1, 2, 7, 7]);
    [Fact] public void Gradients_of_AdaptiveAvgPool2d() => CheckLayer(nn.AdaptiveAvgPool2d(3), [1, 2, 7, 8]);
    [Fact] public void Upsample_nearest() => CheckLayer(nn.Upsample(2), [1, 2, 3, 3]);
    [Fact] public void Upsample_bilinear() => CheckLayer(nn.Upsample(2, mode: "bilinear"), [1, 2, 3, 4]);
    [Fact] public void Gradients_of_Linear() => CheckLayer(nn.Linear(5, 4), [3, 5]);
    [Fact] public void Gradients_of_BatchNorm1d() => CheckLayer(nn.BatchNorm1d(4), [6, 4]);
    [Fact] public void Gradients_of_BatchNorm2d() => CheckLayer(nn.BatchNorm2d(3), [2, 3, 3, 3]);
    [Fact] public void Gradients_of_Dropout() => CheckLayer(nn.Dropout(0.3), [4, 5], reseed: true);
    [Fact] public void Gradients_of_ReLU() => CheckLayer(nn.ReLU(), [4, 5]);
    [Fact] public void Gradients_of_LeakyReLU() => CheckLayer(nn.LeakyReLU(0.2), [4, 5]);
    [Fact] public void Gradients_of_Sigmoid() => CheckLayer(nn.Sigmoid(), [4, 5]);
    [Fact] public void Gradients_of_Tanh() => CheckLayer(nn.Tanh(), [4, 5]);
    [Fact] public void Gradients_of_Softmax() => CheckLayer(nn.Softmax(1), [3, 5]);
    [Fact] public void Gradients_of_Flatten() => CheckLayer(nn.Flatten(), [2, 3, 2, 2]);
    [Fact] public void Gradients_of_Sequential() => CheckLayer(nn.Sequential(nn.Conv2d(1, 2, 3, padding: 1), nn.ReLU(), nn.Flatten(), nn.Linear(32, 3)), [2, 1, 4, 4]);

    static void CheckLoss(Func<Tensor, Tensor, Tensor> loss, Tensor input, Tensor target)
    {
        input.requires_grad_();
        var err = GradCheck.MaxError(() => loss(input, target), [input]);
        Assert.True(err < Tolerance, $"worst relative gradient error {err:G3}");
    }

    public static TheoryData<Reduction> Reductions => new() { Reduction.None, Reduction.Mean, Reduction.Sum };

    // Reduction None gives per-element losses: weigh them by a fixed vector to make a scalar.
    static Func<Tensor, Tensor, Tensor> Scalar(Module<Tensor, Tensor, Tensor> loss, Reduction r) => (x, y) =>
    {
        var l = loss.call(x, y);
        if (r != Reduction.None) return l;
        using var w = linspace(0.5, 1.5, l.numel(), ScalarType.Float64).reshape(l.shape);
        return (l * w).sum();
    };

    [Theory, MemberData(nameof(Reductions))]
    public void MSE_loss(Reduction r)
    {
        using var scope = NewDisposeScope();
        CheckLoss(Scalar(nn.MSELoss(r), r), randn([4, 3], ScalarType.Float64), randn([4, 3], ScalarType.Float64));
    }

    [Theory, MemberData(nameof(Reductions))]
    public void L1_loss(Reduction r)
    {
        using var scope = NewDisposeScope();
        CheckLoss(Scalar(nn.L1Loss(r), r), randn([4, 3], ScalarType.Float64), randn([4, 3], ScalarType.Float64));
    }

    [Theory, MemberData(nameof(Reductions))]
    public void BCE_loss(Reduction r)
    {
        using var scope = NewDisposeScope();
        CheckLoss(Scalar(nn.BCELoss(reduction: r), r), rand([4, 3], ScalarType.Float64) * 0.8 + 0.1, rand([4, 3], ScalarType.Float64));
    }

    [Theory, MemberData(nameof(Reductions))]
    public void BCE_with_logits_loss(Reduction r)
    {
        using var scope = NewDisposeScope();
        var posWeight = tensor(new double[] { 1, 2, 3 });
        CheckLoss(Scalar(nn.BCEWithLogitsLoss(reduction: r, pos_weight: posWeight), r), randn([4, 3], ScalarType.Float64), rand([4, 3], ScalarType.Float64));
    }

    [Theory, MemberData(nameof(Reductions))]
    public void Cross_entropy_loss(Reduction r)
    {
        using var scope = NewDisposeScope();
        CheckLoss(Scalar(nn.CrossEntropyLoss(reduction: r), r), randn([5, 4], ScalarType.Float64), tensor(new long[] { 0, 3, 1, 1, 2 }));
    }

    [Fact]
    public void Loss_values_match_closed_forms()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 0.2, 0.9 });
        var y = tensor(new double[] { 0.0, 1.0 });
        Assert.Equal([0.04, 0.01], nn.MSELoss(Reduction.None).call(x, y).data<double>().Select(v => Math.Round(v, 12)));
        Assert.Equal(0.05, nn.MSELoss(Reduction.Sum).call(x, y).item<double>(), 12);
        Assert.Equal(0.15, nn.L1Loss().call(x, y).item<double>(), 12);
        var bce = nn.BCELoss(reduction: Reduction.None).call(x, y).data<double>();
        Assert.Equal(-Math.Log(0.8), bce[0], 12);
        Assert.Equal(-Math.Log(0.9), bce[1], 12);
        var logits = tensor(new double[,] { { 1, 2, 3 } });
        var ce = nn.CrossEntropyLoss().call(logits, tensor(new long[] { 2 })).item<double>();
        Assert.Equal(-Math.Log(Math.Exp(3) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3))), ce, 12);
        var z = tensor(new double[] { -1.5 });
        Assert.Equal(Math.Log(1 + Math.Exp(1.5)),               // −log σ(z) for target 1
            nn.BCEWithLogitsLoss().call(z, ones([1], ScalarType.Float64)).item<double>(), 12);
    }

    [Fact]
    public void Saliency_is_the_gradient_with_respect_to_the_input()
    {
        using var layer = nn.Linear(3, 1);
        using var scope = NewDisposeScope();
        var x = randn(1, 3).requires_grad_();
        layer.call(x).sum().backward();
        Assert.True(x.grad!.allclose(layer.weight.detach()));         // d(w·x + b)/dx = w
    }
}
