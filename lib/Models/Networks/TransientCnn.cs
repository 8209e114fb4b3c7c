using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// The real/bogus classifier of the transient talk: 30×30 difference-image cutouts → Conv 32 3×3
/// + ReLU → MaxPool 2 → Conv 64 3×3 + ReLU → MaxPool 2 → Dense 128 + ReLU → Dropout → Dense 1 →
/// sigmoid, the probability of a real transient. Logits (for BCEWithLogitsLoss and co-teaching)
/// and the 128-d features (the latent space the talk maps with UMAP) are available too.
/// </summary>
public sealed class TransientCnn : Module<Tensor, Tensor>, INetwork
{
    readonly Sequential features;
    readonly Sequential head;

    public TransientCnn(long size = 30, long channels = 1, long filters1 = 32, long filters2 = 64, long dense = 128, double dropout = 0.5)
    {
        if (size < 4) throw new ArgumentException($"TransientCnn needs cutouts of at least 4×4 pixels, not {size}");
        InputShape = [channels, size, size];
        var side = size / 2 / 2;
        features = nn.Sequential(
            ("conv1", nn.Conv2d(channels, filters1, 3, padding: "same")), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(filters1, filters2, 3, padding: "same")), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("dense1", nn.Linear(filters2 * side * side, dense)), ("relu3", nn.ReLU()));
        head = nn.Sequential(("dropout", nn.Dropout(dropout)), ("dense2", nn.Linear(dense, 1)));
        register_module("features", features);
        register_module("head", head);
    }

    public long[] InputShape { get; }

    /// <summary>The (N, 128) activations before dropout and the output layer.</summary>
    public Tensor Features(Tensor input)
    {
        this.CheckInput(input, nameof(TransientCnn));
        return features.call(input);
    }

    /// <summary>(N) logits: log-odds of a real transient.</summary>
    public Tensor Logits(Tensor input)
    {
        using var f = Features(input);
        using var l = head.call(f);
        return l.flatten();
    }

    /// <summary>(N) probabilities of a real transient.</summary>
    public override Tensor forward(Tensor input)
    {
        using var l = Logits(input);
        return l.sigmoid();
    }
}
