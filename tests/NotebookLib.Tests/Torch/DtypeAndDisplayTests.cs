using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

/// <summary>Seeds libtorch's generator and reads its thread count: runs with no other test beside it.</summary>
[Collection(Models.LibtorchRngCollection.Name)]
public class DtypeAndDisplayTests
{
    [Fact]
    public void Converts_between_dtypes_as_pytorch()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -1.5, 0, 2.7 });
        Assert.Equal([-1L, 0, 2], x.to(ScalarType.Int64).data<long>());      // truncation toward zero
        Assert.Equal([true, false, true], x.to(ScalarType.Bool).data<bool>());
        Assert.Equal(ScalarType.Float32, x.@float().dtype);
        Assert.Equal([-1.5f, 0, 2.7f], x.@float().data<float>());
        Assert.Equal(ScalarType.Float64, tensor(new long[] { 1, 2 }).@double().dtype);
        Assert.Equal(ScalarType.Int32, zeros([2], ScalarType.Int32).dtype);
        Assert.Equal(ScalarType.Float64, (tensor(new long[] { 1 }) * tensor(new double[] { 0.5 })).dtype); // type promotion
        Assert.Equal([0L, 2, 4], arange(0, 6, 2).data<long>());
        Assert.Equal([0f, 0.5f, 1f], linspace(0, 1, 3).data<float>());
        Assert.Equal(2.0, eye(2).sum().item<double>());
        var m = randint(0, 5, [1000]);
        Assert.True(m.min().item<long>() >= 0 && m.max().item<long>() <= 4);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), randperm(10).sort().values.data<long>());
    }

    [Fact]
    public void Manual_seed_makes_random_tensors_repeat()
    {
        using var scope = NewDisposeScope();
        manual_seed(123);
        var a = randn(5).data<float>();
        manual_seed(123);
        Assert.Equal(a, randn(5).data<float>());
    }

    [Fact]
    public void Devices_resolve_auto_and_report_cuda_availability()
    {
        Assert.Equal(cuda.is_available() ? "cuda" : "cpu", Device.Parse("auto").Name);
        Assert.Throws<ArgumentException>(() => Device.Parse("gpu"));
        using var scope = NewDisposeScope();
        Assert.Equal("cpu", zeros(2).to(Device.CPU).device.Name);
        Assert.Equal(NotebookLib.Configuration.EnvironmentSettings.Current.EffectiveThreads, get_num_threads());
    }

    [Fact]
    public void Notebook_formatters_show_tensors_and_model_summaries()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var html = x.ToDisplayString("text/html");
        Assert.Contains("<th>shape</th><td>[2, 2]</td>", html);
        Assert.Contains("float32", html);
        Assert.Contains("4.0000", html);
        using var model = new SeedAutoencoder();
        var summary = model.summary(1, 1, 32, 32).ToDisplayString("text/html");
        Assert.Contains("Total params: 78,977", summary);
        Assert.Contains("(1, 64, 8, 8)", summary);
        Assert.Contains("Total params: 78,977", model.ToDisplayString("text/html"));
    }
}
