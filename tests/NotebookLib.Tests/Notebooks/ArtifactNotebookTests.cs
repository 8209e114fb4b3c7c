using System.Globalization;
using System.Text.RegularExpressions;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>notebooks/04-artifact-separation.ipynb end to end at smoke scale, as ./nb run executes it.</summary>
public class ArtifactNotebookTests
{
    [Fact]
    public async Task The_artifact_notebook_runs_at_smoke_scale_and_shows_every_step()
    {
        var (r, code, displays, text) = await NotebookHarness.RunAtSmokeAsync("04-artifact-separation.ipynb");

        // Smoke: 30 galaxies of 4 views, read from their tar archives.
        Assert.Contains("smoke", text);
        Assert.Contains("30 archives", text);
        Assert.Contains("galaxy_00000_view3.fits", text);
        Assert.Contains("120 CFIS-like 160×160 galaxies", text);
        // The talk's two summaries.
        Assert.Contains("69,359,232", text);
        Assert.Contains("69,358,976", text);
        Assert.Contains("1,628", text);
        // Training curves (the live History display), projections, t-SNE and PCA maps, the zero-flux box plot.
        var titles = displays.Select(d => d.Data[HtmlReport.PlotlyMime]?["layout"]?["title"]?["text"]?.ToString())
                             .Where(t => t is not null).ToList();
        foreach (var expected in new[] { "Random projection", "t-SNE of the CNN latent vectors (pooled), k-means K = 3", "K = 6", "K = 7",
                                         "PCA of the CNN latent vectors", "coloured by the truth", "Zero-flux-pixel fraction" })
            Assert.Contains(titles, t => t!.Contains(expected));
        // The live loss plots: each trainer's History display (train and validation curves), redrawn each epoch.
        Assert.True(titles.Count(t => t == "Training history") >= 2, "both networks' training curves are drawn");
        // Thumbnails, reconstructions and cluster galleries as PNG images.
        Assert.True(NotebookHarness.ImageCount(displays) >= 6, "expected thumbnails, reconstructions and galleries");
        // The ground-truth tables and the side-by-side comparison.
        Assert.Contains("BrightStarHalo", text);
        Assert.Contains("pooled (16 standardised features), k-means K = 7", text);   // the comparison DataFrame
        Assert.Contains("zero-flux fraction > 0", text);
        Assert.Contains("the same views with and without the artifact (generator's truth)", text);   // the truth-pair diagnosis table
        // The CNN's log10 input is shown, and the talk's flattened latent vectors stay as a row beside the pooled features.
        Assert.Contains("the CNN autoencoder's input", text);
        Assert.Contains("flattened (1,024 numbers, as the talk)", text);
        // Two other scalings of the same latents stay as rows: robust-scaled pooled features, per-position deviations pooled.
        Assert.Contains("robust-scaled (median / MAD instead of mean / std), k-means K = 7", text);
        Assert.Contains("robust-scaled per position (deviation from the typical view), then pooled", text);
        Assert.Contains("held, per-position deviations K = 7", text);
        // k-means' starts: twenty single starts of the route's k-means, with the route's own inertia beside them.
        Assert.Contains("k-means K = 7, twenty single starts (the route's best of ten: inertia", text);
        // Saving and loading the weights gives the same latents.
        var diff = Regex.Match(text, @"largest latent difference, trained vs loaded\s+([0-9.Ee+-]+)");
        Assert.True(diff.Success, "the latent difference after loading the weights is reported");
        Assert.Equal(0.0, double.Parse(diff.Groups[1].Value, CultureInfo.InvariantCulture));
        // No warnings from log10(0) or anything else on the streams.
        var streams = string.Join("\n", code.SelectMany(c => c.Outputs).OfType<StreamOutput>().Select(s => s.Text));
        Assert.DoesNotContain("warning", streams, StringComparison.OrdinalIgnoreCase);

        var scraps = NotebookScraps.Of(r.Notebook).ToDictionary(s => s.Name, s => s.Data!.GetValue<double>());
        foreach (var name in new[] { "k7_artifact_purity", "k7_artifact_coverage", "pca_k7_artifact_purity", "robust_k7_artifact_coverage", "deviation_k7_artifact_coverage", "zero_flux_rule_recall", "dense_validation_mse", "cnn_validation_mse" })
            Assert.True(scraps.ContainsKey(name), $"scrap {name} is glued");
        Assert.InRange(scraps["k7_single_starts_reaching_aim"], 0, 20);
        Assert.True(scraps["k7_inertia"] > 0 && scraps["k7_single_start_lowest_inertia"] > 0, "both inertias are glued");
        Assert.Equal(69_359_232, scraps["dense_parameters"]);
        Assert.Equal(1_628, scraps["cnn_encoder_parameters"]);
        Assert.InRange(scraps["zero_flux_rule_precision"], 0.9, 1.0);   // zero pixels come (almost) only with masked regions and edge gaps

        var dir = Repo.TempDir("nb04");
        r.Notebook.Save(Path.Combine(dir, "04-artifact-separation.ipynb"));
        Assert.Equal("valid", NbformatOracle.Validate(Path.Combine(dir, "04-artifact-separation.ipynb")));
    }
}
