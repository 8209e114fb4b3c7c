using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NotebookLib.Torch;
using NotebookLib.Torch.Modules;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench torch`: trains the seed autoencoder of notebook 01 (Adam, MSE) on random patches
/// of 32×32 and 136×136 from C#, and the same model in Debian's PyTorch (benchmarks/peers/torch_peer.py)
/// in the same run with the same thread count set explicitly on both sides; samples/s and ratio.
/// The sides take turns for three rounds (warm-up steps, then a timed block); each reports its best
/// round, to damp the noise of a shared machine.
/// </summary>
public sealed class TorchBenchmark : IBenchmark
{
    public string Name => "torch";
    public string Description => "seed autoencoder training (Adam, MSE) from C# vs PyTorch, samples/s";

    const int Warmup = 2, Repeats = 3;

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        var cases = context.Quick ? new[] { (32, 16, 3), (136, 4, 1) } : new[] { (32, 32, 10), (136, 8, 3) };
        var device = Device.Default;
        torch.set_num_threads(context.Threads);
        var spec = string.Join(",", cases.Select(c => $"{c.Item1}:{c.Item2}:{c.Item3}"));
        var ours = new double[cases.Length];
        var theirs = new double[cases.Length];
        var peerName = "";
        // The two sides take turns, so that a change of load on the shared machine hits both alike.
        for (var r = 0; r < Repeats; r++)
        {
            for (var i = 0; i < cases.Length; i++)
                ours[i] = Math.Max(ours[i], Train(cases[i].Item1, cases[i].Item2, cases[i].Item3, device));
            var json = context.RunPython("torch_peer.py", "--threads", context.Threads.ToString(CultureInfo.InvariantCulture),
                "--device", device.Name, "--cases", spec, "--warmup", Warmup.ToString(CultureInfo.InvariantCulture), "--repeats", "1");
            var peer = JsonDocument.Parse(json).RootElement;
            peerName = $"PyTorch {peer.GetProperty("torch").GetString()} ({peer.GetProperty("threads").GetInt32()} threads, {device.Name})";
            var peerCases = peer.GetProperty("cases").EnumerateArray().ToList();
            for (var i = 0; i < cases.Length; i++)
                theirs[i] = Math.Max(theirs[i], peerCases[i].GetProperty("samples_per_s").GetDouble());
            context.Log($"  round {r + 1}/{Repeats}: ours {string.Join(", ", ours.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}; " +
                        $"PyTorch {string.Join(", ", theirs.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))} samples/s (best so far)");
        }
        for (var i = 0; i < cases.Length; i++)
        {
            var (size, batch, steps) = cases[i];
            yield return new BenchmarkResult(Name, $"{size}x{size} batch {batch}, {steps} steps, {device.Name}", "training throughput", "samples/s",
                ours[i], theirs[i], peerName, HigherIsBetter: true);
        }
    }

    static double Train(int size, int batch, int steps, Device device)
    {
        torch.manual_seed(0);
        using var model = new Autoencoder();
        model.to(device);
        using var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var loss = torch.nn.MSELoss();
        using var x = torch.rand([batch, 1, size, size], device: device);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var l = loss.call(model.call(x), x);
            l.backward();
            optimizer.step();
        }
        for (var i = 0; i < Warmup; i++) Step();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) Step();
        using (var check = torch.zeros(1, 1).to(device)) check.cpu().Dispose(); // a device round trip ends queued GPU work
        return batch * steps / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The seed autoencoder (78,977 parameters); the Models area owns the notebook's version.</summary>
    sealed class Autoencoder : Module<Tensor, Tensor>
    {
        readonly Sequential net = torch.nn.Sequential(
            torch.nn.Sequential(
                torch.nn.Conv2d(1, 16, 3, padding: "same"), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                torch.nn.Conv2d(16, 32, 3, padding: "same"), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                torch.nn.Conv2d(32, 64, 3, padding: "same"), torch.nn.ReLU(),
                torch.nn.Conv2d(64, 64, 3, padding: "same"), torch.nn.ReLU()),
            torch.nn.Sequential(
                torch.nn.Upsample(2), torch.nn.Conv2d(64, 32, 3, padding: "same"), torch.nn.ReLU(),
                torch.nn.Upsample(2), torch.nn.Conv2d(32, 1, 3, padding: "same"), torch.nn.Sigmoid()));

        public Autoencoder() => register_module("net", net);
        public override Tensor forward(Tensor input) => net.call(input);
    }
}
