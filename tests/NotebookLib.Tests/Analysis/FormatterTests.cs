using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Analysis;
using NotebookLib.Display;
using NotebookLib.Notebooks;

namespace NotebookLib.Tests.Analysis;

public class FormatterTests
{
    [Fact]
    public void Confusion_matrix_metrics_and_sweep_display_as_tables()
    {
        var cm = Metrics.ConfusionMatrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0]);
        var html = cm.ToDisplayString("text/html");   // lib/Plotting shows the matrix
        Assert.Contains("notebooklib-confusion", html);
        Assert.Contains(">2<br>", html);
        Assert.Contains("<th>1</th>", html);          // unnamed classes are called by their labels
        Assert.Contains("true", cm.ToDisplayString("text/plain"));
        var b = cm.Binary();
        Assert.Contains("0.6667", b.ToDisplayString("text/html")); // precision 2/3
        var (x, _) = Synthetic.Blobs(120, 2, 2, seed: 1);
        var sweep = GaussianMixture.Sweep(x, [1, 2, 3], seed: 1, progress: false);
        var sh = sweep.ToDisplayString("text/html");
        Assert.Contains("lowest BIC: 2 components", sh);
        Assert.Contains("<th>best_bic</th>", sh);   // the sweep's DataFrame, through the DataFrame formatter
        var text = sweep.ToDisplayString("text/plain");
        Assert.Contains("best_bic", text);
        Assert.Contains("lowest BIC: 2 components", text);
    }

    sealed class RecordingOutput : IKernelOutput
    {
        public readonly List<string> Shown = [];
        public void WriteStream(string name, string text) => Shown.Add(text);
        public DisplayedValue Display(object? value, params string[] mimeTypes) { Shown.Add($"{value}"); return new DisplayedValue(this, "p", mimeTypes); }
        public void Update(DisplayedValue displayed, object? value) => Shown.Add($"{value}");
    }

    [Fact]
    public void Long_fits_report_progress_to_the_running_cell()
    {
        var output = new RecordingOutput();
        var (x, _) = Synthetic.Blobs(90, 2, 3, seed: 2);
        using (KernelContext.Enter(output)) GaussianMixture.Sweep(x, [1, 2, 3], seed: 1);
        Assert.StartsWith("GMM sweep", output.Shown[0]);
        Assert.Contains(" 0/3 ", output.Shown[0]);
        Assert.Contains(" 3/3 ", output.Shown[^1]);
        Assert.Contains("BIC=", output.Shown[^1]);
        output.Shown.Clear();
        using (KernelContext.Enter(output)) new UMAP(nEpochs: 20, seed: 1).Fit(x);
        Assert.StartsWith("UMAP", output.Shown[^1]);
        Assert.Contains(" 20/20 ", output.Shown[^1]);
    }
}
