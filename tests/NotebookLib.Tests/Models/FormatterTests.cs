using NotebookLib.Models.Networks;
using NotebookLib.Models.Search;
using NotebookLib.Models.Training;
using NotebookLib.Notebooks;

namespace NotebookLib.Tests.Models;

public class FormatterTests
{
    [Fact]
    public void History_shows_as_training_curves_a_study_as_its_results_and_a_network_as_its_summary()
    {
        var h = new History();
        h.Add(new Dictionary<string, double> { ["loss"] = 0.5, ["val_loss"] = 0.6, ["accuracy"] = 0.7, ["lr"] = 1e-3 });
        h.Add(new Dictionary<string, double> { ["loss"] = 0.3, ["val_loss"] = 0.4, ["accuracy"] = 0.8, ["lr"] = 1e-3 });
        var bundle = MimeFormatter.Format(h);
        var fig = bundle["application/vnd.plotly.v1+json"]!;
        Assert.Equal(["loss", "val_loss", "accuracy"], fig["data"]!.AsArray().Select(t => (string)t!["name"]!).ToArray());
        Assert.Equal("y2", (string)fig["data"]![2]!["yaxis"]!);
        Assert.Contains("<th>val_loss</th>", (string)bundle["text/html"]!);

        var study = new Study(seed: 1, pruner: new NopPruner()).Optimize(t => Math.Abs(t.SuggestFloat("x", -1, 1)), 5, progress: false);
        var html = (string)MimeFormatter.Format(study)["text/html"]!;
        Assert.Contains($"best: trial {study.BestTrial.Number}", html);
        Assert.Equal(5, html.Split("<tr").Length - 2);   // header row + 5 trials

        using var ae = new SeedAutoencoder();
        var text = (string)MimeFormatter.Format(ae)["text/plain"]!;
        Assert.Contains("(1, 64, 34, 34)", text);
        Assert.Contains("78,977", text);
    }
}
