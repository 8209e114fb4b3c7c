namespace NotebookLib.Models.Pretrained;

/// <summary>
/// Where the pretrained weights the project ships with are: the ImageNet ResNet-18 of NuGet
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0 (ResNet18.onnx, exported from CNTK) and its
/// preprocessing model (ResNetPreprocess.onnx: RGB → BGR and an ImageNet mean image subtracted), copied
/// beside NotebookLib.dll into DnnImageModels/ by the build, or found in the NuGet package folder.
/// </summary>
public static class PretrainedFiles
{
    public const string ResNet18Package = "microsoft.ml.dnnimagefeaturizer.resnet18";
    public const string ResNet18PackageVersion = "0.24.0";

    /// <summary>ResNet18.onnx: input Input247 (1, 3, 224, 224), output Pooling395_Output_0 (1, 512, 1, 1).</summary>
    public static string ResNet18Onnx => Find(Path.Combine("ResNet18Onnx", "ResNet18.onnx"));

    /// <summary>ResNetPreprocess.onnx: OriginalInput (1, 3, 224, 224) RGB in 0..255 → BGR minus the mean image.</summary>
    public static string ResNetPreprocessOnnx => Find(Path.Combine("ResNetPrepOnnx", "ResNetPreprocess.onnx"));

    static string Find(string relative)
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "DnnImageModels", relative) };
        var here = Path.GetDirectoryName(typeof(PretrainedFiles).Assembly.Location);
        if (!string.IsNullOrEmpty(here)) candidates.Add(Path.Combine(here, "DnnImageModels", relative));
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(nuget)) nuget = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(nuget, ResNet18Package, ResNet18PackageVersion, "tools", "DnnImageModels", relative));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{Path.GetFileName(relative)} (NuGet {ResNet18Package} {ResNet18PackageVersion}) is in none of: "
                + string.Join(", ", candidates.Distinct()) + ". `./nb setup` downloads it with the library's build.");
    }
}
