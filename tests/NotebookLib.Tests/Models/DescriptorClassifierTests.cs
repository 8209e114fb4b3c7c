using NotebookLib.Data;
using NotebookLib.Models.Networks;

namespace NotebookLib.Tests.Models;

[Collection(LibtorchRngCollection.Name)]
public class DescriptorClassifierTests
{
    /// <summary>Three classes of 20 rows in 16 dimensions, each a blob around its own direction; labels either the
    /// blobs' or drawn at random (carrying no information).</summary>
    static (float[,] X, int[] Blobs, int[] Random) Data()
    {
        var rng = Rng.ForStream(3, 0);
        var x = new float[60, 16];
        var blobs = new int[60];
        var random = new int[60];
        for (var i = 0; i < 60; i++)
        {
            blobs[i] = i % 3;
            random[i] = rng.NextInt(3);
            for (var j = 0; j < 16; j++) x[i, j] = (float)((j % 3 == blobs[i] ? 1.0 : 0.0) + rng.Gaussian(0, 0.3));
        }
        return (x, blobs, random);
    }

    static double Accuracy(int[] predicted, int[] labels, int[] rows) => rows.Where((i, k) => predicted[k] == labels[i]).Count() / (double)rows.Length;

    [Fact]
    public void CrossValidate_predicts_every_row_out_of_fold_and_finds_separable_classes()
    {
        var (x, blobs, _) = Data();
        var rows = Enumerable.Range(0, 60).Where(i => i % 10 != 0).ToArray();   // a subset, as training rows are
        var p = DescriptorClassifier.CrossValidate(x, blobs, rows, numClasses: 3, folds: 4, epochs: 30, seed: 1);
        Assert.Equal(rows.Length, p.Length);
        Assert.True(Accuracy(p, blobs, rows) >= 0.95, $"out-of-fold accuracy {Accuracy(p, blobs, rows)} on separable blobs");
        // Seeded: the same predictions again.
        Assert.Equal(p, DescriptorClassifier.CrossValidate(x, blobs, rows, numClasses: 3, folds: 4, epochs: 30, seed: 1));
    }

    [Fact]
    public void CrossValidate_does_not_learn_labels_that_carry_no_information()
    {
        var (x, _, random) = Data();
        var rows = Enumerable.Range(0, 60).ToArray();
        var p = DescriptorClassifier.CrossValidate(x, random, rows, numClasses: 3, folds: 5, epochs: 30, seed: 1);
        // Out-of-fold, random labels stay near chance (1/3); fitted and scored on the same rows they would not.
        Assert.InRange(Accuracy(p, random, rows), 0.0, 0.6);
        Assert.Throws<ArgumentOutOfRangeException>(() => DescriptorClassifier.CrossValidate(x, random, rows, 3, folds: 1));
    }
}
