using NotebookLib.Models.Networks;
using NotebookLib.Tests.Support;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

public class ResNet50Tests
{
    // torchvision's resnet50, written out with torch.nn (torchvision is not in Debian's python3-torch):
    // the same module names, so its state_dict names are torchvision's. Random weights and BN
    // statistics, saved as safetensors with an input and the PyTorch descriptors of that input.
    const string Peer = """
import sys, json, struct, torch, torch.nn as nn
torch.manual_seed(0); torch.set_num_threads(1)
class Bottleneck(nn.Module):
    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False); self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False); self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False); self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True); self.downsample = downsample
    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x))); out = self.relu(self.bn2(self.conv2(out))); out = self.bn3(self.conv3(out))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))
class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False); self.bn1 = nn.BatchNorm2d(64); self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self.make(64, 3); self.layer2 = self.make(128, 4, 2); self.layer3 = self.make(256, 6, 2); self.layer4 = self.make(512, 3, 2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1)); self.fc = nn.Linear(2048, 1000)
    def make(self, planes, blocks, stride=1):
        ds = None
        if stride != 1 or self.inplanes != planes * 4:
            ds = nn.Sequential(nn.Conv2d(self.inplanes, planes * 4, 1, stride, bias=False), nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inplanes, planes, stride, ds)]; self.inplanes = planes * 4
        return nn.Sequential(*(layers + [Bottleneck(self.inplanes, planes) for _ in range(1, blocks)]))
    def descriptors(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        return torch.flatten(self.avgpool(self.layer4(self.layer3(self.layer2(self.layer1(x))))), 1)
def save(path, tensors):
    header, blobs, off = {}, [], 0
    for k in sorted(tensors):
        t = tensors[k].detach().contiguous()
        b = t.numpy().tobytes()
        header[k] = {"dtype": {torch.float32: "F32", torch.int64: "I64"}[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b); off += len(b)
    h = json.dumps(header).encode(); h += b" " * ((8 - len(h) % 8) % 8)
    open(path, "wb").write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
m = ResNet()
with torch.no_grad():
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.1, 0.1); mod.running_var.uniform_(0.5, 1.5); mod.weight.uniform_(0.5, 1.0); mod.bias.uniform_(-0.1, 0.1)
            mod.num_batches_tracked.fill_(7)
m.eval()
x = torch.rand(2, 3, 64, 64)
with torch.no_grad():
    d = m.descriptors(x)
save(sys.argv[1], m.state_dict())
save(sys.argv[2], {"input": x, "descriptors": d})
print(sum(p.numel() for p in m.parameters()))
""";

    [Fact]
    public void Parameter_count_and_descriptor_size_for_any_input_size_and_channels()
    {
        using var withFc = new ResNet50(numClasses: 1000);
        Assert.Equal(25_557_032, withFc.parameter_count());     // torchvision's resnet50
        using var net = new ResNet50(inChannels: 1);
        Assert.Equal(25_557_032 - 2_049_000 - 64 * 2 * 49, net.parameter_count());
        using var x = rand(2, 1, 40, 56);
        using var d = net.Descriptors(x);
        Assert.Equal([2, ResNet50.DescriptorSize], d.shape);
        var e = Assert.Throws<ArgumentException>(() => { using var bad = rand(1, 3, 40, 40); net.call(bad).Dispose(); });
        Assert.Contains("(N, 1, H, W)", e.Message);
    }

    [Fact]
    public void Torchvision_named_weights_load_and_give_pytorchs_descriptors()
    {
        var dir = Repo.TempDir("resnet50");
        var weights = Path.Combine(dir, "resnet50.safetensors");
        var io = Path.Combine(dir, "io.safetensors");
        var count = long.Parse(Repo.RunPython(Peer, weights, io).Trim());
        Assert.Equal(25_557_032, count);

        using var scope = NewDisposeScope();
        var expected = Safetensors.Load(io);
        using var net = new ResNet50();
        var report = net.LoadTorchvisionWeights(weights);
        Assert.Equal(["fc.bias", "fc.weight"], report.Unused);
        Assert.Empty(report.Adapted);
        var d = net.Descriptors(expected["input"]);
        Assert.True(d.allclose(expected["descriptors"], rtol: 1e-4, atol: 1e-5),
            $"max difference {(d - expected["descriptors"]).abs().max().item<double>()}");

        // A grey model from RGB weights: conv1 summed over RGB, so a grey image reads as the grey RGB image.
        using var grey = new ResNet50(inChannels: 1);
        var greyReport = grey.LoadTorchvisionWeights(weights);
        Assert.Single(greyReport.Adapted);
        var g = rand(1, 1, 48, 48);
        Assert.True(grey.Descriptors(g).allclose(net.Descriptors(g.repeat(1, 3, 1, 1)), rtol: 1e-4, atol: 1e-5));

        // Round trip through our own writer, and a file missing a tensor names it.
        var mine = Path.Combine(dir, "mine.safetensors");
        net.save(mine);
        using var copy = new ResNet50();
        copy.LoadTorchvisionWeights(mine);
        Assert.True(copy.Descriptors(expected["input"]).equal(d));
        var partial = Safetensors.Load(weights);
        partial.Remove("layer3.2.bn1.running_var");
        var broken = Path.Combine(dir, "broken.safetensors");
        Safetensors.Save(broken, partial);
        var e = Assert.Throws<InvalidDataException>(() => copy.LoadTorchvisionWeights(broken));
        Assert.Contains("layer3.2.bn1.running_var", e.Message);
        var strictGrey = Assert.Throws<InvalidDataException>(() => grey.LoadTorchvisionWeights(weights, adaptInputChannels: false));
        Assert.Contains("conv1.weight: file (64, 3, 7, 7), model (64, 1, 7, 7)", strictGrey.Message);
    }
}
