using NotebookLib.Models.Pretrained;
using NotebookLib.Torch;
using NotebookLib.Torch.Modules;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Networks;

/// <summary>
/// ResNet-18 (He et al. 2016) as torchvision builds it — conv1, bn1, layer1.0.conv1 … layer4.1.bn2, fc —
/// used as a descriptor extractor: <see cref="Descriptors"/> gives the 512-d globally pooled features.
/// <see cref="ImageNet"/> loads the ImageNet weights of NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18
/// (ResNet18.onnx, exported from CNTK) into this network, so that the descriptors run batched on libtorch
/// (CPU or GPU); the ONNX model itself takes one image at a time. CNTK pads its stride-2 convolutions and
/// max-pool asymmetrically (one pixel less at the end); for even input sides that selects exactly the
/// windows of PyTorch's symmetric padding, so the 224 × 224 input the ONNX model takes gives the same
/// numbers. ML.NET's file (CNTK's ImageNet ResNet-18) has three basic blocks in its last stage where
/// torchvision has two; <see cref="ImageNet"/> reads the block counts from the graph, the constructor's
/// default is torchvision's [2, 2, 2, 2]. The ONNX model's own preprocessing (ResNetPreprocess.onnx) is RGB → BGR and a 224 × 224
/// ImageNet mean image subtracted from pixels in 0..255: <see cref="MeanImage"/> holds it and
/// <see cref="Preprocess"/> applies it.
/// </summary>
public sealed class ResNet18 : Module<Tensor, Tensor>, INetwork
{
    public const long DescriptorSize = 512;
    public const int InputSide = 224;
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly MaxPool2d maxpool;
    readonly Sequential layer1, layer2, layer3, layer4;
    readonly AdaptiveAvgPool2d avgpool;
    readonly Linear? fc;

    public ResNet18(long? numClasses = null, int[]? blocks = null)
    {
        Blocks = blocks ?? [2, 2, 2, 2];
        if (Blocks.Length != 4 || Blocks.Any(b => b < 1)) throw new ArgumentException($"ResNet18 takes 4 stages of at least one block each, not [{string.Join(", ", Blocks)}]");
        InputShape = [3, InputSide, InputSide];
        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        long inplanes = 64;
        layer1 = Layer(ref inplanes, 64, Blocks[0], 1);
        layer2 = Layer(ref inplanes, 128, Blocks[1], 2);
        layer3 = Layer(ref inplanes, 256, Blocks[2], 2);
        layer4 = Layer(ref inplanes, 512, Blocks[3], 2);
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
        using var _ = no_grad();
        foreach (var (_, m) in named_modules())
            if (m is Conv2d c)
            {
                var (_, fanOut) = nn.init.CalculateFans(c.weight);
                c.weight.normal_(0, Math.Sqrt(2.0 / fanOut));
            }
    }

    /// <summary>Basic blocks in each of the four stages.</summary>
    public int[] Blocks { get; }

    /// <summary>(3, 224, 224): the ONNX model's input; forward takes any even size.</summary>
    public long[] InputShape { get; }

    /// <summary>The ImageNet mean image (1, 3, 224, 224), BGR, that <see cref="Preprocess"/> subtracts; null until <see cref="ImageNet"/> loaded it.</summary>
    public Tensor? MeanImage { get; private set; }

    static Sequential Layer(ref long inplanes, long planes, int blocks, long stride)
    {
        var layer = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        layer.append(new BasicBlock(inplanes, planes, stride));
        inplanes = planes;
        for (var b = 1; b < blocks; b++) layer.append(new BasicBlock(inplanes, planes, 1));
        return layer;
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var pooled = Features(input);
        return (fc is null ? pooled : fc.call(pooled)).MoveToOuterDisposeScope();
    }

    Tensor Features(Tensor input)
    {
        if (input.dim() != 4 || input.size(1) != 3)
            throw new ArgumentException($"ResNet18 takes a batch of shape (N, 3, H, W), not ({string.Join(", ", input.shape)})");
        var x = maxpool.call(bn1.call(conv1.call(input)).relu());
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return avgpool.call(x).flatten(1);
    }

