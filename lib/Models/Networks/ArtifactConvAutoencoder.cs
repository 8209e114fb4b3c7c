using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// The CNN autoencoder of the survey-artifact talk, fully convolutional with a spatial latent space:
/// (1, 128, 128) → Conv 16 3×3 same + ReLU → MaxPool 2 → Conv 8 + ReLU → MaxPool 2 → Conv 4 + ReLU →
/// MaxPool 2 → BatchNorm, the latent (4, 16, 16); the decoder mirrors it: Conv 4 + ReLU → Upsample 2 →
/// Conv 8 + ReLU → Upsample 2 → Conv 16 + ReLU → Upsample 2 → Conv 1 + sigmoid. The encoder has the
/// talk's 1,628 parameters as Keras counts them (1,620 trainable, 8 batch-norm running statistics).
/// Any side divisible by 8 works.
/// </summary>
public sealed class ArtifactConvAutoencoder : Module<Tensor, Tensor>, IAutoencoder
{
    readonly Sequential encoder;
    readonly Sequential decoder;
    readonly Conv2d output;

    public ArtifactConvAutoencoder(long height = 128, long width = 128, long channels = 1)
    {
        if (height <= 0 || width <= 0 || height % 8 != 0 || width % 8 != 0)
            throw new ArgumentException($"ArtifactConvAutoencoder needs a height and width divisible by 8 (three 2× poolings), not {height}×{width}");
        InputShape = [channels, height, width];
        encoder = nn.Sequential(
            ("conv1", nn.Conv2d(channels, 16, 3, padding: "same")), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(16, 8, 3, padding: "same")), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
            ("conv3", nn.Conv2d(8, 4, 3, padding: "same")), ("relu3", nn.ReLU()), ("pool3", nn.MaxPool2d(2)),
            ("latent_norm", nn.BatchNorm2d(4)));
        output = nn.Conv2d(16, channels, 3, padding: "same");
        decoder = nn.Sequential(
            ("conv4", nn.Conv2d(4, 4, 3, padding: "same")), ("relu4", nn.ReLU()), ("up1", nn.Upsample(2)),
            ("conv5", nn.Conv2d(4, 8, 3, padding: "same")), ("relu5", nn.ReLU()), ("up2", nn.Upsample(2)),
            ("conv6", nn.Conv2d(8, 16, 3, padding: "same")), ("relu6", nn.ReLU()), ("up3", nn.Upsample(2)),
            ("conv7", output), ("sigmoid", nn.Sigmoid()));
        register_module("encoder", encoder);
        register_module("decoder", decoder);
    }

    public long[] InputShape { get; }
    public long[] LatentShape => [4, InputShape[1] / 8, InputShape[2] / 8];

    /// <summary>The encoder alone (the talk summarises it on its own).</summary>
    public Module<Tensor, Tensor> Encoder => encoder;

    /// <summary>The encoder's summary as Keras prints it (batch-norm running statistics as non-trainable parameters).</summary>
    public ModelSummary EncoderSummary() => encoder.summary([1, .. InputShape], runningStatistics: true);

    /// <summary>The (N, 4, H/8, W/8) batch-normalised latent maps.</summary>
    public Tensor Encode(Tensor input)
    {
        this.CheckInput(input, nameof(ArtifactConvAutoencoder));
        return encoder.call(input);
    }

    public Tensor Decode(Tensor latent) => decoder.call(latent);

    /// <summary>Sets the last convolution's bias to logit(<paramref name="meanPixel"/>), so that the untrained network
    /// outputs about the training pixels' mean instead of the sigmoid's 0.5 (see SeedAutoencoder.InitializeOutputBias).
    /// Returns this network.</summary>
    public ArtifactConvAutoencoder InitializeOutputBias(double meanPixel)
    {
        if (!double.IsFinite(meanPixel) || meanPixel <= 0 || meanPixel >= 1)
            throw new ArgumentOutOfRangeException(nameof(meanPixel), meanPixel, "the mean training pixel must lie strictly between 0 and 1 (the sigmoid's range); normalise the data first");
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
