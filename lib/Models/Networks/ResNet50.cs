using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// ResNet-50 (He et al. 2016) as torchvision builds it — same modules, same state-dict names
/// (conv1, bn1, layer1.0.conv1, ..., layer4.2.bn3, fc) — used as a descriptor extractor: forward
/// gives the 2048-d globally pooled features of the calibration-frame talk for any input size and
/// channel count. With numClasses the fc layer is kept and forward gives its logits instead.
/// Weights: random (PyTorch's initialisation), or a safetensors file converted from torchvision's
/// ImageNet weights through <see cref="LoadTorchvisionWeights"/>.
/// </summary>
public sealed class ResNet50 : Module<Tensor, Tensor>, INetwork
{
    public const long DescriptorSize = 2048;
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly MaxPool2d maxpool;
    readonly Sequential layer1, layer2, layer3, layer4;
    readonly AdaptiveAvgPool2d avgpool;
    readonly Linear? fc;

    public ResNet50(long inChannels = 3, long? numClasses = null, long height = 224, long width = 224)
    {
        if (inChannels <= 0) throw new ArgumentException($"ResNet50 needs at least one input channel, not {inChannels}");
        InputShape = [inChannels, height, width];
        conv1 = nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        long inplanes = 64;
        layer1 = Layer(ref inplanes, 64, 3, 1);
        layer2 = Layer(ref inplanes, 128, 4, 2);
        layer3 = Layer(ref inplanes, 256, 6, 2);
        layer4 = Layer(ref inplanes, 512, 3, 2);
        avgpool = nn.AdaptiveAvgPool2d(1);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("maxpool", maxpool);
        register_module("layer1", layer1);
        register_module("layer2", layer2);
        register_module("layer3", layer3);
        register_module("layer4", layer4);
        register_module("avgpool", avgpool);
        if (numClasses is { } k)
        {
            fc = nn.Linear(DescriptorSize, k);
            register_module("fc", fc);
        }
        InitialiseAsTorchvision();
    }

    /// <summary>The input shape the summary uses (any size works in forward).</summary>
    public long[] InputShape { get; }
    public long InChannels => InputShape[0];

    static Sequential Layer(ref long inplanes, long planes, int blocks, long stride)
    {
        var layer = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        layer.append(new Bottleneck(inplanes, planes, stride));
        inplanes = planes * Bottleneck.Expansion;
        for (var i = 1; i < blocks; i++) layer.append(new Bottleneck(inplanes, planes, 1));
        return layer;
    }

