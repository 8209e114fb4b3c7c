using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NotebookLib.Data;
using NotebookLib.Models;
using NotebookLib.Models.Inference;
using NotebookLib.Models.Networks;
using NotebookLib.Models.Training;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench models`: the seed autoencoder's inference throughput (latent vectors, reconstruction
/// errors; patches per second, batches of 256) and training throughput (one Adam epoch, batches of
/// 32) on the talk's patch sizes, against the same network in PyTorch (Debian's python3-torch) on
/// the same machine in the same run, both sides with the run's thread count, on the CPU.
/// </summary>
public sealed class ModelsBenchmark : IBenchmark
{
    public string Name => "models";
    public string Description => "seed autoencoder: latents, reconstruction errors and training, patches/s vs PyTorch";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        set_num_threads(context.Threads);
        var sizes = context.Quick ? new[] { 68 } : [68, 136];
        foreach (var size in sizes)
        {
            var n = context.Quick ? 512 : size == 68 ? 2048 : 512;
            var trainN = Math.Min(n, context.Quick ? 256 : 512);
            var repeats = context.Quick ? 1 : 2;
            manual_seed(context.Settings.Seed);
            using var model = new SeedAutoencoder(size, size);
            using var samples = rand(n, 1, size, size);
            var source = new ArrayDataset(samples.data<float>(), [1, size, size]);
            // Warm-up: the first batches pay for libtorch's one-off allocations.
            Reconstruction.Errors(model, source.Subset([.. Enumerable.Range(0, Math.Min(n, 256))]), device: Device.CPU);

            var latentS = BenchmarkTimer.Best(repeats, () => Reconstruction.LatentBatches(model, source, (_, _) => { }, 256, Device.CPU));
            var errorS = BenchmarkTimer.Best(repeats, () => Reconstruction.Errors(model, source, 256, Device.CPU));
            var trainSet = source.Subset([.. Enumerable.Range(0, trainN)]);
            var trainS = BenchmarkTimer.Best(repeats, () =>
                new Trainer(model, learningRate: 1e-3, batchSize: 32, epochs: 1, device: Device.CPU, seed: context.Settings.Seed, verbose: false).Fit(trainSet));

            using var peer = JsonDocument.Parse(context.RunPython("models_peer.py", size.ToString(CultureInfo.InvariantCulture),
                n.ToString(CultureInfo.InvariantCulture), trainN.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture),
                context.Settings.Seed.ToString(CultureInfo.InvariantCulture)));
            var p = peer.RootElement;
            if (p.GetProperty("parameters").GetInt64() != model.parameter_count())
                throw new InvalidOperationException($"the PyTorch peer's network has {p.GetProperty("parameters").GetInt64()} parameters, ours {model.parameter_count()}");
            var peerName = $"PyTorch {p.GetProperty("torch").GetString()}, {p.GetProperty("threads").GetInt32()} thread(s)";
            var ours = $"{context.Threads} thread(s)";
            var caseName = $"seed AE 1x{size}x{size}, {ours}";
            yield return new(Name, caseName + $", {n} patches", "latent vectors", "patches/s", n / latentS, p.GetProperty("latent_per_s").GetDouble(), peerName, true);
            yield return new(Name, caseName + $", {n} patches", "reconstruction errors", "patches/s", n / errorS, p.GetProperty("errors_per_s").GetDouble(), peerName, true);
            yield return new(Name, caseName + $", {trainN} patches", "training (Adam, batch 32)", "patches/s", trainN / trainS, p.GetProperty("train_per_s").GetDouble(), peerName, true);
        }
    }
}
