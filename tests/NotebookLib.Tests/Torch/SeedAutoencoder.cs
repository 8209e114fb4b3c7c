using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

/// <summary>The seed autoencoder of notebook 01 (DESIGN.md), built with the nn API as a user
/// would: the acceptance check of that API. The Models area owns the real one.</summary>
public sealed class SeedAutoencoder : Module<Tensor, Tensor>
{
    readonly Sequential encoder;
    readonly Sequential decoder;

    public SeedAutoencoder()
    {
        encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding: "same"), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding: "same"), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding: "same"), nn.ReLU(),
            nn.Conv2d(64, 64, 3, padding: "same"), nn.ReLU());
        decoder = nn.Sequential(
            nn.Upsample(2), nn.Conv2d(64, 32, 3, padding: "same"), nn.ReLU(),
            nn.Upsample(2), nn.Conv2d(32, 1, 3, padding: "same"), nn.Sigmoid());
        RegisterComponents();
    }

    /// <summary>The latent space: the (64, H/4, W/4) output of the fourth convolution.</summary>
    public Tensor encode(Tensor x) => encoder.call(x);

    public override Tensor forward(Tensor x)
    {
        using var z = encoder.call(x);
        return decoder.call(z);
    }
}
