using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

public class TensorTests
{
    [Fact]
    public void Round_trips_arrays_with_shape_and_dtype()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal([2L, 3], x.shape);
        Assert.Equal(ScalarType.Float32, x.dtype);
        Assert.Equal("cpu", x.device.Name);
        Assert.Equal([1f, 2, 3, 4, 5, 6], x.data<float>());
        Assert.Equal([1.0, 2, 3, 4, 5, 6], x.data<double>());
        var d = tensor(new double[,] { { 1.5, -2 }, { 3, 4 } });
        Assert.Equal([2L, 2], d.shape);
        Assert.Equal(ScalarType.Float64, d.dtype);
        Assert.Equal(-2.0, d[0, 1].item<double>());
        var l = tensor(new long[] { 7, 8, 9 });
        Assert.Equal(ScalarType.Int64, l.dtype);
        Assert.Equal(24L, l.sum().item<long>());
        var b = tensor(new bool[] { true, false, true });
        Assert.Equal(ScalarType.Bool, b.dtype);
        Assert.Equal([true, false, true], b.data<bool>());
        Assert.Equal(2L, b.sum().item<long>());
        var e = Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, [2, 2]));
        Assert.Contains("[2, 2]", e.Message);
    }

    [Fact]
    public void Views_permutes_and_indexes_like_pytorch()
    {
        using var scope = NewDisposeScope();
        var x = arange(24, ScalarType.Float32).reshape(2, 3, 4);
        Assert.Equal([2L, 12], x.view(2, 12).shape);
        Assert.Equal([4L, 2, 3], x.permute(2, 0, 1).shape);
        Assert.Equal(13f, x[1, 0, 1].item<float>());
        Assert.Equal([4f, 5, 6, 7], x[0, 1].data<float>());
        Assert.Equal([1f, 5, 9], x[0, .., 1].data<float>());           // x[0, :, 1]
        Assert.Equal([2L, 2], x[1, 1.., ..^2].shape);                   // x[1, 1:, :-2]
        Assert.Equal([17f, 21], x[1, 1.., 1..^2].data<float>());        // x[1, 1:, 1:-2]
        Assert.Equal([0f, 2], x[0, 0, TensorIndex.Slice(0, 4, 2)].data<float>());
        Assert.Equal([2L, 3], x[TensorIndex.Ellipsis, 0].shape);
        Assert.Equal([1L, 2, 3, 4], x[TensorIndex.None].shape);
        var mask = x > 20.0;
        Assert.Equal([21f, 22, 23], x[mask].data<float>());
        Assert.Equal([8f, 0], x.index_select(1, tensor(new long[] { 2, 0 }))[0, .., 0].data<float>());
        // Writes through a view reach the original.
        x[0, 0] = zeros(4);
        Assert.Equal(0f, x[0, 0, 3].item<float>());
        x[mask] = full([3], -1.0);
        Assert.Equal(-1f, x[1, 2, 3].item<float>());
        Assert.Equal([2L, 6, 4], cat([x, x], 1).shape);
        Assert.Equal([2L, 2, 3, 4], stack([x, x]).shape);
        Assert.Throws<TorchException>(() => x.view(5, 5));
    }

    [Fact]
    public void Arithmetic_and_reductions_match_closed_forms()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 1, 2, 3, 4 }, [2, 2]);
        Assert.Equal([2.0, 4, 6, 8], (a + a).data<double>());
        Assert.Equal([0.0, 1, 2, 3], (a - 1.0).data<double>());
        Assert.Equal([9.0, 8, 7, 6], (10.0 - a).data<double>());
        Assert.Equal([1.0, 4, 9, 16], (a * a).data<double>());
        Assert.Equal([0.5, 1, 1.5, 2], (a / 2.0).data<double>());
        Assert.Equal([1.0, 0.5, 1 / 3.0, 0.25], (1.0 / a).data<double>());
        Assert.Equal([7.0, 10, 15, 22], a.matmul(a).data<double>());   // [[1,2],[3,4]]²
        Assert.Equal(10.0, a.sum().item<double>());
        Assert.Equal([4.0, 6], a.sum(0).data<double>());
        Assert.Equal([1.5, 3.5], a.mean(1).data<double>());
        Assert.Equal(Math.Sqrt(5.0 / 3), a.std().item<double>(), 12);   // unbiased
        Assert.Equal(Math.Sqrt(5.0 / 4), a.std(unbiased: false).item<double>(), 12);
        Assert.Equal(4.0, a.max().item<double>());
        var (values, indexes) = a.max(1);
        Assert.Equal([2.0, 4], values.data<double>());
        Assert.Equal([1L, 1], indexes.data<long>());
        Assert.Equal(3L, a.argmax().item<long>());
        Assert.Equal([false, true, true, false], (a > 1.0 & a < 4.0).data<bool>());
        var i = tensor(new long[] { 5, 7 });
        Assert.Equal(ScalarType.Int64, (i + 2).dtype);                 // integer scalars keep integers
        Assert.Equal(ScalarType.Float32, (i + 2.5).dtype);
        Assert.Equal([Math.Exp(1), Math.Exp(2)], tensor(new double[] { 1, 2 }).exp().data<double>());
    }

    [Fact]
    public void Sorts_topk_distances_and_linear_algebra()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new float[] { 3, 1, 4, 1, 5, 9, 2, 6 });
        var (sorted, order) = v.sort(descending: true);
        Assert.Equal([9f, 6, 5, 4, 3, 2, 1, 1], sorted.data<float>());
        Assert.Equal(5L, order[0].item<long>());
        var (top, topIdx) = v.topk(3);
        Assert.Equal([9f, 6, 5], top.data<float>());
        Assert.Equal([5L, 7, 4], topIdx.data<long>());
        var p = tensor(new double[,] { { 0, 0 }, { 3, 4 } });
        Assert.Equal([0.0, 5, 5, 0], cdist(p, p).data<double>());
        var s = tensor(new double[,] { { 2, 1 }, { 1, 2 } });
        var (w, vecs) = linalg.eigh(s);
        Assert.Equal([1.0, 3.0], w.data<double>().Select(x => Math.Round(x, 12)));
        Assert.True(s.matmul(vecs).allclose(vecs * w, atol: 1e-12));
        var m = randn([5, 3], ScalarType.Float64);
        var (u, sv, vh) = linalg.svd(m, full_matrices: false);
        Assert.True((u * sv).matmul(vh).allclose(m, atol: 1e-10));
    }

    [Fact]
    public void Backward_gives_gradients_and_no_grad_records_none()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = (x * x).sum();                                        // dy/dx = 2x
        y.backward();
        Assert.Equal([2.0, 4, 6], x.grad!.data<double>());
        using (no_grad())
        {
            var z = x * 2.0;
            Assert.False(z.requires_grad);
        }
        Assert.True((x * 2.0).requires_grad);
        var g = autograd.grad([(x.sin()).sum()], [x])[0]!;           // d/dx sum(sin x) = cos x
        Assert.True(g.allclose(x.detach().cos()));
    }

    [Fact]
    public void Bad_shapes_raise_torchs_message_instead_of_crashing()
    {
        using var scope = NewDisposeScope();
        var a = ones(2, 3);
        var b = ones(4, 5);
        var e = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Contains("2x3", e.Message);
        Assert.Contains("4x5", e.Message);
        Assert.DoesNotContain("frame #", e.Message);                   // no C++ backtrace
        var conv = nn.Conv2d(1, 16, 3);
        var e2 = Assert.Throws<TorchException>(() => conv.call(ones(1, 3, 8, 8)));
        Assert.Contains("3 channels", e2.Message);
        var e3 = Assert.Throws<TorchException>(() => ones(3) + ones(4));
        Assert.Contains("size of tensor a (3) must match the size of tensor b (4)", e3.Message);
        // Bad dtypes: an integer matrix product with a float one, class indices given as floats of the wrong shape.
        Assert.Throws<TorchException>(() => tensor(new long[] { 1, 2 }).matmul(tensor(new float[] { 1, 2 })));
        Assert.Throws<TorchException>(() => nn.functional.cross_entropy(randn(4, 3), rand(4)));
        Assert.Throws<TorchException>(() => nn.functional.binary_cross_entropy(rand(4), rand(5)));
        Assert.Throws<TorchException>(() => ones(2, 2)[5]);
        Assert.Throws<TorchException>(() => ones(2, 2).item<double>());
        Assert.Throws<TorchException>(() => tensor(new long[] { 1 }).sqrt().backward());
        if (!cuda.is_available())
            Assert.Throws<TorchException>(() => zeros(2).to("cuda"));
    }

    [Fact]
    public void ToString_shows_values_shape_and_dtype()
    {
        using var scope = NewDisposeScope();
        var s = tensor(new float[] { 1, 2.5f, 3 }).ToString();
        Assert.Equal("tensor([1.0000, 2.5000, 3.0000], shape=[3], dtype=float32)", s);
        var big = arange(10000, ScalarType.Int64).reshape(100, 100).ToString();
        Assert.Contains("...", big);
        Assert.Contains("9999", big);
        Assert.Contains("shape=[100, 100], dtype=int64", big);
    }
}
