using NotebookLib.Analysis;
using NotebookLib.Tests.Support;
using NotebookLib.Torch;

namespace NotebookLib.Tests.Analysis;

/// <summary>The matrix estimators run on lib/Torch: on the configured device, and without leaving
/// tensors behind. Runs alone (the "Torch memory" collection) because it counts the process's live tensors.</summary>
[Collection("Torch memory")]
public class DeviceTests
{
    [Fact]
    public void Matrix_estimators_run_on_the_configured_device_and_free_every_tensor()
    {
        var (x, truth) = Synthetic.Blobs(400, 6, 3, seed: 4, spread: 1f, separation: 8f);
        void FitAll()
        {
            var km = new KMeans(3, nInit: 2, seed: 1); km.Fit(x); km.Predict(x); km.Transform(x); km.Score(x);
            var gm = new GaussianMixture(3, seed: 1); gm.Fit(x); gm.PredictProba(x); gm.ScoreSamples(x);
            new GaussianMixture(3, CovarianceType.Diag, seed: 1).Fit(x).Predict(x);
            var pca = new PCA(2, whiten: true); pca.InverseTransform(pca.FitTransform(x));
            new NearestNeighbors(4).Fit(x).Kneighbors();
            new NearestNeighbors(4, Metric.Cosine).Fit(x).Kneighbors(x);
            new SpectralClustering(3, Affinity.Cosine, seed: 1).Fit(x);
            Assert.Equal(Device.Default, km.Device);
            Assert.Equal(Device.Default, gm.Device);
            Assert.Equal(Device.Default, pca.Device);
        }
        FitAll();                                   // warm-up: lazily created state
        Finalizers.RunAll();                        // tensors dropped by earlier tests are freed now, not during the count
        var before = Tensor.LiveCount;
        FitAll();
        Assert.Equal(before, Tensor.LiveCount);     // every scope freed its temporaries
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, new KMeans(3, seed: 1, device: "cpu").Fit(x).Labels), 12);
    }

    [Fact]
    public void A_device_that_does_not_exist_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new KMeans(3, device: "gpu0"));
        Assert.Contains("'gpu0'", e.Message);
    }

    [Fact]
    public void A_singular_covariance_names_the_cure()
    {
        // a constant feature makes every covariance singular when no regularisation is added
        var (x, _) = Synthetic.Blobs(60, 3, 2, seed: 2);
        for (int i = 0; i < 60; i++) x[i, 1] = 5f;
        var e = Assert.Throws<InvalidOperationException>(() => new GaussianMixture(2, regCovar: 0, seed: 1).Fit(x));
        Assert.Contains("not positive definite", e.Message);
        Assert.Contains("regCovar", e.Message);
    }
}
