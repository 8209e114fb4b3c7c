using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>The convolutional stages shared by ConvAutoencoder and VariationalAutoencoder.</summary>
internal static class ConvStages
{
    /// <summary>Checks the stage lists and the image size; returns the total down-sampling factor.</summary>
    public static long Check(string owner, long height, long width, long[] filters, long[] pools)
    {
        if (filters.Length != pools.Length || filters.Length == 0)
            throw new ArgumentException($"{owner} needs one pooling factor per stage: filters [{string.Join(", ", filters)}], pools [{string.Join(", ", pools)}]");
        if (filters.Any(f => f <= 0) || pools.Any(p => p < 1))
            throw new ArgumentException($"{owner}: filters must be positive and pools at least 1: filters [{string.Join(", ", filters)}], pools [{string.Join(", ", pools)}]");
        var reduction = pools.Aggregate(1L, (a, b) => a * b);
        if (height <= 0 || width <= 0 || height % reduction != 0 || width % reduction != 0)
            throw new ArgumentException($"{owner}: {height}×{width} is not divisible by the pooling factors' product {reduction} ({string.Join("·", pools)})");
        return reduction;
    }

    /// <summary>Per stage: Conv 3×3 same (+ BatchNorm) + ReLU + MaxPool(p).</summary>
    public static Sequential Encoder(long channels, long[] filters, long[] pools, bool batchNorm)
    {
        var s = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        var c = channels;
        for (var i = 0; i < filters.Length; i++)
        {
            s.append(nn.Conv2d(c, filters[i], 3, padding: "same", bias: !batchNorm));
            if (batchNorm) s.append(nn.BatchNorm2d(filters[i]));
            s.append(nn.ReLU());
            s.append(nn.MaxPool2d(pools[i]));
            c = filters[i];
        }
        return s;
    }

    /// <summary>ReLU, then per stage in reverse: Upsample(p) + Conv 3×3 (+ BatchNorm) + ReLU; then Conv to the image channels + sigmoid.</summary>
    public static Sequential Decoder(long channels, long[] filters, long[] pools, bool batchNorm)
    {
        var s = nn.Sequential(nn.ReLU());
        var c = filters[^1];
        for (var i = filters.Length - 1; i >= 0; i--)
        {
            var next = filters[Math.Max(i - 1, 0)];
            s.append(nn.Upsample(pools[i]));
            s.append(nn.Conv2d(c, next, 3, padding: "same", bias: !batchNorm));
            if (batchNorm) s.append(nn.BatchNorm2d(next));
            s.append(nn.ReLU());
            c = next;
        }
        s.append(nn.Conv2d(c, channels, 3, padding: "same"));
        s.append(nn.Sigmoid());
        return s;
    }
}
