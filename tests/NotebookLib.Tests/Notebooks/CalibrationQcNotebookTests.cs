using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>notebooks/02-calibration-qc.ipynb end to end at smoke scale, as ./nb run executes it.</summary>
public class CalibrationQcNotebookTests
{
    [Fact]
    public async Task The_calibration_qc_notebook_runs_at_smoke_scale_and_shows_every_step()
    {
        var (r, code, displays, text) = await NotebookHarness.RunAtSmokeAsync("02-calibration-qc.ipynb");

        // The smoke run: 2 years × 2 arms × 3 types × 2 frames = 24 .fits.Z files, 36 extensions (red frames have two).
        Assert.Contains("smoke", text);
        Assert.Contains(".fits.Z", text);
        Assert.Matches(@"extensions\s+36\b", text);
        foreach (var type in new[] { "UBB1", "UBF1", "UBW1", "URB1", "URF2", "URW2" }) Assert.Contains(type, text);
        // The figures of the talk, as Plotly JSON.
        var titles = displays.Select(d => d.Data[HtmlReport.PlotlyMime]?["layout"]?["title"]?["text"]?.ToString())
                             .Where(t => t is not null).ToList();
        foreach (var expected in new[] { "Cosine affinity", "Silhouette of k-means per group", "Hierarchical clustering of RED-ext1, leaves coloured by true type",
                                         "Type clustering F1 per year", "Training curves of the descriptor classifier" })
            Assert.Contains(titles, t => t!.Contains(expected));
        // One dendrogram per input method compared (four at smoke scale), plus the chosen one.
        Assert.Equal(4, titles.Count(t => t!.StartsWith("RED-ext1, ResNet-18 ImageNet,", StringComparison.Ordinal)));
        // The tables: methods with the ResNet-50 baseline, per type, per year, thresholds, classifier, real frames.
        foreach (var table in new[] { "input methods and networks", "ResNet-50 random init", "bad-frame scores: F1 averaged over image types",
                                      "classifier descriptors: 5-fold cross-validation on the", "extensions only score", "real frames through the UVES descriptors" })
            Assert.Contains(table, text);
        // The per-type, per-year, thresholds, per-defect, frame-QC and per-class accuracy tables are DataFrames.
        Assert.True(System.Text.RegularExpressions.Regex.Matches(text, @"DataFrame: \d+ rows").Count >= 6,
            "expected the archive, per-type, per-year, thresholds, frame-QC, per-defect and per-class accuracy DataFrames");
        foreach (var column in new[] { "precision", "worst", "threshold", "cause", "flagged", "accuracy" }) Assert.Contains(column, text);
        Assert.Contains("nttexample.mt", text);
        Assert.True(NotebookHarness.ImageCount(displays) >= 6, "expected the galleries of types, drift, defects, inputs, worst/best and real frames");

        var scraps = NotebookScraps.Of(r.Notebook).ToDictionary(s => s.Name);
        foreach (var name in new[] { "recent_worst_type_f1", "oldest_year_worst_type_f1", "bad_frame_mean_f1", "classifier_accuracy" })
            Assert.InRange(scraps[name].Number!.Value, 0.0, 1.0);
        Assert.InRange(scraps["bad_frame_descriptor_only_f1"].Number!.Value, 0.0, 1.0);
        // The classifier's descriptors: one input method or the best one beside another, chosen by cross-validation on the training rows.
        Assert.Matches(@"^(Resize|CentreCrop|Stretch|Binned)( \+ (Resize|CentreCrop|Stretch|Binned))?$", scraps["classifier_method"].Text);
        Assert.Equal(36, scraps["extensions"].Number!.Value);
        Assert.True(scraps["descriptor_throughput"].Number > 0);

        var dir = Repo.TempDir("nb02");
        r.Notebook.Save(Path.Combine(dir, "02-calibration-qc.ipynb"));
        Assert.Equal("valid", NbformatOracle.Validate(Path.Combine(dir, "02-calibration-qc.ipynb")));
        HtmlReport.Write(r.Notebook, Path.Combine(dir, "02-calibration-qc.html"));
        Assert.Contains("Calibration-frame QC", File.ReadAllText(Path.Combine(dir, "02-calibration-qc.html")));
    }
}
