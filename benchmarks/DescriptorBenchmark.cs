using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NotebookLib.Data;
using NotebookLib.Imaging;
using NotebookLib.Models.Inference;
using NotebookLib.Models.Pretrained;
using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Benchmarks;

/// <summary>
/// `./nb bench descriptors`: notebook 02's descriptor step — UVES-like extensions to 512-d ImageNet
/// ResNet-18 descriptors, extensions per second — through the library (ResNet18.onnx's weights in its
/// libtorch ResNet-18, batches of 32) against ONNX Runtime's own C# API running the same two ONNX files
/// (preprocessing, then the network; both take one image at a time), both on the CPU with the run's
/// thread count, the same input preparation on both sides. Debian has no python3-onnxruntime, so the peer is
/// ONNX Runtime's C# API (Microsoft.ML.OnnxRuntime 1.32.0), not its Python one. The sides alternate over rounds.
/// </summary>
public sealed class DescriptorBenchmark : IBenchmark
{
    public string Name => "descriptors";
    public string Description => "ImageNet ResNet-18 descriptors of UVES-like extensions, extensions/s vs ONNX Runtime (C#) on the same ONNX file";

    public IEnumerable<BenchmarkResult> Run(BenchmarkContext context)
    {
        set_num_threads(context.Threads);
        var n = context.Quick ? 32 : 128;
        var rounds = context.Quick ? 2 : 3;
        var frames = UvesCalibrationGenerator.Generate(new UvesCalibrationOptions { Downscale = 16, Years = 1, FramesPerYear = Math.Max(1, n / 9 + 1), BadFraction = 0 }, context.Settings.Seed);
        var images = frames.SelectMany(f => f.Extensions.Select(e => e.Image)).Take(n).ToList();
        using var ours = DescriptorExtractor.ImageNetResNet18(InputMethod.Resize, batchSize: 32, device: Device.CPU);
        using var options = new SessionOptions { IntraOpNumThreads = context.Threads, InterOpNumThreads = 1 };
        using var prep = new InferenceSession(PretrainedFiles.ResNetPreprocessOnnx, options);
        using var net = new InferenceSession(PretrainedFiles.ResNet18Onnx, options);
        float[] Peer(Image image)
        {
            var grey = image.ToNetworkInput(InputMethod.Resize).Pixels;
            var rgb = new float[3 * grey.Length];
            for (var c = 0; c < 3; c++) grey.CopyTo(rgb, c * grey.Length);
            using var p = prep.Run([NamedOnnxValue.CreateFromTensor("OriginalInput", new DenseTensor<float>(rgb, [1, 3, 224, 224]))]);
            var pre = p.First().AsTensor<float>().ToArray();
            using var r = net.Run([NamedOnnxValue.CreateFromTensor("Input247", new DenseTensor<float>(pre, [1, 3, 224, 224]))]);
            return r.First().AsTensor<float>().ToArray();
        }
        // Warm-up, and the two sides agree before they are timed.
        var check = ours.Transform(images.Take(2).ToList(), progress: false);
        var reference = Peer(images[1]);
        var worst = Enumerable.Range(0, 512).Max(j => Math.Abs(reference[j] - check[1, j]) / Math.Max(1.0, Math.Abs(reference[j])));
        if (worst > 1e-4) throw new InvalidOperationException($"the library's descriptors differ from ONNX Runtime's by {worst:E2}");
        var oursT = new List<double>();
        var peerT = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            oursT.Add(n / BenchmarkTimer.Best(1, () => ours.Transform(images, progress: false)));
            peerT.Add(n / BenchmarkTimer.Best(1, () => { foreach (var image in images) Peer(image); }));
            context.Log($"  descriptors round {round + 1}/{rounds} (load {UmapBenchmark.Load()}): ours {oursT[^1].ToString("G4", CultureInfo.InvariantCulture)}, ONNX Runtime {peerT[^1].ToString("G4", CultureInfo.InvariantCulture)} extensions/s");
        }
        var peerName = $"ONNX Runtime 1.32.0 C# API, {context.Threads} thread(s)";
        var caseName = $"ResNet-18 ImageNet, {n} UVES extensions (1/16 side) → 224², {context.Threads} thread(s)";
        yield return new(Name, caseName, "descriptors (best)", "extensions/s", oursT.Max(), peerT.Max(), peerName, true);
        yield return new(Name, caseName, "descriptors (median)", "extensions/s", BenchmarkTimer.Median(oursT), BenchmarkTimer.Median(peerT), peerName, true);
    }
}
