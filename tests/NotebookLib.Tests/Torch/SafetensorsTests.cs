using System.Text.Json;
using NotebookLib.Tests.Support;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Torch;

public class SafetensorsTests
{
    // Reads safetensors with the format's definition only (struct + json), into Debian's torch.
    const string PythonReader = """
import json, struct, sys, torch
raw = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n])
dtypes = {'F32': torch.float32, 'F64': torch.float64, 'I64': torch.int64, 'BOOL': torch.bool}
out = {}
for name, e in header.items():
    if name == '__metadata__':
        out[name] = e
        continue
    b, end = e['data_offsets']
    t = torch.frombuffer(bytearray(raw[8 + n + b:8 + n + end]), dtype=dtypes[e['dtype']]).reshape(e['shape'])
    out[name] = {'shape': list(t.shape), 'dtype': str(t.dtype), 'values': t.flatten().double().tolist()}
print(json.dumps(out))
""";

    [Fact]
    public void A_file_written_here_reads_in_pytorch_with_equal_values()
    {
        var path = Path.Combine(Repo.TempDir("safetensors"), "here.safetensors");
        using (var scope = NewDisposeScope())
        {
            var tensors = new Dictionary<string, Tensor>
            {
                ["w"] = randn(3, 4),
                ["d"] = tensor(new double[] { Math.PI, -1e300, 0.5 }),
                ["i"] = tensor(new long[] { long.MaxValue, -3 }),
                ["b"] = tensor(new bool[] { true, false, true, true }, [2, 2]),
            };
            Safetensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
            var py = JsonDocument.Parse(Repo.RunPython(PythonReader, path)).RootElement;
            Assert.Equal("pt", py.GetProperty("__metadata__").GetProperty("format").GetString());
            foreach (var (name, t) in tensors)
            {
                var e = py.GetProperty(name);
                Assert.Equal(t.shape, e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()));
                Assert.Equal("torch." + t.dtype.ToString().ToLowerInvariant(), e.GetProperty("dtype").GetString());
                var values = e.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                if (name == "i") Assert.Equal(-3.0, values[1]);           // int64 through double: compare the exact one
                else Assert.Equal(t.data<double>(), values);
            }
        }
    }

    [Fact]
    public void Weights_written_by_pytorch_load_here_and_give_pytorchs_output()
    {
        // Python builds the seed autoencoder with torch.nn, writes its state dict, an input and
        // its output in the safetensors format; we load the weights and must reproduce the output.
        var dir = Repo.TempDir("safetensors");
        Repo.RunPython("""
import json, struct, sys, torch
from torch import nn
torch.manual_seed(3)
enc = nn.Sequential(nn.Conv2d(1, 16, 3, padding='same'), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(16, 32, 3, padding='same'), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(32, 64, 3, padding='same'), nn.ReLU(), nn.Conv2d(64, 64, 3, padding='same'), nn.ReLU())
dec = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(64, 32, 3, padding='same'), nn.ReLU(),
                    nn.Upsample(scale_factor=2), nn.Conv2d(32, 1, 3, padding='same'), nn.Sigmoid())
model = nn.Module(); model.encoder = enc; model.decoder = dec
x = torch.rand(2, 1, 32, 32)
with torch.no_grad():
    y = dec(enc(x))
def save(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        b = t.numpy().tobytes()
        header[name] = {'dtype': {torch.float32: 'F32', torch.int64: 'I64'}[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b); offset += len(b)
    h = json.dumps(header).encode()
    h += b' ' * (-len(h) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h))); f.write(h)
        for b in blobs: f.write(b)
save(sys.argv[1] + '/weights.safetensors', model.state_dict())
save(sys.argv[1] + '/io.safetensors', {'x': x, 'y': y})
""", dir);
        using var model = new SeedAutoencoder();
        model.load(Path.Combine(dir, "weights.safetensors"));
        using var scope = NewDisposeScope();
        var io = Safetensors.Load(Path.Combine(dir, "io.safetensors"));
        using (no_grad())
        {
            var y = model.call(io["x"]);
            Assert.True(y.allclose(io["y"], rtol: 1e-4, atol: 1e-6), $"max difference {(y - io["y"]).abs().max().item<double>()}");
        }
    }

    [Fact]
    public void Module_state_round_trips_and_mismatches_are_named()
    {
        var path = Path.Combine(Repo.TempDir("safetensors"), "model.safetensors");
        using var a = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2));
        using var b = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2));
        using (var scope = NewDisposeScope())
        {
            a.train();
            a.call(randn(8, 3));                                    // moves the BatchNorm running statistics
            a.save(path);
            b.load(path);
            foreach (var (name, t) in a.state_dict())
                Assert.True(t.equal(b.state_dict()[name]), name);
            Assert.Equal(1L, b.state_dict()["1.num_batches_tracked"].item<long>());
        }
        using var c = nn.Sequential(nn.Linear(3, 5));
        var e = Assert.Throws<ArgumentException>(() => c.load(path));
        Assert.Contains("unexpected [", e.Message);
        Assert.Contains("1.running_mean", e.Message);
        Assert.Contains("2.weight", e.Message);
        var e1 = Assert.Throws<ArgumentException>(() => c.load(path, strict: false));
        Assert.Contains("'0.weight' has shape [4, 3], the module's has [5, 3]", e1.Message);
        var bad = Path.Combine(Path.GetDirectoryName(path)!, "bad.safetensors");
        File.WriteAllBytes(bad, [1, 2, 3]);
        var e2 = Assert.Throws<InvalidDataException>(() => Safetensors.Load(bad));
        Assert.Contains("bad.safetensors", e2.Message);
    }
}