    // torchvision: kaiming_normal_(fan_out, relu) for convolutions, BN weight 1 and bias 0.
    void InitialiseAsTorchvision()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (_, m) in named_modules())
            if (m is Conv2d c)
            {
                var (_, fanOut) = nn.init.CalculateFans(c.weight);
                c.weight.normal_(0, Math.Sqrt(2.0 / fanOut));
            }
    }

    /// <summary>(N, 2048) pooled features (or (N, numClasses) logits when fc is kept).</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.size(1) != InChannels)
            throw new ArgumentException($"ResNet50 takes a batch of shape (N, {InChannels}, H, W), not ({string.Join(", ", input.shape)})");
        using var scope = NewDisposeScope();
        var x = maxpool.call(bn1.call(conv1.call(input)).relu());
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        var pooled = avgpool.call(x).flatten(1);
        var result = fc is null ? pooled : fc.call(pooled);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The 2048-d descriptors of a batch in eval mode without gradients, whether or not fc is kept.</summary>
    public Tensor Descriptors(Tensor input)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var x = maxpool.call(bn1.call(conv1.call(input)).relu());
            x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
            return avgpool.call(x).flatten(1).MoveToOuterDisposeScope();
        }
        finally { train(wasTraining); }
    }

    /// <summary>
    /// Loads torchvision-named weights (e.g. resnet50 IMAGENET1K_V2 saved with safetensors). Every
    /// tensor of this model must be in the file with its shape, except that with
    /// adaptInputChannels a 3-channel conv1 is averaged over RGB and repeated for other channel
    /// counts (scaled by 3/C, so a grey image gives the same response as the grey RGB image). File
    /// tensors this model lacks (fc.* for a descriptor extractor) are reported as unused. A missing
    /// or mismatched tensor is an error that names each one.
    /// </summary>
    public WeightLoadReport LoadTorchvisionWeights(string path, bool adaptInputChannels = true)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ResNet50 weights file {path} does not exist", path);
        using var scope = NewDisposeScope();
        var source = Safetensors.Load(path);
        var own = state_dict();
        var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var mismatched = new List<string>();
        var adapted = new List<string>();
        var ready = new Dictionary<string, Tensor>();
        foreach (var (name, target) in own)
        {
            if (!source.TryGetValue(name, out var value)) continue;
            if (value.shape.SequenceEqual(target.shape)) { ready[name] = value; continue; }
            if (name == "conv1.weight" && adaptInputChannels && value.dim() == 4 && value.size(1) == 3 && value.size(0) == target.size(0)
                && value.size(2) == target.size(2) && value.size(3) == target.size(3))
            {
                ready[name] = value.mean(1, keepdim: true).repeat(1, InChannels, 1, 1) * (3.0 / InChannels);
                adapted.Add($"{name} ({string.Join("×", value.shape)} → {string.Join("×", target.shape)})");
                continue;
            }
            mismatched.Add($"{name}: file ({string.Join(", ", value.shape)}), model ({string.Join(", ", target.shape)})");
        }
        if (missing.Count > 0 || mismatched.Count > 0)
            throw new InvalidDataException($"{path} does not fit ResNet50(inChannels: {InChannels}{(fc is null ? "" : $", numClasses: {fc.out_features}")}): "
                + (missing.Count > 0 ? $"missing {missing.Count} tensor(s) [{string.Join(", ", missing)}]" : "")
                + (missing.Count > 0 && mismatched.Count > 0 ? "; " : "")
                + (mismatched.Count > 0 ? $"mismatched {mismatched.Count} tensor(s) [{string.Join("; ", mismatched)}]" : "")
                + (adaptInputChannels ? "" : " (adaptInputChannels is off)"));
        load_state_dict(ready, strict: false);
        var unused = source.Keys.Where(k => !own.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        return new WeightLoadReport(path, ready.Count, adapted, unused);
    }
}

/// <summary>What a weight loader did: how many tensors it loaded, which it adapted, which file tensors it did not use.</summary>
public sealed record WeightLoadReport(string Path, int Loaded, IReadOnlyList<string> Adapted, IReadOnlyList<string> Unused)
{
    public override string ToString() =>
        $"{Path}: {Loaded} tensors loaded" + (Adapted.Count > 0 ? $", adapted {string.Join(", ", Adapted)}" : "")
        + (Unused.Count > 0 ? $", unused {string.Join(", ", Unused)}" : "");
}

/// <summary>torchvision's Bottleneck (ResNet v1.5: the stride sits on the 3×3 convolution).</summary>
internal sealed class Bottleneck : Module<Tensor, Tensor>
{
    public const long Expansion = 4;
    readonly Conv2d conv1, conv2, conv3;
    readonly BatchNorm2d bn1, bn2, bn3;
    readonly Sequential? downsample;

    public Bottleneck(long inplanes, long planes, long stride)
    {
        conv1 = nn.Conv2d(inplanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        register_module("conv1", conv1); register_module("bn1", bn1);
        register_module("conv2", conv2); register_module("bn2", bn2);
        register_module("conv3", conv3); register_module("bn3", bn3);
        if (stride != 1 || inplanes != planes * Expansion)
        {
            downsample = nn.Sequential(nn.Conv2d(inplanes, planes * Expansion, 1, stride: stride, bias: false), nn.BatchNorm2d(planes * Expansion));
            register_module("downsample", downsample);
        }
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = bn1.call(conv1.call(input)).relu();
        x = bn2.call(conv2.call(x)).relu();
        x = bn3.call(conv3.call(x));
        var identity = downsample is null ? input : downsample.call(input);
        return (x + identity).relu().MoveToOuterDisposeScope();
    }
}
