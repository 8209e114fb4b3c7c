using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// U-Net (Ronneberger et al. 2015) for per-pixel masks: at each of <c>depth</c> levels two
/// Conv 3×3 + BatchNorm + ReLU then MaxPool 2 down; a bottleneck; then ConvTranspose 2×2 up,
/// concatenation with the skip connection and two convolutions; a 1×1 convolution gives per-pixel
/// logits (one channel per class; one for a binary mask). H and W must be divisible by 2^depth.
/// </summary>
public sealed class UNet : Module<Tensor, Tensor>, INetwork
{
    readonly List<Sequential> down = [];
    readonly Sequential bottleneck;
    readonly List<ConvTranspose2d> up = [];
    readonly List<Sequential> upConvs = [];
    readonly Conv2d head;

    public UNet(long inChannels = 1, long outChannels = 1, long baseFilters = 16, int depth = 3, long height = 128, long width = 128)
    {
        if (depth < 1) throw new ArgumentException($"UNet depth must be at least 1, not {depth}");
        if (inChannels <= 0 || outChannels <= 0 || baseFilters <= 0)
            throw new ArgumentException($"UNet channels must be positive: in {inChannels}, out {outChannels}, base filters {baseFilters}");
        Depth = depth;
        InputShape = [inChannels, height, width];
        var c = inChannels;
        for (var i = 0; i < depth; i++)
        {
            var f = baseFilters << i;
            down.Add(DoubleConv(c, f));
            register_module($"down{i + 1}", down[i]);
            c = f;
        }
        bottleneck = DoubleConv(c, baseFilters << depth);
        register_module("bottleneck", bottleneck);
        c = baseFilters << depth;
        for (var i = depth - 1; i >= 0; i--)
        {
            var f = baseFilters << i;
            var t = nn.ConvTranspose2d(c, f, 2, stride: 2);
            var conv = DoubleConv(2 * f, f);
            up.Add(t); upConvs.Add(conv);
            register_module($"up{i + 1}", t);
            register_module($"upconv{i + 1}", conv);
            c = f;
        }
        head = nn.Conv2d(c, outChannels, 1);
        register_module("head", head);
    }

    public long[] InputShape { get; }
    public int Depth { get; }

    static Sequential DoubleConv(long inC, long outC) => nn.Sequential(
        nn.Conv2d(inC, outC, 3, padding: 1, bias: false), nn.BatchNorm2d(outC), nn.ReLU(),
        nn.Conv2d(outC, outC, 3, padding: 1, bias: false), nn.BatchNorm2d(outC), nn.ReLU());

    /// <summary>(N, outChannels, H, W) logits.</summary>
    public override Tensor forward(Tensor input)
    {
        var m = 1L << Depth;
        if (input.dim() != 4 || input.size(1) != InputShape[0] || input.size(2) % m != 0 || input.size(3) % m != 0)
            throw new ArgumentException($"UNet takes (N, {InputShape[0]}, H, W) with H and W divisible by {m}, not ({string.Join(", ", input.shape)})");
        using var scope = NewDisposeScope();
        var skips = new List<Tensor>();
        var x = input;
        foreach (var block in down)
        {
            var s = block.call(x);
            skips.Add(s);
            x = nn.functional.max_pool2d(s, (2, 2));
        }
        x = bottleneck.call(x);
        for (var i = 0; i < up.Count; i++)
        {
            var u = up[i].call(x);
            x = upConvs[i].call(cat([u, skips[^(i + 1)]], 1));
        }
        return head.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>Binary masks (N, 1, H, W) of 0/1 where the sigmoid of the logits exceeds threshold (one output channel),
    /// or the arg-max class (N, H, W) for several, in eval mode without gradients.</summary>
    public Tensor PredictMask(Tensor input, double threshold = 0.5)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var logits = forward(input);
            if (logits.size(1) == 1)
            {
                using var p = logits.sigmoid();
                using var b = p.gt(threshold);
                return b.to(ScalarType.Float32);
            }
            return logits.argmax(1);
        }
        finally { train(wasTraining); }
    }
}
