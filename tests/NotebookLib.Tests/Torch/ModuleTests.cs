using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

/// <summary>Trains from a seeded initialisation: runs with no other test drawing from libtorch's generator.</summary>
[Collection(Models.LibtorchRngCollection.Name)]
public class ModuleTests
{
    [Fact]
    public void Seed_autoencoder_has_78977_parameters_and_the_documented_shapes()
    {
        using var model = new SeedAutoencoder();
        Assert.Equal(78_977, model.parameter_count());
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Equal(12, names.Count);
        Assert.Equal("encoder.0.weight", names[0]);
        Assert.Equal("decoder.4.bias", names[^1]);
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            var x = rand(2, 1, 136, 136);
            Assert.Equal([2L, 64, 34, 34], model.encode(x).shape);
            var y = model.call(x);
            Assert.Equal([2L, 1, 136, 136], y.shape);
            Assert.True((y >= 0.0).all().item<bool>() && (y <= 1.0).all().item<bool>());
        }
    }

    [Fact]
    public void Summary_lists_layers_output_shapes_and_totals()
    {
        using var model = new SeedAutoencoder();
        var s = model.summary(1, 1, 136, 136);
        Assert.Equal(78_977, s.TotalParameters);
        Assert.Equal(78_977, s.TrainableParameters);
        Assert.Equal(16, s.Rows.Count);                 // 6 convs, 5 ReLU, 2 pools, 2 upsamples, sigmoid
        var conv4 = s.Rows.Single(r => r.Name == "encoder.8");
        Assert.Equal("Conv2d", conv4.Type);
        Assert.Equal([1L, 64, 34, 34], conv4.OutputShape!);
        Assert.Equal(36_928, conv4.Parameters);
        Assert.Equal([1L, 1, 136, 136], s.Rows[^1].OutputShape!);
        var text = s.ToString();
        Assert.Contains("Total params: 78,977", text);
        Assert.Contains("(1, 64, 34, 34)", text);
        Assert.True(model.training);                    // the summary ran in eval and restored the mode
    }

    [Fact]
    public void Seed_autoencoder_trains_with_adam_in_a_dispose_scope()
    {
        manual_seed(1);
        using var model = new SeedAutoencoder();
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var loss = nn.MSELoss();
        using var data = Blobs(8, 16);
        double first = 0, last = 0;
        for (var step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var l = loss.call(model.call(data), data);
            l.backward();
            optimizer.step();
            if (step == 0) first = l.item<double>();
            last = l.item<double>();
        }
        Assert.True(last < 0.5 * first, $"loss went from {first} to {last}");
    }

    /// <summary>Images of one Gaussian blob each at a random place: structure an autoencoder can learn.</summary>
    static Tensor Blobs(int n, int size)
    {
        using var scope = NewDisposeScope();
        var grid = arange(size, ScalarType.Float32);
        var cy = rand(n, 1, 1, 1) * size;
        var cx = rand(n, 1, 1, 1) * size;
        var dy = (grid.reshape(1, 1, size, 1) - cy).square();
        var dx = (grid.reshape(1, 1, 1, size) - cx).square();
        return (-(dy + dx) / 8.0).exp().MoveToOuterDisposeScope();
    }

    [Fact]
    public void Train_eval_and_registration_work_through_fields()
    {
        using var model = new SeedAutoencoder();
        model.eval();
        Assert.All(model.named_modules(), m => Assert.False(m.module.training));
        model.train();
        Assert.All(model.named_modules(), m => Assert.True(m.module.training));
        Assert.Equal(["encoder", "decoder"], model.named_children().Select(c => c.name));
    }

    [Fact]
    public void ModuleList_registers_its_items_by_index()
    {
        using var list = nn.ModuleList(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], list.named_parameters().Select(p => p.name));
        Assert.Equal(2 * 3 + 3 + 3 + 1, list.parameter_count());
        Assert.IsType<NotebookLib.Torch.Modules.ReLU>(list[1]);
    }

    [Fact]
    public void Parameters_outlive_the_scope_they_were_made_in()
    {
        SeedAutoencoder model;
        using (NewDisposeScope()) model = new SeedAutoencoder();
        using (model)
        using (NewDisposeScope())
            Assert.Equal(78_977, model.parameters().Sum(p => p.numel()));
    }
}
