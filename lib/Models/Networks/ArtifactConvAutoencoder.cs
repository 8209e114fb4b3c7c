using NotebookLib.Data;
using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;
using F = NotebookLib.Torch.torch.nn.functional;

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

    /// <summary><see cref="InitializeFromData(Tensor)"/> on <paramref name="count"/> samples of <paramref name="samples"/>
    /// spread evenly over it (all of them when it holds fewer), e.g. the training images.</summary>
    public IReadOnlyList<(string Layer, float[] StandardDeviations)> InitializeFromData(IDataset samples, int count = 64)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "the statistics need at least 2 samples");
        var n = Math.Min(count, samples.Count);
        if (n < 2) throw new ArgumentException($"the statistics need at least 2 samples, the dataset holds {samples.Count}", nameof(samples));
        var length = samples.SampleLength();
        var values = new float[n * length];
        for (var k = 0; k < n; k++) samples.CopyTo((int)((long)k * samples.Count / n), values.AsSpan(k * length, length));
        using var batch = from_array(values, [n, .. samples.SampleShape.Select(d => (long)d)]);
        return InitializeFromData(batch);
    }

    /// <summary>
    /// Data-dependent initialisation, layer by layer (as Mishkin and Matas' LSUV, 2016, and Krähenbühl et al.'s
    /// data-dependent initialisation, 2016): <paramref name="batch"/> (N, C, H, W) of training images goes through the
    /// network one layer at a time, and each convolution followed by a ReLU (all but the output one) is rescaled so that
    /// its pre-activations over the batch have standard deviation 1 (population), with its bias set so that their median
    /// (the lower one, as torch.median) is 0: every channel starts positive at half the positions. The latent batch norm
    /// normalises with the batch's own statistics, as in training, and its running statistics are left as they are.
    /// Why: the talk's inputs are non-negative and smooth (a 3 × 3 patch is nearly flat at the mean level 0.4), so with
    /// the default initialisation a first-layer channel's output is about 0.4 Σw + b everywhere — positive everywhere
    /// (a linear channel) or negative everywhere (a ReLU that never fires and never learns) — and the deeper
    /// pre-activations are small, so that Adadelta's steps (about 10⁻³ each whatever the gradient) switch whole latent
    /// channels off. Keeps the architecture and the parameter count. Returns the scales it divided by, per layer.
    /// </summary>
    public IReadOnlyList<(string Layer, float[] StandardDeviations)> InitializeFromData(Tensor batch)
    {
        this.CheckInput(batch, nameof(ArtifactConvAutoencoder));
        var scales = new List<(string, float[])>();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var h = batch;
        foreach (var (name, layer) in encoder.named_children().Concat(decoder.named_children()))
        {
            if (layer is Conv2d conv && !ReferenceEquals(conv, output))
            {
                using var z = F.conv2d(h, conv.weight, null, conv.stride, conv.padding, conv.dilation, conv.groups);
                var channels = (int)z.shape[1];
                var values = z.transpose(0, 1).flatten(1).contiguous().data<float>();
                var per = values.Length / channels;
                var sd = new float[channels];
                var bias = new float[channels];
                for (var c = 0; c < channels; c++)
                {
                    var v = values.AsSpan(c * per, per).ToArray();
                    double sum = 0, sq = 0;
                    foreach (var x in v) sum += x;
                    var mean = sum / per;
                    foreach (var x in v) sq += (x - mean) * (x - mean);
                    Array.Sort(v);
                    var s = Math.Sqrt(sq / per);
                    if (!(s > 0))
                        throw new InvalidOperationException($"{name}: channel {c} gives the same pre-activation everywhere in the batch; give InitializeFromData images that differ");
                    sd[c] = (float)s;
                    bias[c] = (float)(-v[(per - 1) / 2] / s);
                }
                using var inverse = from_array(sd.Select(s => 1 / s).ToArray(), channels, 1, 1, 1);
                conv.weight.mul_(inverse);
                using var b = from_array(bias, channels);
                conv.bias!.copy_(b);
                scales.Add((name, sd));
                h = conv.call(h);
            }
            else if (layer is BatchNorm2d norm)
                h = F.batch_norm(h, null, null, norm.weight, norm.bias, true, norm.momentum, norm.eps);
            else
                h = ((Module<Tensor, Tensor>)layer).call(h);
        }
        return scales;
    }

    public override Tensor forward(Tensor input)
    {
        using var z = Encode(input);
        return Decode(z);
    }
}
