using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

/// <summary>A disposed module or optimiser is not silently used: ObjectDisposedException naming it.</summary>
public class DisposedUseTests
{
    [Fact]
    public void Stepping_an_optimiser_whose_module_was_disposed_throws_naming_both()
    {
        var model = nn.Linear(3, 2);
        using var opt = optim.SGD(model.parameters(), lr: 0.1);
        using (var x = ones(4, 3))
        using (var loss = model.call(x).sum())
            loss.backward();
        opt.step();
        model.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => opt.step());
        Assert.Contains("SGD", ex.Message);
        Assert.Contains("its module disposed", ex.Message);
        Assert.Throws<ObjectDisposedException>(() => opt.zero_grad());
    }

    [Fact]
    public void A_disposed_module_refuses_forward_parameters_and_modes_by_name()
    {
        var model = nn.Linear(3, 2);
        model.Dispose();
        using var x = ones(1, 3);
        foreach (var use in new Action[] { () => model.call(x), () => model.parameters().ToList(), () => model.train(), () => model.state_dict(), () => model.zero_grad() })
        {
            var ex = Assert.Throws<ObjectDisposedException>(use);
            Assert.Contains("Linear", ex.Message);
        }
        Assert.Equal("Linear (disposed)", model.ToString());
    }

    [Fact]
    public void A_disposed_optimiser_throws_naming_itself()
    {
        using var model = nn.Linear(2, 1);
        var opt = optim.Adam(model.parameters());
        opt.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => opt.step());
        Assert.Contains("Adam", ex.Message);
    }
}
