using NotebookLib.Data;
using NotebookLib.Models.Networks;
using NotebookLib.Models.Training;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

[Collection(LibtorchRngCollection.Name)]
public class ConditionalVaeTests
{
    [Fact]
    public void The_conditional_vae_reconstructs_with_attributes_and_samples_what_they_ask_for()
    {
        manual_seed(4);
        using var cvae = new ConditionalVariationalAutoencoder(2, 32, 32, 3, latentDim: 6, filters: [4, 8, 8]);
        using var x = rand(5, 3, 32, 32);
        using var c = randn(5, 2);
        var (r, mu, lv) = cvae.ForwardWithDistribution(x, c);
        Assert.Equal([5, 3, 32, 32], r.shape);
        Assert.Equal([5, 6], mu.shape);
        r.Dispose(); mu.Dispose(); lv.Dispose();
        using (var perSample = cvae.Loss(x, c, Reduction.None)) Assert.Equal([5], perSample.shape);
        using (var rec = cvae.Reconstruct(x, c)) Assert.Equal([5, 3, 32, 32], rec.shape);
        // Without attributes there is nothing to decode with: a clear error, not a guess.
        Assert.Throws<InvalidOperationException>(() => cvae.call(x));
        using var wrong = randn(5, 3);
        Assert.Throws<ArgumentException>(() => cvae.Loss(x, wrong));
        // One z for every row: equal attributes give equal images, different ones different images.
        using var levels = tensor(new float[] { 0, 0, 0, 0, 2, 0 }, [3, 2]);
        var s = cvae.Sample(levels, seed: 1, sameLatent: true).data<float>();
        var plane = 3 * 32 * 32;
        Assert.Equal(s.AsSpan(0, plane).ToArray(), s.AsSpan(plane, plane).ToArray());
        Assert.NotEqual(s.AsSpan(0, plane).ToArray(), s.AsSpan(2 * plane, plane).ToArray());
        Assert.All(s, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void The_trainer_trains_the_conditional_vae_on_a_dataset_whose_targets_are_the_attributes()
    {
        // Brightness is the attribute: images of uniform level b, conditioned on b. After training, asking for a
        // brighter attribute must decode brighter images.
        var rng = new Random(2);
        int n = 96, side = 16, plane = 3 * side * side;
        var images = new float[n * plane];
        var attributes = new float[n];
        for (var i = 0; i < n; i++)
        {
            var b = (float)rng.NextDouble();
            attributes[i] = 4 * (b - 0.5f);
            for (var k = 0; k < plane; k++) images[i * plane + k] = Math.Clamp(b + 0.05f * (float)(rng.NextDouble() - 0.5), 0, 1);
        }
        var data = new ArrayDataset(images, [3, side, side], targets: attributes, targetShape: [1]);
        manual_seed(5);
        using var cvae = new ConditionalVariationalAutoencoder(1, side, side, 3, latentDim: 2, filters: [4, 8, 8]);
        var t = new Trainer(cvae, learningRate: 5e-3, batchSize: 16, epochs: 12, seed: 5, progress: false).Fit(data);
        Assert.True(t.History["loss"].Last() < t.History["loss"].First(), "the loss falls");
        using var asked = tensor(new float[] { -1.5f, 0f, 1.5f }, [3, 1]);
        var s = cvae.Sample(asked, seed: 9, sameLatent: true).data<float>();
        var means = Enumerable.Range(0, 3).Select(j => s.AsSpan(j * plane, plane).ToArray().Average()).ToArray();
        Assert.True(means[0] < means[1] && means[1] < means[2], $"mean level of samples asked for −1.5, 0, 1.5: {string.Join(", ", means)}");
    }
}
