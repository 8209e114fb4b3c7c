using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// The dense autoencoder of the survey-artifact talk: the image flattened, fully connected
/// layers with batch normalisation and ReLU narrowing to a latent layer (no activation), then the
/// mirror image back to the pixels with a sigmoid. Defaults: 1×128×128 → 512 → 128 → 32 → 128 → 512 → 1×128×128.
/// <see cref="ForSurveyArtifacts"/> is the talk's own network (batch normalisation on the latent layer only).
/// </summary>
public sealed class DenseAutoencoder : Module<Tensor, Tensor>, IAutoencoder
{
    readonly Sequential encoder;
    readonly Sequential decoder;
    readonly Linear output;

    /// <summary>A dense autoencoder for images of (channels, height, width): hidden layer widths narrowing to
    /// latentDim, mirrored back; <paramref name="batchNorm"/> after each hidden layer, <paramref name="latentBatchNorm"/>
    /// after the latent layer (the talk's network).</summary>
    public DenseAutoencoder(long height = 128, long width = 128, long channels = 1, long[]? hidden = null, long latentDim = 32, bool batchNorm = true,
        bool latentBatchNorm = false)
    {
        hidden ??= [512, 128];
        if (latentDim <= 0 || hidden.Any(h => h <= 0)) throw new ArgumentException($"DenseAutoencoder layer sizes must be positive: hidden [{string.Join(", ", hidden)}], latent {latentDim}");
        InputShape = [channels, height, width];
        LatentDim = latentDim;
        var pixels = channels * height * width;
        encoder = nn.Sequential(("flatten", nn.Flatten()));
        var width0 = pixels;
        for (var i = 0; i < hidden.Length; i++)
        {
            encoder.append(nn.Linear(width0, hidden[i]));
            if (batchNorm) encoder.append(nn.BatchNorm1d(hidden[i]));
            encoder.append(nn.ReLU());
            width0 = hidden[i];
        }
        encoder.append(nn.Linear(width0, latentDim));
        if (latentBatchNorm) encoder.append(nn.BatchNorm1d(latentDim));
        decoder = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        width0 = latentDim;
        for (var i = hidden.Length - 1; i >= 0; i--)
        {
            decoder.append(nn.Linear(width0, hidden[i]));
            if (batchNorm) decoder.append(nn.BatchNorm1d(hidden[i]));
            decoder.append(nn.ReLU());
            width0 = hidden[i];
        }
        output = nn.Linear(width0, pixels);
        decoder.append(output);
        decoder.append(nn.Sigmoid());
        register_module("encoder", encoder);
        register_module("decoder", decoder);
    }

    /// <summary>The survey-artifact talk's dense autoencoder, as its summary lists it: 16384 → Dense 2048 (ReLU) →
    /// Dense 512 (ReLU) → Dense 128 → BatchNorm (the latent vector) → Dense 512 (ReLU) → Dense 2048 (ReLU) →
    /// Dense 16384 (sigmoid): 69,358,976 trainable parameters, plus the batch norm's 256 running statistics
    /// that Keras counts as non-trainable (69,359,232 in all).</summary>
    public static DenseAutoencoder ForSurveyArtifacts(long side = 128) =>
        new(side, side, 1, hidden: [2048, 512], latentDim: 128, batchNorm: false, latentBatchNorm: true);

    /// <summary>Sets the output layer's bias to logit(<paramref name="meanPixel"/>), so that the untrained network
    /// outputs about the training pixels' mean instead of the sigmoid's 0.5 (see SeedAutoencoder.InitializeOutputBias:
    /// on mostly-dark images a sigmoid autoencoder started at 0.5 can saturate at 0 and learn nothing). Returns this network.</summary>
    public DenseAutoencoder InitializeOutputBias(double meanPixel)
    {
        if (!double.IsFinite(meanPixel) || meanPixel <= 0 || meanPixel >= 1)
            throw new ArgumentOutOfRangeException(nameof(meanPixel), meanPixel, "the mean training pixel must lie strictly between 0 and 1 (the sigmoid's range); normalise the data first");
        var p = Math.Clamp(meanPixel, 1e-4, 1 - 1e-4);
        nn.init.constant_(output.bias!, Math.Log(p / (1 - p)));
        return this;
    }

    public long[] InputShape { get; }
    public long LatentDim { get; }
    public long[] LatentShape => [LatentDim];

    public Tensor Encode(Tensor input)
    {
        this.CheckInput(input, nameof(DenseAutoencoder));
        return encoder.call(input);
    }

    public Tensor Decode(Tensor latent)
    {
        using var flat = decoder.call(latent);
        return flat.reshape([flat.size(0), .. InputShape]);
    }

    public override Tensor forward(Tensor input)
    {
        using var z = Encode(input);
        return Decode(z);
    }
}
