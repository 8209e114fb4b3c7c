using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class EmbeddingTests
{
    [Fact]
    public void Tsne_keeps_neighbourhoods_of_blobs()
    {
        var (x, truth) = Synthetic.Blobs(400, 10, 4, seed: 12, spread: 1f, separation: 6f);
        var tsne = new TSNE(perplexity: 20, nIter: 500, seed: 1, progress: false);
        var y = tsne.FitTransform(x);
        Assert.Equal(400, y.GetLength(0)); Assert.Equal(2, y.GetLength(1));
        double t = Metrics.Trustworthiness(x, y, 5);
        Assert.True(t >= 0.9, $"trustworthiness {t}");
        // the clusters stay apart: k-means on the 2-D map finds the blobs
        Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, new KMeans(4, seed: 1).Fit(y).Labels), 6);
        Assert.True(double.IsFinite(tsne.KlDivergence) && tsne.KlDivergence > 0);
    }

    [Fact]
    public void Trustworthiness_equals_scikit_learn()
    {
        var (x, _) = Synthetic.Blobs(120, 6, 3, seed: 13, spread: 3f, separation: 3f);
        var y = new float[120, 2]; for (int i = 0; i < 120; i++) { y[i, 0] = x[i, 0]; y[i, 1] = x[i, 3]; }
        var o = Oracle.Run("""
            from sklearn.manifold import trustworthiness
            X, Y = np.array(inp['x'], dtype=np.float64), np.array(inp['y'], dtype=np.float64)
            out = dict(t5=trustworthiness(X, Y, n_neighbors=5), t10=trustworthiness(X, Y, n_neighbors=10))
            """, new { x = Oracle.Rows(x), y = Oracle.Rows(y) });
        Assert.Equal(o["t5"]!.GetValue<double>(), Metrics.Trustworthiness(x, y, 5), 9);
        Assert.Equal(o["t10"]!.GetValue<double>(), Metrics.Trustworthiness(x, y, 10), 9);
    }

    [Fact]
    public void Umap_keeps_neighbourhoods_and_transforms_new_points_into_their_blob()
    {
        var (all, truthAll) = Synthetic.Blobs(500, 12, 4, seed: 14, spread: 1f, separation: 6f);
        int nTrain = 440;
        var x = new float[nTrain, 12]; var fresh = new float[60, 12];
        for (int i = 0; i < 500; i++) for (int j = 0; j < 12; j++) { if (i < nTrain) x[i, j] = all[i, j]; else fresh[i - nTrain, j] = all[i, j]; }
        var truth = truthAll.Take(nTrain).ToArray();
        foreach (var metric in new[] { Metric.Euclidean, Metric.Cosine })
        {
            var umap = new UMAP(nNeighbors: 10, metric: metric, nEpochs: 200, seed: 3, progress: false).Fit(x);
            var y = umap.Embedding;
            double t = Metrics.Trustworthiness(x, y, 5);
            Assert.True(t >= 0.9, $"{metric} trustworthiness {t}");
            Assert.Equal(1.0, Metrics.AdjustedRandIndex(truth, new KMeans(4, seed: 1).Fit(y).Labels), 6);
            // new points land among the training points of their own blob
            var z = umap.Transform(fresh);
            var nearest = new NearestNeighbors(1).Fit(y).Kneighbors(z);
            int right = Enumerable.Range(0, 60).Count(i => truth[nearest.Indices[i, 0]] == truthAll[nTrain + i]);
            Assert.True(right >= 57, $"{metric}: {right}/60 transformed points next to their own blob");
        }
        var (a, b) = UMAP.FitAB(1.0, 0.1);
        Assert.InRange(a, 1.55, 1.60); // umap-learn's find_ab_params(1, 0.1) gives a ≈ 1.577, b ≈ 0.895
        Assert.InRange(b, 0.88, 0.91);
    }

    [Fact]
    public void Umap_fast_power_matches_math_pow_to_a_hundred_thousandth()
    {
        // the SGD's x^b for squared distances from 1e-12 to 1e6 and the exponents b of min_dist 0.001 to 0.99
        double worst = 0;
        foreach (var b in new[] { 0.5f, 0.79f, 0.895f, 1f, 1.3f })
            for (double lx = -12; lx <= 6; lx += 0.0137)
            {
                float x = (float)Math.Pow(10, lx);
                double exact = Math.Pow(x, b);
                worst = Math.Max(worst, Math.Abs(UMAP.FastPow(x, b) - exact) / exact);
            }
        Assert.True(worst < 1e-5, $"largest relative error {worst:G3}");
    }

    [Fact]
    public void Umap_repeats_exactly_for_a_seed_whatever_the_thread_count()
    {
        // above 20,000 points the SGD used to run Hogwild on several threads and never repeated;
        // now no size or thread count changes the result, so a small fit checks it
        var (x, _) = Synthetic.Blobs(1500, 8, 3, seed: 16, spread: 1f, separation: 6f);
        UMAP Fit(int seed, int threads) => new UMAP(nNeighbors: 8, nEpochs: 60, exactNeighborsBelow: 0, seed: seed, progress: false) { Threads = threads }.Fit(x);
        var one = Fit(5, 1).Embedding;
        Assert.Equal(one, Fit(5, 1).Embedding);
        Assert.Equal(one, Fit(5, 3).Embedding);
        Assert.NotEqual(one, Fit(6, 3).Embedding);
    }

    [Fact]
    public void Umap_simd_layout_gives_the_scalar_layout_bit_for_bit()
    {
        // the SIMD paths step 32 points side by side (8 or 16 to a register); each lane must do the scalar
        // path's arithmetic in its order, in a fit (points move each other) and in a transform (against a fixed map).
        // Where the CPU lacks AVX-512 the 16-lane fit takes the 8-lane path, and without AVX2 both take the scalar one.
        var (all, _) = Synthetic.Blobs(2300, 8, 4, seed: 17, spread: 1f, separation: 5f);
        var x = new float[2000, 8]; var fresh = new float[300, 8];
        for (int i = 0; i < 2300; i++) for (int j = 0; j < 8; j++) { if (i < 2000) x[i, j] = all[i, j]; else fresh[i - 2000, j] = all[i, j]; }
        UMAP Fit(bool lanes, bool wide, int threads) =>
            new UMAP(nNeighbors: 12, nEpochs: 80, seed: 4, progress: false) { Lanes = lanes, WideLanes = wide, Threads = threads }.Fit(x);
        var scalar = Fit(false, false, 1);
        var eight = Fit(true, false, 2);
        var sixteen = Fit(true, true, 2);
        Assert.Equal(scalar.Embedding, eight.Embedding);
        Assert.Equal(scalar.Embedding, sixteen.Embedding);
        Assert.Equal(scalar.Transform(fresh), eight.Transform(fresh));
        Assert.Equal(scalar.Transform(fresh), sixteen.Transform(fresh));
        Assert.True(Metrics.Trustworthiness(x, sixteen.Embedding, 5) >= 0.9);
    }

    [Fact]
    public void Nn_descent_finds_nearly_all_exact_neighbours()
    {
        var (x, _) = Synthetic.Blobs(2000, 16, 8, seed: 15, spread: 2f, separation: 3f);
        var data = x.Cast<float>().ToArray();
        var (approx, _) = NNDescent.Build(data, 2000, 16, 10, seed: 1);
        var exact = new NearestNeighbors(10).Fit(x).Kneighbors();
        int hits = 0;
        for (int i = 0; i < 2000; i++)
        {
            var set = Enumerable.Range(0, 10).Select(q => exact.Indices[i, q]).ToHashSet();
            for (int q = 0; q < 10; q++) if (set.Contains(approx[i * 10 + q])) hits++;
        }
        // the local join reaches 0.989 here; the previous point-centric descent reached 0.975
        Assert.True(hits / 20000.0 >= 0.98, $"recall {hits / 20000.0}");
        // UMAP through NN-descent keeps the structure too
        var (xb, truth) = Synthetic.Blobs(600, 10, 3, seed: 16, spread: 1f, separation: 6f);
        var y = new UMAP(exactNeighborsBelow: 0, nEpochs: 150, seed: 2, progress: false).FitTransform(xb);
        Assert.True(Metrics.Trustworthiness(xb, y, 5) >= 0.9);
    }

    [Fact]
    public void Nn_descent_on_overlapping_64_d_blobs_keeps_its_recall_and_repeats_on_any_thread_count()
    {
        // 64-d blobs that overlap (as the UMAP bench's): the hard case for a neighbour descent.
        // The local join reaches 0.904 here; the previous point-centric descent reached 0.823.
        var (x, _) = Synthetic.Blobs(5000, 64, 10, seed: 7, spread: 1f, separation: 0.5f);
        var data = x.Cast<float>().ToArray();
        (int[] Idx, float[] D2) Build(int threads) => NNDescent.Build(data, 5000, 64, 14, seed: 2, new ParallelOptions { MaxDegreeOfParallelism = threads });
        var one = Build(1);
        var exact = new NearestNeighbors(14).Fit(x).Kneighbors();
        int hits = 0;
        for (int i = 0; i < 5000; i++)
        {
            var set = Enumerable.Range(0, 14).Select(q => exact.Indices[i, q]).ToHashSet();
            for (int q = 0; q < 14; q++) if (set.Contains(one.Idx[i * 14 + q])) hits++;
        }
        Assert.True(hits / 70000.0 >= 0.88, $"recall {hits / 70000.0}");
        for (int i = 0; i < 5000; i++)
            for (int q = 0; q < 14; q++)
            {
                Assert.NotEqual(i, one.Idx[i * 14 + q]);
                Assert.Equal(NNDescent.Dist2(data, 64, i, one.Idx[i * 14 + q]), one.D2[i * 14 + q]);
                if (q > 0) Assert.True(one.D2[i * 14 + q - 1] <= one.D2[i * 14 + q]);
            }
        foreach (int threads in new[] { 2, 3 })
        {
            var other = Build(threads);
            Assert.Equal(one.Idx, other.Idx);
            Assert.Equal(one.D2, other.D2);
        }
    }

    [Fact]
    public void Umap_fuzzy_union_equals_its_pairwise_definition()
    {
        // A + Aᵀ − A∘Aᵀ, pair by pair from a dictionary, against the row-merge on any thread count
        int n = 3000, k = 9; var rng = new Random(5);
        var idx = new int[n * k]; var w = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            var row = new HashSet<int>();
            while (row.Count < k) { int j = rng.Next(i < 1500 ? n : 60); if (j != i) row.Add(j); } // some rows pile onto a few hubs
            int q = 0; foreach (int j in row) { idx[i * k + q] = j; w[i * k + q] = rng.NextDouble(); q++; }
        }
        var directed = new Dictionary<(int, int), double>();
        for (int e = 0; e < n * k; e++) directed[(e / k, idx[e])] = w[e];
        var expected = new SortedDictionary<(int, int), float>();
        foreach (var ((i, j), v) in directed)
        {
            double u = directed.GetValueOrDefault((j, i));
            expected[(i, j)] = (float)(v + u - v * u);
            if (!directed.ContainsKey((j, i))) expected[(j, i)] = (float)(0 + v - 0 * v);
        }
        foreach (int threads in new[] { 1, 2 })
        {
            var graph = UMAP.Symmetrize(idx, w, n, k, new ParallelOptions { MaxDegreeOfParallelism = threads });
            Assert.Equal(expected.Select(p => (p.Key.Item1, p.Key.Item2, p.Value)).ToArray(), graph);
        }
    }
}