    /// <summary>The 512-d descriptors of a batch (already preprocessed) in eval mode without gradients.</summary>
    public Tensor Descriptors(Tensor input)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            return Features(input).MoveToOuterDisposeScope();
        }
        finally { train(wasTraining); }
    }

    /// <summary>
    /// The ONNX model's preprocessing on a batch (N, 1 or 3, 224, 224) of RGB (or grey) pixels in 0..255:
    /// grey repeated to three channels, RGB → BGR, minus the mean image.
    /// </summary>
    public Tensor Preprocess(Tensor rgb255)
    {
        if (MeanImage is null) throw new InvalidOperationException("this ResNet18 has no mean image: load one with ResNet18.ImageNet()");
        if (rgb255.dim() != 4 || (rgb255.size(1) != 1 && rgb255.size(1) != 3) || rgb255.size(2) != InputSide || rgb255.size(3) != InputSide)
            throw new ArgumentException($"ResNet18.Preprocess takes (N, 1 or 3, {InputSide}, {InputSide}), not ({string.Join(", ", rgb255.shape)})");
        using var scope = NewDisposeScope();
        var x = rgb255.size(1) == 1 ? rgb255.repeat(1, 3, 1, 1) : rgb255.flip(1);
        using var mean = MeanImage.to(x.device);
        return (x - mean).MoveToOuterDisposeScope();
    }

    /// <summary>The ImageNet-pretrained network: weights from ResNet18.onnx and the mean image from ResNetPreprocess.onnx
    /// (by default the files of NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18, <see cref="PretrainedFiles"/>).</summary>
    public static ResNet18 ImageNet(string? onnxPath = null, string? preprocessPath = null)
    {
        var path = onnxPath ?? PretrainedFiles.ResNet18Onnx;
        var net = new ResNet18(blocks: BlocksOf(OnnxModel.Load(path)));
        net.LoadOnnxWeights(path);
        var prep = OnnxModel.Load(preprocessPath ?? PretrainedFiles.ResNetPreprocessOnnx);
        var sub = prep.Nodes.FirstOrDefault(n => n.OpType == "Sub" && n.Inputs.Count == 2 && prep.Initializers.ContainsKey(n.Inputs[1]))
            ?? throw new InvalidDataException($"{prep.Path}: no Sub node with a mean image");
        var mean = prep.Initializer(sub.Inputs[1]);
        if (!mean.Shape.SequenceEqual(new long[] { 1, 3, InputSide, InputSide }))
            throw new InvalidDataException($"{prep.Path}: mean image of shape ({string.Join(", ", mean.Shape)}), expected (1, 3, {InputSide}, {InputSide})");
        net.MeanImage = from_array(mean.Data, mean.Shape);
        net.eval();
        return net;
    }

    /// <summary>The basic blocks per stage of a ResNet graph: its 3 × 3 convolutions of 64, 128, 256 and 512 outputs, two per block.</summary>
    public static int[] BlocksOf(OnnxModel model) =>
        new long[] { 64, 128, 256, 512 }.Select(width => model.Nodes.Where(n => n.OpType == "Conv")
            .Select(n => model.Initializer(n.Inputs[1]).Shape)
            .Count(shape => shape[0] == width && shape[2] == 3) / 2).ToArray();

    /// <summary>
    /// Loads a ResNet-18 ONNX graph's convolution and batch-norm weights: the graph's Conv → BatchNormalization
    /// pairs are taken in file order, 1 × 1 (downsample) ones apart, and given to this network's modules in
    /// torchvision's order, every shape checked. A graph that is not a ResNet-18 is an error naming the first
    /// mismatch. fc is not in a descriptor graph and stays as it is.
    /// </summary>
    public WeightLoadReport LoadOnnxWeights(string path)
    {
        var model = OnnxModel.Load(path);
        var pairs = new List<(OnnxNode Conv, OnnxNode Bn)>();
        foreach (var conv in model.Nodes.Where(n => n.OpType == "Conv"))
        {
            var bn = model.Nodes.FirstOrDefault(n => n.OpType == "BatchNormalization" && n.Inputs[0] == conv.Outputs[0])
                ?? throw new InvalidDataException($"{path}: convolution {conv} is not followed by a BatchNormalization");
            pairs.Add((conv, bn));
        }
        var graphMain = pairs.Where(p => model.Initializer(p.Conv.Inputs[1]).Shape[2] != 1).ToList();
        var graphDown = pairs.Where(p => model.Initializer(p.Conv.Inputs[1]).Shape[2] == 1).ToList();
        var ownMain = new List<string> { "conv1|bn1" };
        var ownDown = new List<string>();
        for (var l = 1; l <= 4; l++)
            for (var b = 0; b < Blocks[l - 1]; b++)
            {
                ownMain.Add($"layer{l}.{b}.conv1|layer{l}.{b}.bn1");
                ownMain.Add($"layer{l}.{b}.conv2|layer{l}.{b}.bn2");
                if (l > 1 && b == 0) ownDown.Add($"layer{l}.0.downsample.0|layer{l}.0.downsample.1");
            }
        if (graphMain.Count != ownMain.Count || graphDown.Count != ownDown.Count)
            throw new InvalidDataException($"{path} does not fit this ResNet-18 (blocks [{string.Join(", ", Blocks)}]): {graphMain.Count} + {graphDown.Count} (1×1) convolutions, this network has {ownMain.Count} + {ownDown.Count}");
        var own = state_dict();
        var ready = new Dictionary<string, Tensor>();
        void Assign(string name, OnnxTensor t)
        {
            var target = own[name];
            if (!t.Shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"{path}: {t} does not fit {name} ({string.Join("×", target.shape)})");
            ready[name] = from_array(t.Data, t.Shape);
        }
        foreach (var (pair, names) in graphMain.Zip(ownMain).Concat(graphDown.Zip(ownDown)).Select(z => (z.First, z.Second.Split('|'))))
        {
            var eps = pair.Bn.Floats.TryGetValue("epsilon", out var e) ? e[0] : 1e-5f;
            if (Math.Abs(eps - 1e-5) > 1e-9) throw new InvalidDataException($"{path}: {pair.Bn} has epsilon {eps}, this network uses 1e-5");
            Assign(names[0] + ".weight", model.Initializer(pair.Conv.Inputs[1]));
            Assign(names[1] + ".weight", model.Initializer(pair.Bn.Inputs[1]));
            Assign(names[1] + ".bias", model.Initializer(pair.Bn.Inputs[2]));
            Assign(names[1] + ".running_mean", model.Initializer(pair.Bn.Inputs[3]));
            Assign(names[1] + ".running_var", model.Initializer(pair.Bn.Inputs[4]));
        }
        load_state_dict(ready, strict: false);
        foreach (var t in ready.Values) t.Dispose();
        var unused = model.Initializers.Keys.Where(k => !pairs.Any(p => p.Conv.Inputs.Contains(k) || p.Bn.Inputs.Contains(k))).Order(StringComparer.Ordinal).ToList();
        return new WeightLoadReport(path, ready.Count, [], unused);
    }
}

/// <summary>torchvision's BasicBlock: two 3 × 3 convolutions, the stride on the first, a 1 × 1 downsample when the shape changes.</summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;
    readonly BatchNorm2d bn1, bn2;
    readonly Sequential? downsample;

    public BasicBlock(long inplanes, long planes, long stride)
    {
        conv1 = nn.Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        register_module("conv1", conv1); register_module("bn1", bn1);
        register_module("conv2", conv2); register_module("bn2", bn2);
        if (stride != 1 || inplanes != planes)
        {
            downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride: stride, bias: false), nn.BatchNorm2d(planes));
            register_module("downsample", downsample);
        }
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = bn1.call(conv1.call(input)).relu();
        x = bn2.call(conv2.call(x));
        var identity = downsample is null ? input : downsample.call(input);
        return (x + identity).relu().MoveToOuterDisposeScope();
    }
}
