using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// A convolutional autoencoder with a dense latent vector, used by the survey-artifact talk
/// (1×128×128, batch normalisation after each convolution) and the similarity-search talk
/// (3×220×220 → 100-d latent). Each encoder stage is Conv 3×3 + BatchNorm + ReLU + MaxPool(p);
/// the feature map is flattened into a Linear layer to the latent vector; the decoder mirrors it
/// with Upsample(p) + Conv + BatchNorm + ReLU and ends in a sigmoid. The side must be divisible by
/// the product of the pooling factors (128 = 2·2·2·16; 220 = 2·2·5·11).
/// </summary>
public sealed class ConvAutoencoder : Module<Tensor, Tensor>, IAutoencoder
{
    readonly Sequential encoder;
    readonly Linear toLatent;
    readonly Linear fromLatent;
    readonly Sequential decoder;
    readonly long[] mapShape;

    public ConvAutoencoder(long height = 128, long width = 128, long channels = 1, long latentDim = 64,
        long[]? filters = null, long[]? pools = null, bool batchNorm = true)
    {
        filters ??= [16, 32, 64];
        pools ??= Enumerable.Repeat(2L, filters.Length).ToArray();
        var reduction = ConvStages.Check(nameof(ConvAutoencoder), height, width, filters, pools);
        InputShape = [channels, height, width];
        LatentDim = latentDim;
        encoder = ConvStages.Encoder(channels, filters, pools, batchNorm);
        var c = filters[^1];
        mapShape = [c, height / reduction, width / reduction];
        var flat = mapShape.Aggregate(1L, (a, b) => a * b);
        toLatent = nn.Linear(flat, latentDim);
        fromLatent = nn.Linear(latentDim, flat);
        decoder = ConvStages.Decoder(channels, filters, pools, batchNorm);
        register_module("encoder", encoder);
        register_module("to_latent", toLatent);
        register_module("from_latent", fromLatent);
        register_module("decoder", decoder);
    }

    /// <summary>The 100-d-latent autoencoder for 220×220×3 galaxy cutouts of the similarity-search talk.</summary>
    public static ConvAutoencoder ForGalaxyCutouts(long latentDim = 100) =>
        new(220, 220, 3, latentDim, filters: [32, 64, 64], pools: [2, 2, 5]);

    public long[] InputShape { get; }
    public long LatentDim { get; }
    public long[] LatentShape => [LatentDim];

    public Tensor Encode(Tensor input)
    {
        this.CheckInput(input, nameof(ConvAutoencoder));
        using var maps = encoder.call(input);
        using var flat = maps.flatten(1);
        return toLatent.call(flat);
    }

    public Tensor Decode(Tensor latent)
    {
        using var flat = fromLatent.call(latent);
        using var maps = flat.reshape([flat.size(0), .. mapShape]);
        return decoder.call(maps);
    }

    public override Tensor forward(Tensor input)
    {
        using var z = Encode(input);
        return Decode(z);
    }
}
