using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NotebookLib.Models.Networks;
using NotebookLib.Models.Pretrained;
using NotebookLib.Tests.Support;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Tests.Models;

/// <summary>The library's ResNet18 with the ImageNet weights of ResNet18.onnx against ONNX Runtime running that file.</summary>
public class ResNet18Tests
{
    // ONNX Runtime on the package's two files, one image at a time (both models take a batch of one).
    static float[] OnnxRuntimeDescriptor(InferenceSession prep, InferenceSession net, float[] rgb255)
    {
        var input = new DenseTensor<float>(rgb255, [1, 3, 224, 224]);
        using var p = prep.Run([NamedOnnxValue.CreateFromTensor("OriginalInput", input)]);
        var pre = p.First().AsTensor<float>().ToArray();
        using var r = net.Run([NamedOnnxValue.CreateFromTensor("Input247", new DenseTensor<float>(pre, [1, 3, 224, 224]))]);
        return r.First().AsTensor<float>().ToArray();
    }

    [Fact]
    public void ImageNet_weights_from_the_onnx_file_give_onnx_runtimes_descriptors_within_1e_4()
    {
        using var prep = new InferenceSession(PretrainedFiles.ResNetPreprocessOnnx);
        using var ort = new InferenceSession(PretrainedFiles.ResNet18Onnx);
        using var net = ResNet18.ImageNet();
        var rng = new Random(3);
        // A smooth gradient with noise, a grey astronomical-like frame (all channels equal) and an RGB image.
        var images = new List<float[]>();
        var a = new float[3 * 224 * 224];
        for (var i = 0; i < a.Length; i++) a[i] = (float)(255 * rng.NextDouble());
        images.Add(a);
        var grey = new float[224 * 224];
        for (var y = 0; y < 224; y++)
            for (var x = 0; x < 224; x++)
                grey[y * 224 + x] = (float)(20 + 200 * Math.Exp(-Math.Pow((x - 112 + 30 * Math.Sin(y / 20.0)) / 6.0, 2)) + 5 * rng.NextDouble());
        images.Add([.. grey, .. grey, .. grey]);
        var ramp = new float[3 * 224 * 224];
        for (var i = 0; i < ramp.Length; i++) ramp[i] = i % 224 + (i / (224 * 224)) * 10;
        images.Add(ramp);

        using var scope = NewDisposeScope();
        var batch = from_array(images.SelectMany(v => v).ToArray(), images.Count, 3, 224, 224);
        var ours = net.Descriptors(net.Preprocess(batch));
        Assert.Equal([3, ResNet18.DescriptorSize], ours.shape);
        var mine = ours.data<float>().ToArray();
        for (var k = 0; k < images.Count; k++)
        {
            var reference = OnnxRuntimeDescriptor(prep, ort, images[k]);
            Assert.Equal(512, reference.Length);
            var worst = Enumerable.Range(0, 512).Max(j => Math.Abs(reference[j] - mine[k * 512 + j]) / Math.Max(1.0, Math.Abs(reference[j])));
            Assert.True(worst <= 1e-4, $"image {k}: largest difference {worst:E2} from ONNX Runtime");
            Assert.True(reference.Max() > 0.1, "the descriptor is not all zeros");
        }
        // A grey batch of one channel is the same as the grey image repeated in RGB.
        var greyBatch = from_array(grey, 1, 1, 224, 224);
        Assert.True(net.Descriptors(net.Preprocess(greyBatch)).allclose(ours[1].unsqueeze(0), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void The_onnx_reader_lists_a_resnet18_graph_and_a_wrong_graph_is_refused_by_name()
    {
        var model = OnnxModel.Load(PretrainedFiles.ResNet18Onnx);
        Assert.Equal("CNTK", model.Producer);
        Assert.Equal(["Input247"], model.Inputs);
        Assert.Equal(["Pooling395_Output_0"], model.Outputs);
        Assert.Equal(22, model.Nodes.Count(n => n.OpType == "Conv"));
        Assert.Equal(110, model.Initializers.Count);
        // CNTK's ImageNet ResNet-18 has a third block in its last stage.
        Assert.Equal([2, 2, 2, 3], ResNet18.BlocksOf(model));
        using (var torchvision = new ResNet18(numClasses: 1000))
        {
            Assert.Equal(11_689_512, torchvision.parameter_count());   // torchvision's resnet18
            var wrong = Assert.Throws<InvalidDataException>(() => torchvision.LoadOnnxWeights(PretrainedFiles.ResNet18Onnx));
            Assert.Contains("does not fit this ResNet-18 (blocks [2, 2, 2, 2])", wrong.Message);
        }
        using var net = new ResNet18(blocks: [2, 2, 2, 3]);
        var report = net.LoadOnnxWeights(PretrainedFiles.ResNet18Onnx);
        Assert.Equal(22 * 5, report.Loaded);                // each conv weight and its BN's four tensors
        Assert.Empty(report.Unused);
        var e = Assert.Throws<InvalidDataException>(() => net.LoadOnnxWeights(PretrainedFiles.ResNetPreprocessOnnx));
        Assert.Contains("does not fit this ResNet-18", e.Message);
        var bad = Path.Combine(Repo.TempDir("onnx"), "truncated.onnx");
        File.WriteAllBytes(bad, File.ReadAllBytes(PretrainedFiles.ResNetPreprocessOnnx)[..1000]);
        Assert.Throws<InvalidDataException>(() => OnnxModel.Load(bad));
    }
}
