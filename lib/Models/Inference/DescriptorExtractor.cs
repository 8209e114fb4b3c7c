using System.Diagnostics;
using NotebookLib.Configuration;
using NotebookLib.Imaging;
using NotebookLib.Models.Networks;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Inference;

/// <summary>
/// One descriptor per image from a CNN (the calibration-frame talk's ResNet-50 features): each image
/// becomes the network's 224 × 224 input by an <see cref="InputMethod"/>, batches run through the network
/// in eval mode without gradients (on the chosen device), and the pooled features come back as a
/// (images × features) matrix. Progress is shown per batch; <see cref="Throughput"/> says how many images
/// a second the last call managed.
/// </summary>
public sealed class DescriptorExtractor : IDisposable
{
    readonly Module<Tensor, Tensor> network;
    readonly Func<Tensor, Tensor> descriptors;

    DescriptorExtractor(string name, Module<Tensor, Tensor> network, Func<Tensor, Tensor> descriptors, int size, InputMethod method, int batchSize, Device? device)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1");
        Name = name;
        this.network = network;
        this.descriptors = descriptors;
        Size = size;
        Method = method;
        BatchSize = batchSize;
        Device = Device.Resolve(device);
        network.to(Device);
        network.eval();
    }

    /// <summary>The ImageNet-pretrained ResNet-18 (512-d; weights from NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18's ONNX file),
    /// grey input repeated over RGB minus the ImageNet mean image, as ML.NET's featurizer feeds it.</summary>
    public static DescriptorExtractor ImageNetResNet18(InputMethod method = InputMethod.Resize, int batchSize = 32, Device? device = null)
    {
        var net = ResNet18.ImageNet();
        return new DescriptorExtractor("ResNet-18, ImageNet", net, x => net.Descriptors(net.Preprocess(x)), (int)ResNet18.DescriptorSize, method, batchSize, device);
    }

    /// <summary>A ResNet-50 (2048-d) with PyTorch's random initialisation (seeded), or with torchvision weights when
    /// <paramref name="torchvisionWeights"/> names a safetensors file: a grey input scaled to mean 0, unit-ish spread.</summary>
    public static DescriptorExtractor ResNet50(InputMethod method = InputMethod.Resize, int? seed = null, string? torchvisionWeights = null, int batchSize = 32, Device? device = null)
    {
        manual_seed(Seeds.Resolve(seed));
        var net = new Networks.ResNet50(inChannels: 1);
        if (torchvisionWeights is not null) net.LoadTorchvisionWeights(torchvisionWeights);
        var name = torchvisionWeights is null ? "ResNet-50, random init" : $"ResNet-50, {Path.GetFileName(torchvisionWeights)}";
        return new DescriptorExtractor(name, net, x => { using var s = (x - 0.45 * 255) / (0.226 * 255); return net.Descriptors(s); },
            (int)Networks.ResNet50.DescriptorSize, method, batchSize, device);
    }

    public string Name { get; }
    /// <summary>Features per image.</summary>
    public int Size { get; }
    /// <summary>The input method used when a call does not name one.</summary>
    public InputMethod Method { get; }
    public int BatchSize { get; }
    public Device Device { get; }
    /// <summary>Images per second of the last <see cref="Transform"/> (input preparation included).</summary>
    public double Throughput { get; private set; } = double.NaN;

    /// <summary>The (images × <see cref="Size"/>) descriptors of <paramref name="images"/>, in batches, with progress.</summary>
    public float[,] Transform(IReadOnlyList<Image> images, InputMethod? method = null, bool progress = true)
    {
        var m = method ?? Method;
        var result = new float[images.Count, Size];
        var clock = Stopwatch.StartNew();
        using var bar = progress ? NotebookLib.Display.Progress.Start($"{Name} descriptors ({m})", images.Count) : null;
        const int side = ResNet18.InputSide;
        for (var start = 0; start < images.Count; start += BatchSize)
        {
            var n = Math.Min(BatchSize, images.Count - start);
            var batch = new float[n * side * side];
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads },
                i => images[start + i].ToNetworkInput(m, side).Pixels.CopyTo(batch, i * side * side));
            using (var scope = NewDisposeScope())
            {
                var x = from_array(batch, n, 1, side, side).to(Device);
                var d = descriptors(x).cpu().data<float>();
                for (var i = 0; i < n; i++)
                    for (var j = 0; j < Size; j++) result[start + i, j] = d[i * Size + j];
            }
            bar?.Report(start + n, $"{(start + n) / clock.Elapsed.TotalSeconds:F1} images/s");
        }
        Throughput = images.Count / clock.Elapsed.TotalSeconds;
        return result;
    }

    public override string ToString() => $"{Name}: {Size}-d descriptors, input {Method}, batches of {BatchSize} on {Device}";

    public void Dispose() => network.Dispose();
}
