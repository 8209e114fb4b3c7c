using NotebookLib.Models.Networks;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

/// <summary>Notebook 04's two autoencoders have the talk's summaries (Keras counts: batch-norm running
/// statistics as non-trainable parameters).</summary>
[Collection(LibtorchRngCollection.Name)]
public class ArtifactNetworkTests
{
    [Fact]
    public void The_talks_dense_autoencoder_has_69359232_parameters_as_keras_counts_them()
    {
        using var dense = DenseAutoencoder.ForSurveyArtifacts();
        var s = dense.KerasSummary();
        Assert.Equal(69_359_232, s.TotalParameters);
        Assert.Equal(69_358_976, s.TrainableParameters);
        Assert.Equal(256, s.NonTrainableParameters);
        // PyTorch's count is the trainable one.
        Assert.Equal(69_358_976, dense.parameter_count());
        Assert.Contains("69,359,232", s.ToString());
        using var x = rand(2, 1, 128, 128);
        using var z = dense.Encode(x);
        Assert.Equal([2, 128], z.shape);
    }

    [Fact]
    public void The_talks_cnn_autoencoder_has_a_16x16x4_latent_and_a_1628_parameter_encoder()
    {
        manual_seed(1);
        using var cnn = new ArtifactConvAutoencoder();
        var e = cnn.EncoderSummary();
        Assert.Equal(1_628, e.TotalParameters);
        Assert.Equal(1_620, e.TrainableParameters);
        Assert.Equal([1, 4, 16, 16], e.Rows[^1].OutputShape!);
        using var x = rand(3, 1, 128, 128);
        using var z = cnn.Encode(x);
        Assert.Equal([3, 4, 16, 16], z.shape);
        Assert.Equal([4, 16, 16], cnn.LatentShape);
        using var y = cnn.call(x);
        Assert.Equal([3, 1, 128, 128], y.shape);
        Assert.True(y.min().item<float>() >= 0 && y.max().item<float>() <= 1);
        Assert.Throws<ArgumentException>(() => new ArtifactConvAutoencoder(100, 100));
    }

    [Fact]
    public void The_dense_output_bias_starts_at_the_logit_of_the_mean_pixel()
    {
        manual_seed(3);
        using var dense = new DenseAutoencoder(16, 16, hidden: [32], latentDim: 4).InitializeOutputBias(0.2);
        dense.eval();
        // With the weights of the output layer zeroed, every output pixel is sigmoid(bias) = 0.2.
        foreach (var (name, p) in dense.named_parameters())
            if (name.StartsWith("decoder.", StringComparison.Ordinal) && name.EndsWith("weight", StringComparison.Ordinal) && p.shape[0] == 256)
                using (no_grad()) p.zero_();
        using var x = rand(2, 1, 16, 16);
        using var y = dense.call(x);
        Assert.Equal(0.2, y.mean().item<float>(), 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => dense.InitializeOutputBias(1.5));
    }
}
