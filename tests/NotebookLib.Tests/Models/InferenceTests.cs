using NotebookLib.Data;
using NotebookLib.Models.Inference;
using NotebookLib.Models.Networks;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

/// <summary>Seeds libtorch's generator for repeatable weights and inputs, so it runs with no other test drawing from it.</summary>
[Collection(LibtorchRngCollection.Name)]
public class InferenceTests
{
    [Fact]
    public void Saliency_of_a_linear_model_equals_its_weights()
    {
        manual_seed(7);
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(5, 3);
        var x = randn(4, 5);
        for (var k = 0; k < 3; k++)
        {
            var s = Saliency.ForClass(linear, x, k, absolute: false);
            Assert.Equal([4, 5], s.shape);
            var w = linear.weight.select(0, k).detach().unsqueeze(0).expand(4, 5);
            Assert.True(s.allclose(w, 1e-6, 1e-7));
        }
        var abs = Saliency.ForClass(linear, x, 1);
        Assert.True(abs.allclose(linear.weight.select(0, 1).detach().abs().unsqueeze(0).expand(4, 5)));
    }

    [Fact]
    public void Reconstruction_saliency_matches_the_closed_form_of_a_linear_autoencoder()
    {
        // score = mean_j (W x + b − x)_j², so d score / d x = (2/d) (W − I)ᵀ (W x + b − x).
        manual_seed(8);
        using var scope = NewDisposeScope();
        using var ae = nn.Linear(6, 6);
        var x = randn(3, 6);
        var s = Saliency.ForReconstruction(ae, x, absolute: false);
        var w = ae.weight.detach();
        var residual = x.matmul(w.t()) + ae.bias!.detach() - x;
        var expected = residual.matmul(w - eye(6)) * (2.0 / 6);
        Assert.True(s.allclose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void Reconstruction_errors_and_latents_go_through_in_batches()
    {
        manual_seed(9);
        using var scope = NewDisposeScope();
        using var ae = new SeedAutoencoder(16, 16);
        var x = rand(10, 1, 16, 16);
        ae.eval();
        Tensor direct;
        using (no_grad()) direct = (ae.call(x) - x).square();
        var perSample = direct.flatten(1).mean(1).data<float>();

        var values = x.data<float>();
        var samples = new ArrayDataset(values, [1, 16, 16]);
        var errors = Reconstruction.Errors(ae, samples, batchSize: 3);
        Assert.Equal(perSample, errors, (a, b) => Math.Abs(a - b) < 1e-6);
        var pixels = Reconstruction.PixelErrors(ae, samples, batchSize: 4);
        Assert.True(pixels.allclose(direct, 1e-5, 1e-7));

        // A dataset that makes its samples on demand is read once per index, in order.
        var onDemand = new RecordingDataset(values);
        Assert.Equal(errors, Reconstruction.Errors(ae, onDemand, batchSize: 4));
        Assert.Equal(Enumerable.Range(0, 10), onDemand.Requested);

        var (latents, shape) = Reconstruction.Latents(ae, samples, batchSize: 4);
        Assert.Equal([64, 4, 4], shape);
        Assert.Equal(10 * 64 * 16, latents.Length);
        Tensor z;
        using (no_grad()) z = ae.Encode(x);
        Assert.Equal(z.data<float>(), latents, (a, b) => Math.Abs(a - b) < 1e-6);
        ae.train();
        Reconstruction.Errors(ae, samples);
        Assert.True(ae.training);   // the model is back in the mode it was in
    }

    /// <summary>Samples copied from an array on request, remembering which were asked for.</summary>
    sealed class RecordingDataset(float[] values) : IDataset
    {
        public readonly List<int> Requested = [];
        public int Count => values.Length / 256;
        public int[] SampleShape => [1, 16, 16];
        public int[]? TargetShape => null;
        public void CopyTo(int index, Span<float> destination)
        {
            Requested.Add(index);
            values.AsSpan(index * 256, 256).CopyTo(destination);
        }
        public void CopyTargetTo(int index, Span<float> destination) => throw new InvalidOperationException("no targets");
        public int Label(int index) => -1;
    }
}
