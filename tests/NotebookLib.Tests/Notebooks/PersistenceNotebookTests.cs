using System.Text.RegularExpressions;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>notebooks/01-persistence-detection.ipynb end to end at smoke scale, as ./nb run executes it.</summary>
public class PersistenceNotebookTests
{
    [Fact]
    public async Task The_persistence_notebook_runs_at_smoke_scale_and_shows_every_step()
    {
        var (r, code, displays, text) = await NotebookHarness.RunAtSmokeAsync("01-persistence-detection.ipynb");

        // The run is the smoke one: 2 frames of 348², 10 × 10 patches of 34 px each, split 70/15/15.
        Assert.Contains("smoke", text);
        Assert.Matches(@"train\s+140\s", text);
        Assert.Matches(@"validation\s+30\s", text);
        Assert.Matches(@"test\s+30\s", text);
        // The figures the talk shows, as Plotly JSON (the training curves once: the trainer draws them live).
        var titles = displays.Select(d => d.Data[HtmlReport.PlotlyMime]?["layout"]?["title"]?["text"]?.ToString())
                             .Where(t => t is not null).ToList();
        foreach (var expected in new[] { "Information criteria", "UMAP of the autoencoder latents", "k-means",
                                         "Pairwise distances", "Training history",
                                         "Distribution of reconstruction loss", "coloured by the truth" })
            Assert.Contains(titles, t => t!.Contains(expected));
        // The AIC/BIC sweep has one point per component count: 1–4 at smoke scale at least, more while the
        // lowest BIC sits at the end of the range.
        var ic = displays.First(d => d.Data[HtmlReport.PlotlyMime]?["layout"]?["title"]?["text"]?.ToString() == "Information criteria");
        Assert.True(ic.Data[HtmlReport.PlotlyMime]!["data"]![0]!["x"]!.AsArray().Count >= 4);
        // Frames, galleries, outlined patches and masks as PNG images.
        Assert.True(NotebookHarness.ImageCount(displays) >= 8, "expected the frame, gallery, outline and mask images");
        // The scores against the truth are there and are proportions.
        // The seed autoencoder's summary names the talk's parameter count.
        Assert.Contains("78,977", text);
        foreach (var table in new[] { "autoencoder latents", "PCA of binned patches (baseline)", "masks against the truth",
                                      "test patches, channel-wise GMM clusters", "recall by feature", "recall by size",
                                      "each seed, the mean and the standard deviation", "reference pixels: spread of the column means",
                                      "background removal on frame 0" })
            Assert.Contains(table, text);
        // Galleries carry their titles and captions as HTML text around the images, not pixels inside them.
        var galleries = displays.Select(d => d.Text("text/html") ?? "").Where(h => h.Contains("class=\"gallery\"")).ToList();
        Assert.True(galleries.Count >= 4, $"{galleries.Count} HTML galleries");
        Assert.Contains(galleries, g => g.Contains("<figcaption") && g.Contains("originals (top) and reconstructions"));
        Assert.Contains("targets (issue 15)", text);
        // The three-seed summary is one library call whose result displays itself, not glue in the notebook (issue 13).
        var seedsCell = code.Single(c => c.Source.Contains("RunSeeds("));
        Assert.True(seedsCell.Source.Split('\n').Length <= 4, seedsCell.Source);
        Assert.Contains("lowest frame IoU, segmentation", text);
        // The reconstructions are not one flat value, and the saliency maps are not copies of their inputs.
        var scraps = r.Notebook.Cells.SelectMany(c => c.Outputs).OfType<DisplayOutput>()
            .Where(d => d.Data.ContainsKey("application/scrapbook.scrap.json+json"))
            .Select(d => d.Data["application/scrapbook.scrap.json+json"]!).ToDictionary(j => j["name"]!.ToString(), j => j["data"]!);
        Assert.True((double)scraps["reconstruction_pixel_spread"]! > 1e-3, "the reconstruction gallery is all one value");
        Assert.True((double)scraps["saliency_input_difference"]! > 1e-2, "the saliency maps equal their inputs");
        Assert.InRange((double)scraps["persistence_f1"]!, 0.0, 1.0);
        // The expert is small (a gallery look at a few patches per cluster) and the naming diagnostics are shown.
        Assert.InRange((double)scraps["expert_patch_share"]!, 0.01, 0.5);
        Assert.Contains("naming diagnostics", text);
        var iou = Regex.Match(text, @"IoU, background removal\s+([0-9.Ee+-]+)");
        Assert.True(iou.Success, "the mean IoU of the background-removal masks is reported");
        var v = double.Parse(iou.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(v, 0.05, 1.0);   // the masks overlap the persistence truth, far above chance
        // The U-Net step: its training curves, its mask beside the truth on a new frame, and the IoU table
        // against the truth and against the segmentation pipeline, each a proportion.
        Assert.Contains(titles, t => t!.Contains("Training curves of the U-Net"));
        var unetCell = code.Single(c => c.Source.Contains("Montage.Row") && c.Source.Contains("U-Net mask"));
        Assert.Contains(unetCell.Outputs.OfType<DisplayOutput>(), d => d.Data.ContainsKey("image/png"));
        Assert.Contains("U-Net on a new frame", text);
        foreach (var against in new[] { "truth", "segmentation pipeline" })
        {
            var row = Regex.Match(text, @"U-Net\s+" + against + @"\s+([0-9.Ee+-]+)\s");
            Assert.True(row.Success, $"the U-Net's IoU against the {against} is reported");
            Assert.InRange(double.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.0, 1.0);
        }
        // The real frame from Debian.
        Assert.Contains("j8bt06nyq_flt.fits", text);
        Assert.Contains("brightest objects", text);

        var dir = Repo.TempDir("nb01");
        r.Notebook.Save(Path.Combine(dir, "01-persistence-detection.ipynb"));
        Assert.Equal("valid", NbformatOracle.Validate(Path.Combine(dir, "01-persistence-detection.ipynb")));
        HtmlReport.Write(r.Notebook, Path.Combine(dir, "01-persistence-detection.html"));
        var html = File.ReadAllText(Path.Combine(dir, "01-persistence-detection.html"));
        Assert.Contains("Persistence detection in slew-dark data", html);
        Assert.Contains("data:image/png;base64,", html);
    }
}
