using System.Diagnostics;
using NotebookLib.Tests.Support;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

[CollectionDefinition("Torch memory", DisableParallelization = true)]
public class TorchMemoryCollection;

/// <summary>Runs alone: it counts the process's live tensors.</summary>
[Collection("Torch memory")]
public class MemoryTests
{
    [Fact]
    public void A_thousand_training_steps_in_dispose_scopes_do_not_grow_memory()
    {
        using var model = nn.Sequential(nn.Conv2d(1, 8, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 1));
        using var optimizer = optim.Adam(model.parameters());
        var loss = nn.MSELoss();
        using var x = randn(16, 1, 16, 16);
        using var y = randn(16, 1);
        void Steps(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var l = loss.call(model.call(x), y);
                l.backward();
                optimizer.step();
            }
        }
        Steps(100);                                              // warm-up: optimiser state, allocator pools
        Settle();
        var liveBefore = Tensor.LiveCount;
        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        Steps(1000);
        Settle();
        var rssAfter = Process.GetCurrentProcess().WorkingSet64;
        Assert.Equal(liveBefore, Tensor.LiveCount);              // every tensor of every step was freed
        // One step's tensors are a few hundred kB; a leak would add hundreds of MB.
        Assert.True(rssAfter - rssBefore < 40L << 20, $"resident memory grew by {(rssAfter - rssBefore) >> 20} MB");
    }

    static void Settle() => Finalizers.RunAll();
}
