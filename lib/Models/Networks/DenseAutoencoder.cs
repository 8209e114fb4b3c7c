using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// The dense autoencoder of the survey-artifact talk: the image flattened, fully connected
/// layers with batch normalisation and ReLU narrowing to a latent layer (no activation), then the
/// mirror image back to the pixels with a sigmoid. Defaults: 1×128×128 → 512 → 128 → 32 → 128 → 512 → 1×128×128.
/// </summary>
public sealed class DenseAutoencoder : Module<Tensor, Tensor>, IAutoencoder
{
    readonly Sequential encoder;
    readonly Sequential decoder;

    public DenseAutoencoder(long height = 128, long width = 128, long channels = 1, long[]? hidden = null, long latentDim = 32, bool batchNorm = true)
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
        decoder = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        width0 = latentDim;
        for (var i = hidden.Length - 1; i >= 0; i--)
        {
            decoder.append(nn.Linear(width0, hidden[i]));
            if (batchNorm) decoder.append(nn.BatchNorm1d(hidden[i]));
            decoder.append(nn.ReLU());
            width0 = hidden[i];
        }
        decoder.append(nn.Linear(width0, pixels));
        decoder.append(nn.Sigmoid());
        register_module("encoder", encoder);
        register_module("decoder", decoder);
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
