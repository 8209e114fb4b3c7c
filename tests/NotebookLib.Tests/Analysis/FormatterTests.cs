using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class FormatterTests
{
    [Fact]
    public void Confusion_matrix_metrics_and_sweep_display_as_tables()
    {
        var cm = Metrics.ConfusionMatrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0]);
        var html = cm.ToDisplayString("text/html");
        Assert.Contains("<table class=\"confusion-matrix\"", html);
        Assert.Contains(">2</td>", html);
        Assert.Contains("true", cm.ToDisplayString("text/plain"));
        var b = cm.Binary();
        Assert.Contains("0.6667", b.ToDisplayString("text/html")); // precision 2/3
        var (x, _) = Synthetic.Blobs(120, 2, 2, seed: 1);
        var sweep = GaussianMixture.Sweep(x, [1, 2, 3], seed: 1, progress: false);
        var sh = sweep.ToDisplayString("text/html");
        Assert.Contains("lowest BIC: 2 components", sh);
        Assert.Contains("← best BIC", sweep.ToDisplayString("text/plain"));
    }
}
