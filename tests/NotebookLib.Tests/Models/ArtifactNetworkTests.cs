using NotebookLib.Analysis;
using NotebookLib.Models.Networks;
using NotebookLib.Tests.Analysis;
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

    [Fact]
    public void The_data_dependent_initialisation_matches_the_same_procedure_in_pytorch()
    {
        manual_seed(5);
        using var cnn = new ArtifactConvAutoencoder(16, 16);
        // Non-negative, nearly flat images around 0.4, as the talk's inputs: most default-initialised channels are all-on or all-off.
        using var batch = rand(6, 1, 16, 16) * 0.1 + 0.35;
        var before = cnn.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>());
        var convs = new[] { "encoder.conv1", "encoder.conv2", "encoder.conv3", "decoder.conv4", "decoder.conv5", "decoder.conv6", "decoder.conv7" };
        var outputBias = before["decoder.conv7.bias"].ToArray();
        var scales = cnn.InitializeFromData(batch);
        Assert.Equal(["conv1", "conv2", "conv3", "conv4", "conv5", "conv6"], scales.Select(s => s.Layer).ToArray());
        var after = cnn.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>());
        Assert.Equal(outputBias, after["decoder.conv7.bias"]);   // the output convolution is left alone

        var expected = Oracle.Run("""
            import torch, torch.nn as nn, torch.nn.functional as F
            torch.set_grad_enabled(False)
            def conv(i, o): return nn.Conv2d(i, o, 3, padding='same')
            enc = [conv(1, 16), nn.ReLU(), nn.MaxPool2d(2), conv(16, 8), nn.ReLU(), nn.MaxPool2d(2), conv(8, 4), nn.ReLU(), nn.MaxPool2d(2), nn.BatchNorm2d(4)]
            dec = [conv(4, 4), nn.ReLU(), nn.Upsample(scale_factor=2), conv(4, 8), nn.ReLU(), nn.Upsample(scale_factor=2),
                   conv(8, 16), nn.ReLU(), nn.Upsample(scale_factor=2), conv(16, 1), nn.Sigmoid()]
            layers = enc + dec
            convs = [l for l in layers if isinstance(l, nn.Conv2d)]
            for l, name in zip(convs, inp['convs']):
                l.weight.copy_(torch.tensor(inp['w'][name]).reshape(l.weight.shape)); l.bias.copy_(torch.tensor(inp['b'][name]))
            h = torch.tensor(inp['x']).reshape(6, 1, 16, 16)
            for l in layers:
                if isinstance(l, nn.Conv2d) and l is not convs[-1]:
                    z = F.conv2d(h, l.weight, None, padding='same').transpose(0, 1).flatten(1)
                    sd = z.std(1, unbiased=False); med = z.median(1).values
                    l.weight.mul_(1 / sd[:, None, None, None]); l.bias.copy_(-med / sd)
                    h = l(h)
                elif isinstance(l, nn.BatchNorm2d): h = F.batch_norm(h, None, None, l.weight, l.bias, True)
                else: h = l(h)
            out = {'w': [c.weight.flatten().tolist() for c in convs[:-1]], 'b': [c.bias.tolist() for c in convs[:-1]]}
            """, new
        {
            convs,
            w = convs.ToDictionary(c => c, c => before[c + ".weight"]),
            b = convs.ToDictionary(c => c, c => before[c + ".bias"]),
            x = batch.data<float>(),
        });
        for (var k = 0; k < 6; k++)
        {
            var w = Oracle.Doubles(expected["w"]![k]!);
            var b = Oracle.Doubles(expected["b"]![k]!);
            var ourW = after[convs[k] + ".weight"];
            var ourB = after[convs[k] + ".bias"];
            for (var i = 0; i < w.Length; i++) Assert.True(Math.Abs(w[i] - ourW[i]) <= 1e-3 * (1 + Math.Abs(w[i])), $"{convs[k]}.weight[{i}]: PyTorch {w[i]}, ours {ourW[i]}");
            for (var i = 0; i < b.Length; i++) Assert.True(Math.Abs(b[i] - ourB[i]) <= 1e-3 * (1 + Math.Abs(b[i])), $"{convs[k]}.bias[{i}]: PyTorch {b[i]}, ours {ourB[i]}");
        }
        // The running statistics of the latent batch norm are untouched.
        Assert.Equal(before["encoder.latent_norm.running_mean"], after["encoder.latent_norm.running_mean"]);
        Assert.Equal(before["encoder.latent_norm.running_var"], after["encoder.latent_norm.running_var"]);
    }

    [Fact]
    public void After_the_data_dependent_initialisation_no_latent_channel_is_constant_on_its_images()
    {
        manual_seed(7);
        using var cnn = new ArtifactConvAutoencoder(32, 32);
        var images = new float[8 * 32 * 32];
        var rng = new Random(7);
        for (var i = 0; i < images.Length; i++) images[i] = (float)(0.4 + 0.02 * rng.NextDouble());
        var data = new NotebookLib.Data.ArrayDataset(images, [1, 32, 32]);
        cnn.eval();
        cnn.InitializeFromData(data, count: 8);
        using var x = from_array(images, 8, 1, 32, 32);
        using var z = cnn.Encode(x);   // eval mode: the batch norm's (untouched) running statistics, an affine map per channel
        var fractions = Matrix.ConstantChannelFractions(z.data<float>(), 8, 4);
        Assert.All(fractions, f => Assert.True(f < 0.5, $"constant in {f:P0} of the images: [{string.Join(", ", fractions)}]"));
        Assert.Throws<ArgumentOutOfRangeException>(() => cnn.InitializeFromData(data, count: 1));
    }
}
