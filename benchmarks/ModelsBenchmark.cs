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
/// the same machine in the same run, both sides with the run's thread count, on the CPU. The sides
/// alternate over rounds; best and median of each are reported. Then notebook 04's 69-million-parameter
/// dense autoencoder: training throughput (one Adam/BCE epoch, batches of 32, 128 × 128 images) against
/// the same network in PyTorch (peers/models_dense_peer.py). NOTEBOOKLIB_MODELS_CASES (e.g. "136" or
/// "68,dense") narrows the run.
/// </summary>
public sealed class ModelsBenchmark : IBenchmark
{
    public string Name => "models";
    public string Description => "seed autoencoder: latents, reconstruction errors and training; notebook 04's dense autoencoder: training; samples/s vs PyTorch";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        set_num_threads(context.Threads);
        var only = Environment.GetEnvironmentVariable("NOTEBOOKLIB_MODELS_CASES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sizes = context.Quick ? new[] { 68 } : [68, 136];
        if (only is not null) sizes = [.. only.Where(c => c != "dense").Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
        foreach (var size in sizes)
        {
            var n = context.Quick ? 512 : size == 68 ? 2048 : 512;
            var trainN = Math.Min(n, context.Quick ? 256 : 512);
            var rounds = context.Quick ? 2 : 3;
            manual_seed(context.Settings.Seed);
            using var model = new SeedAutoencoder(size, size);
            using var samples = rand(n, 1, size, size);
            var source = new ArrayDataset(samples.data<float>(), [1, size, size]);
            // Warm-up: the first batches pay for libtorch's one-off allocations.
            Reconstruction.Errors(model, source.Subset([.. Enumerable.Range(0, Math.Min(n, 256))]), device: Device.CPU);

            var trainSet = source.Subset([.. Enumerable.Range(0, trainN)]);
            // ours and the peer take turns, one timing of each figure a round, so that a change of load
            // on the shared machine hits both sides alike (timing ours first, then the peer, moved the
            // ratios by up to 4x between runs)
            var oursT = new[] { new List<double>(), new List<double>(), new List<double>() };
            var peerT = new[] { new List<double>(), new List<double>(), new List<double>() };
            string peerName = "";
            for (int round = 0; round < rounds; round++)
            {
                oursT[0].Add(n / BenchmarkTimer.Best(1, () => Reconstruction.LatentBatches(model, source, (_, _) => { }, 256, Device.CPU)));
                oursT[1].Add(n / BenchmarkTimer.Best(1, () => Reconstruction.Errors(model, source, 256, Device.CPU)));
                oursT[2].Add(trainN / BenchmarkTimer.Best(1, () =>
                    new Trainer(model, learningRate: 1e-3, batchSize: 32, epochs: 1, device: Device.CPU, seed: context.Settings.Seed, progress: false).Fit(trainSet)));
                using var peer = JsonDocument.Parse(context.RunPython("models_peer.py", size.ToString(CultureInfo.InvariantCulture),
                    n.ToString(CultureInfo.InvariantCulture), trainN.ToString(CultureInfo.InvariantCulture), "1",
                    context.Settings.Seed.ToString(CultureInfo.InvariantCulture)));
                var p = peer.RootElement;
                if (p.GetProperty("parameters").GetInt64() != model.parameter_count())
                    throw new InvalidOperationException($"the PyTorch peer's network has {p.GetProperty("parameters").GetInt64()} parameters, ours {model.parameter_count()}");
                peerName = $"PyTorch {p.GetProperty("torch").GetString()}, {p.GetProperty("threads").GetInt32()} thread(s)";
                peerT[0].Add(p.GetProperty("latent_per_s").GetDouble());
                peerT[1].Add(p.GetProperty("errors_per_s").GetDouble());
                peerT[2].Add(p.GetProperty("train_per_s").GetDouble());
                context.Log($"  models {size}x{size} round {round + 1}/{rounds} (load {UmapBenchmark.Load()}): ours {string.Join(", ", oursT.Select(t => t[^1].ToString("G4", CultureInfo.InvariantCulture)))}; " +
                    $"PyTorch {string.Join(", ", peerT.Select(t => t[^1].ToString("G4", CultureInfo.InvariantCulture)))} patches/s (latents, errors, training)");
            }
            var ours = $"{context.Threads} thread(s)";
            var caseName = $"seed AE 1x{size}x{size}, {ours}";
            string[] figures = ["latent vectors", "reconstruction errors", "training (Adam, batch 32)"];
            for (int f = 0; f < 3; f++)
            {
                string c = caseName + $", {(f == 2 ? trainN : n)} patches";
                yield return new(Name, c, figures[f] + " (best)", "patches/s", oursT[f].Max(), peerT[f].Max(), peerName, true);
                yield return new(Name, c, figures[f] + " (median)", "patches/s", BenchmarkTimer.Median(oursT[f]), BenchmarkTimer.Median(peerT[f]), peerName, true);
            }
        }
        if (only is null || only.Contains("dense"))
            foreach (var r in DenseAutoencoderTraining(context)) yield return r;
    }

    /// <summary>Notebook 04's dense autoencoder (69,358,976 parameters): one Adam/BCE training epoch in batches of 32, ours and PyTorch's in turns.</summary>
    static IEnumerable<BenchmarkResult> DenseAutoencoderTraining(BenchmarkContext context)
    {
        const int side = 128;
        var n = context.Quick ? 64 : 256;
        var rounds = context.Quick ? 1 : 2;
        manual_seed(context.Settings.Seed);
        using var model = DenseAutoencoder.ForSurveyArtifacts(side);
        using var samples = rand(n, 1, side, side);
        var data = new ArrayDataset(samples.data<float>(), [1, side, side]);
        var ours = new List<double>();
        var peer = new List<double>();
        string peerName = "";
        for (int round = 0; round < rounds; round++)
        {
            ours.Add(n / BenchmarkTimer.Best(1, () =>
                new Trainer(model, loss: nn.BCELoss(), learningRate: 1e-4, batchSize: 32, epochs: 1, device: Device.CPU, seed: context.Settings.Seed, progress: false).Fit(data)));
            using var result = JsonDocument.Parse(context.RunPython("models_dense_peer.py", side.ToString(CultureInfo.InvariantCulture),
                n.ToString(CultureInfo.InvariantCulture), "1", context.Settings.Seed.ToString(CultureInfo.InvariantCulture)));
            var p = result.RootElement;
            if (p.GetProperty("parameters").GetInt64() != model.parameter_count())
                throw new InvalidOperationException($"the PyTorch peer's dense network has {p.GetProperty("parameters").GetInt64()} parameters, ours {model.parameter_count()}");
            peerName = $"PyTorch {p.GetProperty("torch").GetString()}, {p.GetProperty("threads").GetInt32()} thread(s)";
            peer.Add(p.GetProperty("train_per_s").GetDouble());
            context.Log($"  models dense AE round {round + 1}/{rounds} (load {UmapBenchmark.Load()}): ours {ours[^1].ToString("G4", CultureInfo.InvariantCulture)}, PyTorch {peer[^1].ToString("G4", CultureInfo.InvariantCulture)} images/s");
        }
        var c = $"dense AE 1x{side}x{side} (69.4M parameters), {context.Threads} thread(s), {n} images";
        yield return new("models", c, "training (Adam, BCE, batch 32) (best)", "images/s", ours.Max(), peer.Max(), peerName, true);
        yield return new("models", c, "training (Adam, BCE, batch 32) (median)", "images/s", BenchmarkTimer.Median(ours), BenchmarkTimer.Median(peer), peerName, true);
    }
}
