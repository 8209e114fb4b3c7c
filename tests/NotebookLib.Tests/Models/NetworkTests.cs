using NotebookLib.Models.Networks;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

[Collection(LibtorchRngCollection.Name)]
public class NetworkTests
{
    static long Conv(long i, long o, long k = 3, bool bias = true) => i * o * k * k + (bias ? o : 0);
    static long Dense(long i, long o) => i * o + o;
    static long Bn(long c) => 2 * c;

    static long[] Shape(Module<Tensor, Tensor> m, params long[] input)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        m.eval();
        return m.call(randn(input)).shape;
    }

    [Fact]
    public void Seed_autoencoder_has_78977_parameters_and_a_64_channel_quarter_size_latent()
    {
        manual_seed(1);
        using var ae = new SeedAutoencoder();
        Assert.Equal(78_977, ae.parameter_count());
        Assert.Equal([2, 1, 136, 136], Shape(ae, 2, 1, 136, 136));
        using (var x = rand(2, 1, 136, 136))
        using (var z = ae.Encode(x))
            Assert.Equal([2, 64, 34, 34], z.shape);
        Assert.Equal([64, 34, 34], ae.LatentShape);
        // Other patch sizes of the talk (68, 52 would not divide by 4).
        Assert.Equal([1, 1, 68, 68], Shape(ae, 1, 1, 68, 68));
        var summary = ae.Summary();
        Assert.Equal(78_977, summary.TotalParameters);
        Assert.Contains(summary.Rows, r => r.Name == "encoder.conv4" && r.OutputShape!.SequenceEqual(new long[] { 1, 64, 34, 34 }));
        var e = Assert.Throws<ArgumentException>(() => Shape(ae, 1, 3, 136, 136));
        Assert.Contains("(N, 1, *, *)", e.Message);
        Assert.Contains("(1, 3, 136, 136)", e.Message);
    }

    [Fact]
    public void Talk_003_autoencoders_have_a_latent_layer_and_batch_normalisation()
    {
        using var dense = new DenseAutoencoder();
        Assert.Equal(Dense(16384, 512) + Bn(512) + Dense(512, 128) + Bn(128) + Dense(128, 32)
                     + Dense(32, 128) + Bn(128) + Dense(128, 512) + Bn(512) + Dense(512, 16384), dense.parameter_count());
        Assert.Equal([3, 1, 128, 128], Shape(dense, 3, 1, 128, 128));
        using (var x = rand(3, 1, 128, 128)) using (var z = dense.Encode(x)) Assert.Equal([3, 32], z.shape);

        using var cnn = new ConvAutoencoder();
        Assert.Equal(Conv(1, 16, bias: false) + Bn(16) + Conv(16, 32, bias: false) + Bn(32) + Conv(32, 64, bias: false) + Bn(64)
                     + Dense(64 * 16 * 16, 64) + Dense(64, 64 * 16 * 16)
                     + Conv(64, 32, bias: false) + Bn(32) + Conv(32, 16, bias: false) + Bn(16) + Conv(16, 16, bias: false) + Bn(16) + Conv(16, 1),
            cnn.parameter_count());
        Assert.Equal([2, 1, 128, 128], Shape(cnn, 2, 1, 128, 128));
        Assert.Contains(cnn.named_modules(), m => m.module is NotebookLib.Torch.Modules.BatchNorm2d);
    }

    [Fact]
    public void Galaxy_autoencoder_and_vae_map_220x220x3_to_100_numbers_and_the_vae_samples()
    {
        manual_seed(2);
        using var ae = ConvAutoencoder.ForGalaxyCutouts();
        using (var x = rand(2, 3, 220, 220))
        {
            using var z = ae.Encode(x);
            Assert.Equal([2, 100], z.shape);
            using var r = ae.Decode(z);
            Assert.Equal([2, 3, 220, 220], r.shape);
        }
        using var vae = new VariationalAutoencoder();
        using (var x = rand(2, 3, 220, 220))
        {
            var (r, mu, lv) = vae.ForwardWithDistribution(x);
            Assert.Equal([2, 3, 220, 220], r.shape);
            Assert.Equal([2, 100], mu.shape);
            Assert.Equal([2, 100], lv.shape);
            r.Dispose(); mu.Dispose(); lv.Dispose();
            using var perSample = vae.Loss(x, x, Reduction.None);
            Assert.Equal([2], perSample.shape);
            using var mean = vae.Loss(x, x);
            Assert.True(mean.item<double>() > 0);
        }
        using var samples = vae.Sample(4, seed: 3);
        Assert.Equal([4, 3, 220, 220], samples.shape);
        var values = samples.data<float>();
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
        using var again = vae.Sample(4, seed: 3);
        Assert.Equal(values, again.data<float>());
        Assert.Throws<ArgumentException>(() => new ConvAutoencoder(110, 110, 3, pools: [2, 2, 5]));
    }

    [Fact]
    public void Transient_cnn_gives_probabilities_for_30x30_cutouts()
    {
        using var cnn = new TransientCnn();
        Assert.Equal(Conv(1, 32) + Conv(32, 64) + Dense(64 * 7 * 7, 128) + Dense(128, 1), cnn.parameter_count());
        using var x = randn(5, 1, 30, 30);
        cnn.eval();
        using var p = cnn.call(x);
        Assert.Equal([5], p.shape);
        Assert.All(p.data<float>(), v => Assert.InRange(v, 0f, 1f));
        using var f = cnn.Features(x);
        Assert.Equal([5, 128], f.shape);
    }

    [Fact]
    public void Unet_gives_a_mask_per_pixel_and_the_classifier_class_probabilities()
    {
        using var unet = new UNet(1, 1, baseFilters: 8, depth: 3, height: 32, width: 32);
        Assert.Equal([2, 1, 32, 48], Shape(unet, 2, 1, 32, 48));
        using (var x = randn(2, 1, 32, 32))
        using (var mask = unet.PredictMask(x))
            Assert.All(mask.data<float>(), v => Assert.True(v is 0f or 1f));
        var e = Assert.Throws<ArgumentException>(() => Shape(unet, 1, 1, 30, 32));
        Assert.Contains("divisible by 8", e.Message);

        using var clf = new DescriptorClassifier(2048, 3);
        Assert.Equal(Dense(2048, 256) + Dense(256, 64) + Dense(64, 3), clf.parameter_count());
        using var d = randn(4, 2048);
        using var proba = clf.PredictProba(d);
        Assert.Equal([4, 3], proba.shape);
        using var sums = proba.sum(1);
        Assert.All(sums.data<float>(), s => Assert.Equal(1f, s, 5));
    }
}
