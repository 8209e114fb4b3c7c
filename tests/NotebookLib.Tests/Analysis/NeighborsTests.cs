using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class NeighborsTests
{
    [Fact]
    public void Nearest_neighbours_equal_scikit_learn_for_both_metrics()
    {
        var (x, _) = Synthetic.Blobs(300, 7, 3, seed: 4, spread: 3f, separation: 4f);
        var (q, _) = Synthetic.Blobs(20, 7, 3, seed: 9, spread: 3f, separation: 4f);
        var o = Oracle.Run("""
            from sklearn.neighbors import NearestNeighbors
            X, Q = np.array(inp['x'], dtype=np.float64), np.array(inp['q'], dtype=np.float64)
            out = {}
            for m in ['euclidean', 'cosine']:
                nn = NearestNeighbors(n_neighbors=6, metric=m, algorithm='brute').fit(X)
                d, i = nn.kneighbors(Q); ds, is_ = nn.kneighbors()
                out[m] = dict(d=d, i=i, ds=ds, is_=is_)
            """, new { x = Oracle.Rows(x), q = Oracle.Rows(q) });
        foreach (var (m, name) in new[] { (Metric.Euclidean, "euclidean"), (Metric.Cosine, "cosine") })
        {
            var nn = new NearestNeighbors(6, m).Fit(x);
            foreach (var (res, key) in new[] { (nn.Kneighbors(q), ""), (nn.Kneighbors(), "s") })
            {
                var ei = o[name]!["i" + (key == "s" ? "s_" : "")]!.AsArray();
                var ed = o[name]!["d" + key]!.AsArray();
                for (int i = 0; i < ei.Count; i++)
                    for (int j = 0; j < 6; j++)
                    {
                        Assert.True(Math.Abs(ed[i]![j]!.GetValue<double>() - res.Distances[i, j]) < 1e-3, $"{name} distance [{i},{j}]");
                        // indices agree unless two neighbours are tied to float precision
                        if (j == 0 || Math.Abs(res.Distances[i, j] - res.Distances[i, j - 1]) > 1e-4)
                            Assert.Equal(ei[i]![j]!.GetValue<int>(), res.Indices[i, j]);
                    }
            }
        }
        var e = Assert.Throws<ArgumentException>(() => new NearestNeighbors(3).Fit(x).Kneighbors(new float[2, 5]));
        Assert.Contains("2×5", e.Message); Assert.Contains("7 features", e.Message);
        Assert.Contains("only 299", Assert.Throws<ArgumentException>(() => new NearestNeighbors(300).Fit(x).Kneighbors()).Message);
    }

    [Fact]
    public void Neighbours_among_more_than_65536_references_equal_scikit_learn()
    {
        // beyond 65,536 references the search tiles the references (TiledNeighbors)
        var (x, _) = Synthetic.Blobs(70_000, 8, 4, seed: 11, spread: 2f, separation: 3f);
        var (q, _) = Synthetic.Blobs(150, 8, 4, seed: 12, spread: 2f, separation: 3f);
        var o = Oracle.Run("""
            from sklearn.neighbors import NearestNeighbors
            X, Q = np.array(inp['x'], dtype=np.float64), np.array(inp['q'], dtype=np.float64)
            d, i = NearestNeighbors(n_neighbors=5, algorithm='brute').fit(X).kneighbors(Q)
            out = dict(d=d, i=i)
            """, new { x = Oracle.Rows(x), q = Oracle.Rows(q) });
        var res = new NearestNeighbors(5).Fit(x).Kneighbors(q);
        for (int i = 0; i < 150; i++)
            for (int j = 0; j < 5; j++)
            {
                Assert.True(Math.Abs(o["d"]![i]![j]!.GetValue<double>() - res.Distances[i, j]) < 1e-3, $"distance [{i},{j}]");
                if (j == 0 || Math.Abs(res.Distances[i, j] - res.Distances[i, j - 1]) > 1e-4)
                    Assert.Equal(o["i"]![i]![j]!.GetValue<int>(), res.Indices[i, j]);
            }
    }

    [Fact]
    public void Tiled_search_equals_the_whole_row_search_across_tile_edges_with_self_excluded()
    {
        // the tiled search (BLAS, the CPU's) against the whole-row search on lib/Torch (the GPU's, run here on the CPU)
        var (x, _) = Synthetic.Blobs(5_000, 6, 3, seed: 13, spread: 2f, separation: 3f);
        // duplicates: a point's twin is its neighbour at distance 0, the point itself is not
        for (int j = 0; j < 6; j++) { x[4_321, j] = x[17, j]; x[4_099, j] = x[4_095, j]; }
        var flat = NotebookLib.Analysis.Input.Flat(x).ToArray();
        var (wholeIdx, wholeD2) = Kernels.KNearestOnTensors(flat, 5_000, flat, 5_000, 6, 7, excludeSelf: true, NotebookLib.Torch.Device.CPU);
        var (tiledIdx, tiledD2) = Kernels.KNearest(flat, 5_000, flat, 5_000, 6, 7, excludeSelf: true, NotebookLib.Torch.Device.CPU);
        // one tile per chunk of augmented references: the chunks change nothing, bit for bit
        var (chunkedIdx, chunkedD2) = TiledNeighbors.KNearest(flat, 5_000, flat, 5_000, 6, 7, excludeSelf: true, chunkElements: 1);
        Assert.Equal(tiledIdx, chunkedIdx);
        Assert.Equal(tiledD2, chunkedD2);
        foreach (var (a, b) in new[] { (17, 4_321), (4_321, 17), (4_095, 4_099), (4_099, 4_095) })
        {
            Assert.Equal(b, tiledIdx[a * 7]);
            Assert.True(tiledD2[a * 7] < 1e-3f, $"{tiledD2[a * 7]}");   // 0 up to the rounding of ‖q‖² − (2q·r − ‖r‖²)
        }
        for (int i = 0; i < 5_000; i++)
            for (int j = 0; j < 7; j++)
            {
                int at = i * 7 + j;
                Assert.NotEqual(i, tiledIdx[at]);
                Assert.True(Math.Abs(wholeD2[at] - tiledD2[at]) <= 1e-4f * Math.Max(1f, wholeD2[at]), $"distance [{i},{j}]: {tiledD2[at]} against {wholeD2[at]}");
                if (j == 0 || Math.Abs(wholeD2[at] - wholeD2[at - 1]) > 1e-3f)
                    Assert.Equal(Twin(wholeIdx[at]), Twin(tiledIdx[at]));
            }
        // twins are interchangeable as another point's neighbours
        static int Twin(int i) => i == 4_321 ? 17 : i == 4_099 ? 4_095 : i;
    }

    [Fact]
    public void Pca_equals_scikit_learn()
    {
        var (x, _) = Synthetic.Blobs(200, 6, 3, seed: 6, spread: 2f, separation: 5f);
        var o = Oracle.Run("""
            from sklearn.decomposition import PCA
            X = np.array(inp['x'], dtype=np.float64)
            p = PCA(3).fit(X)
            out = dict(ratio=p.explained_variance_ratio_, var=p.explained_variance_, comps=np.abs(p.components_).ravel(), z=np.abs(p.transform(X[:4])).ravel())
            """, new { x = Oracle.Rows(x) });
        var pca = new PCA(3).Fit(x);
        Oracle.Close(Oracle.Doubles(o["ratio"]!), pca.ExplainedVarianceRatio, 5);
        Oracle.Close(Oracle.Doubles(o["var"]!), pca.ExplainedVariance, 3);
        Oracle.Close(Oracle.Doubles(o["comps"]!), Input(pca.Components).Select(v => (double)Math.Abs(v)).ToArray(), 4);
        var first = new float[4, 6]; for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) first[i, j] = x[i, j];
        Oracle.Close(Oracle.Doubles(o["z"]!), Input(pca.Transform(first)).Select(v => (double)Math.Abs(v)).ToArray(), 3);
        // the full rotation round-trips
        var full = new PCA().Fit(x);
        var back = full.InverseTransform(full.Transform(first));
        for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) Assert.Equal(first[i, j], back[i, j], 3);
        Assert.Contains("at most min(n, d) = 6", Assert.Throws<ArgumentException>(() => new PCA(7).Fit(x)).Message);
    }

    [Fact]
    public void Pca_of_a_matrix_of_several_blocks_with_whitening_equals_scikit_learn()
    {
        // 20,000 × 40 float64 is 6.4 MB: the covariance is summed over more than one 4 MiB block
        var (x, _) = Synthetic.Blobs(20_000, 40, 6, seed: 21, spread: 2f, separation: 4f);
        var o = Oracle.Run("""
            from sklearn.decomposition import PCA
            X = np.array(inp['x'], dtype=np.float64)
            p = PCA(5, whiten=True, svd_solver='full').fit(X)   # 'auto' would pick the randomised solver here
            z = p.transform(X[:6])
            out = dict(ratio=p.explained_variance_ratio_, var=p.explained_variance_, mean=p.mean_, comps=np.abs(p.components_).ravel(),
                       z=np.abs(z).ravel(), back=p.inverse_transform(z).ravel())
            """, new { x = Oracle.Rows(x) });
        var pca = new PCA(5, whiten: true, device: NotebookLib.Torch.Device.CPU).Fit(x);
        Oracle.Close(Oracle.Doubles(o["ratio"]!), pca.ExplainedVarianceRatio, 5);
        Oracle.Close(Oracle.Doubles(o["var"]!), pca.ExplainedVariance, 3);
        Oracle.Close(Oracle.Doubles(o["mean"]!), pca.Mean.Select(v => (double)v).ToArray(), 4);
        Oracle.Close(Oracle.Doubles(o["comps"]!), Input(pca.Components).Select(v => (double)Math.Abs(v)).ToArray(), 4);
        var first = new float[6, 40]; for (int i = 0; i < 6; i++) for (int j = 0; j < 40; j++) first[i, j] = x[i, j];
        var z = pca.Transform(first);
        Oracle.Close(Oracle.Doubles(o["z"]!), Input(z).Select(v => (double)Math.Abs(v)).ToArray(), 3);
        Oracle.Close(Oracle.Doubles(o["back"]!), Input(pca.InverseTransform(z)).Select(v => (double)v).ToArray(), 3);
        // the GPU's path (lib/Torch, run here on the CPU) gives the same to rounding
        var tensors = new PCA(5, whiten: true, device: NotebookLib.Torch.Device.CPU) { OnTensors = true }.Fit(x);
        Oracle.Close(tensors.ExplainedVariance, pca.ExplainedVariance, 6);
        Oracle.Close(Input(tensors.Components).Select(v => (double)v).ToArray(), Input(pca.Components).Select(v => (double)v).ToArray(), 5);
        Oracle.Close(Input(tensors.Transform(first)).Select(v => (double)v).ToArray(), Input(z).Select(v => (double)v).ToArray(), 4);
        Oracle.Close(Input(tensors.InverseTransform(z)).Select(v => (double)v).ToArray(), Input(pca.InverseTransform(z)).Select(v => (double)v).ToArray(), 4);
        // bad input is named
        Assert.Contains("fitted on 40 features", Assert.Throws<ArgumentException>(() => pca.Transform(new float[2, 5])).Message);
        Assert.Contains("fitted on 5 features", Assert.Throws<ArgumentException>(() => pca.InverseTransform(new float[2, 4])).Message);
        var bad = (float[,])first.Clone(); bad[3, 7] = float.NaN;
        Assert.Contains("[3, 7] is NaN", Assert.Throws<ArgumentException>(() => new PCA(2).Fit(bad)).Message);
        Assert.Contains("not fitted", Assert.Throws<InvalidOperationException>(() => new PCA(2).Transform(first)).Message);
    }

    static float[] Input(float[,] m) => m.Cast<float>().ToArray();

    [Fact]
    public void Pairwise_distance_distribution_equals_scipy_pdist()
    {
        var (x, _) = Synthetic.Blobs(50, 4, 2, seed: 7);
        var o = Oracle.Run("""
            from scipy.spatial.distance import pdist
            X = np.array(inp['x'], dtype=np.float64)
            out = dict(e=pdist(X), c=pdist(X, 'cosine'))
            """, new { x = Oracle.Rows(x) });
        Oracle.Close(Oracle.Doubles(o["e"]!), PairwiseDistances.Distribution(x).Select(v => (double)v).ToArray(), 3);
        Oracle.Close(Oracle.Doubles(o["c"]!), PairwiseDistances.Distribution(x, Metric.Cosine).Select(v => (double)v).ToArray(), 4);
        var sampled = PairwiseDistances.Distribution(x, maxPairs: 100, seed: 1);
        Assert.Equal(100, sampled.Length);
        Assert.InRange(sampled.Max(), 0, Oracle.Doubles(o["e"]!).Max() + 1e-3);
    }
}
