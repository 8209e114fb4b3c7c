using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// The convolutional autoencoder of the persistence-detection talk (DESIGN.md): (1, 136, 136) →
/// Conv 16 3×3 same + ReLU → MaxPool 2 → Conv 32 + ReLU → MaxPool 2 → Conv 64 + ReLU → Conv 64 + ReLU
/// (the latent space, (64, H/4, W/4)) → Upsample 2 → Conv 32 + ReLU → Upsample 2 → Conv 1 + sigmoid.
/// 78,977 parameters for one input channel. Any H and W divisible by 4 work.
/// </summary>
public sealed class SeedAutoencoder : Module<Tensor, Tensor>, IAutoencoder
{
    readonly Sequential encoder;
    readonly Sequential decoder;
    readonly Conv2d output;

    public SeedAutoencoder(long height = 136, long width = 136, long channels = 1)
    {
        if (height % 4 != 0 || width % 4 != 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"SeedAutoencoder needs a height and width divisible by 4 (two 2× poolings), not {height}×{width}");
        InputShape = [channels, height, width];
        encoder = nn.Sequential(
            ("conv1", nn.Conv2d(channels, 16, 3, padding: "same")), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(16, 32, 3, padding: "same")), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
            ("conv3", nn.Conv2d(32, 64, 3, padding: "same")), ("relu3", nn.ReLU()),
            ("conv4", nn.Conv2d(64, 64, 3, padding: "same")), ("relu4", nn.ReLU()));
        output = nn.Conv2d(32, channels, 3, padding: "same");
        decoder = nn.Sequential(
            ("up1", nn.Upsample(2)), ("conv5", nn.Conv2d(64, 32, 3, padding: "same")), ("relu5", nn.ReLU()),
            ("up2", nn.Upsample(2)), ("conv6", output), ("sigmoid", nn.Sigmoid()));
        register_module("encoder", encoder);
        register_module("decoder", decoder);
    }

    public long[] InputShape { get; }
    public long[] LatentShape => [64, InputShape[1] / 4, InputShape[2] / 4];

    /// <summary>The (N, 64, H/4, W/4) output of the fourth convolution.</summary>
    public Tensor Encode(Tensor input)
    {
        this.CheckInput(input, nameof(SeedAutoencoder), anySpatialSize: true);
        if (input.size(2) % 4 != 0 || input.size(3) % 4 != 0)
            throw new ArgumentException($"SeedAutoencoder needs H and W divisible by 4, not {input.size(2)}×{input.size(3)}");
        return encoder.call(input);
    }

    public Tensor Decode(Tensor latent) => decoder.call(latent);

    /// <summary>
    /// Sets the last convolution's bias to logit(<paramref name="meanPixel"/>), so that the untrained network
    /// outputs about the training pixels' mean instead of the sigmoid's 0.5 (the talk's network starts at 0.5).
    /// On data that is mostly near 0 (slew darks clipped to [0, 1]), training from 0.5 lets Adam overshoot
    /// and saturate the sigmoid at 0, where it stays: the loss flattens at E[x²] and nothing is learnt.
    /// Starting at the mean avoids that collapse (Karpathy's "init well" recipe). Call it before training;
    /// the architecture and parameter count are unchanged. Returns this network.
    /// </summary>
    /// <param name="meanPixel">The mean training pixel, strictly between 0 and 1 (it is clamped to [1e-4, 1 − 1e-4]).</param>
    public SeedAutoencoder InitializeOutputBias(double meanPixel)
    {
        if (!double.IsFinite(meanPixel) || meanPixel <= 0 || meanPixel >= 1)
            throw new ArgumentOutOfRangeException(nameof(meanPixel), meanPixel,
                "the mean training pixel must lie strictly between 0 and 1 (the sigmoid's range); normalise the data first");
        var p = Math.Clamp(meanPixel, 1e-4, 1 - 1e-4);
        nn.init.constant_(output.bias!, Math.Log(p / (1 - p)));
        return this;
    }

    public override Tensor forward(Tensor input)
    {
        using var z = Encode(input);
        return Decode(z);
    }
}
