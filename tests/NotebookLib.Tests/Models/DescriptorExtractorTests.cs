using NotebookLib.Analysis;
using NotebookLib.Imaging;
using NotebookLib.Models.Inference;
using NotebookLib.Models.Networks;
using NotebookLib.Tests.Analysis;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

[Collection(LibtorchRngCollection.Name)]
public class DescriptorExtractorTests
{
    static Image Frame(int seed, bool orders)
    {
        var rng = new Random(seed);
        var p = new float[96 * 160];
        for (var y = 0; y < 160; y++)
            for (var x = 0; x < 96; x++)
                p[y * 96 + x] = (float)(200 + 3 * rng.NextDouble() + (orders && x % 12 < 3 ? 5000 : 0));
        return new Image(96, 160, p);
    }

    [Fact]
    public void Batched_descriptors_equal_one_at_a_time_and_separate_frame_kinds()
    {
        using var resnet = DescriptorExtractor.ImageNetResNet18(batchSize: 3);
        var images = Enumerable.Range(0, 8).Select(i => Frame(i, orders: i % 2 == 1)).ToList();
        var all = resnet.Transform(images, InputMethod.Resize, progress: false);
        Assert.Equal((8, 512), (all.GetLength(0), all.GetLength(1)));
        Assert.True(resnet.Throughput > 0);
        var single = resnet.Transform(images.Skip(5).Take(1).ToList(), InputMethod.Resize, progress: false);
        for (var j = 0; j < 512; j++) Assert.Equal(single[0, j], all[5, j], 4);
        // Bias-like and order-like frames cluster apart.
        var labels = GroupedClustering.Cluster(all, 2, ClusteringAlgorithm.Hierarchical);
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(labels, Enumerable.Range(0, 8).Select(i => i % 2).ToArray()));

        using var baseline = DescriptorExtractor.ResNet50(InputMethod.Stretch, seed: 1, batchSize: 4);
        var b = baseline.Transform(images.Take(2).ToList(), progress: false);
        Assert.Equal((2, 2048), (b.GetLength(0), b.GetLength(1)));
        Assert.Contains("random init", baseline.Name);
    }

    [Fact]
    public void The_descriptor_classifier_learns_separable_classes_and_predicts_them()
    {
        var (x, labels) = Synthetic.Blobs(300, 16, 4, seed: 2, spread: 1f, separation: 4f);
        manual_seed(3);
        using var classifier = new DescriptorClassifier(16, 4, hidden: [32]);
        var train = Enumerable.Range(0, 200).ToArray();
        var test = Enumerable.Range(200, 100).ToArray();
        var trainer = classifier.Fit(x, labels, train, test, epochs: 30, seed: 3, progress: false);
        Assert.True(trainer.History["val_accuracy"][^1] > 0.95);
        var p = classifier.Predict(Matrix.TakeRows(x, test));
        Assert.True(p.Zip(test, (a, i) => a == labels[i]).Count(ok => ok) >= 95);
        Assert.Throws<ArgumentException>(() => classifier.Fit(x, labels.Select(l => l + 4).ToArray(), train));
        Assert.Throws<InvalidOperationException>(() => new DescriptorClassifier(16, 4).Predict(x));
    }
}
