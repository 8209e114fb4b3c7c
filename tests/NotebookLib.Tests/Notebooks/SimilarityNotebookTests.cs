using System.Text.RegularExpressions;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>notebooks/05-similarity-anomalies.ipynb end to end at smoke scale, as ./nb run executes it.</summary>
[Collection(NotebookLib.Tests.Explorer.ExplorerLoadCollection.Name)]
public class SimilarityNotebookTests
{
    [Fact]
    public async Task The_similarity_notebook_runs_at_smoke_scale_and_shows_every_step()
    {
        var (r, code, displays, text) = await NotebookHarness.RunAtSmokeAsync("05-similarity-anomalies.ipynb");
        var printed = string.Concat(code.SelectMany(c => c.Outputs).OfType<StreamOutput>().Select(s => s.Text));

        Assert.Contains("smoke", text);
        // The figures of each step, as Plotly JSON.
        var titles = displays.Select(d => d.Data[HtmlReport.PlotlyMime]?["layout"]?["title"]?["text"]?.ToString())
                             .Where(t => t is not null).ToList();
        foreach (var expected in new[] { "Truth of the central object", "Training curves of the autoencoder", "Measured on the originals",
                                         "Radial profiles", "Distribution of EIF anomaly score", "Anomaly score maps on two blobs",
                                         "UMAP of the latent vectors", "t-SNE of the latent vectors", "SOM cells",
                                         "Training curves of the VAE", "Training curves of the conditional VAE" })
            Assert.Contains(titles, t => t!.Contains(expected));
        // Thumbnails ride on the UMAP map as layout images.
        var umap = displays.First(d => d.Data[HtmlReport.PlotlyMime]?["layout"]?["title"]?["text"]?.ToString()?.StartsWith("UMAP of the latent vectors") == true);
        Assert.True(umap.Data[HtmlReport.PlotlyMime]!["layout"]!["images"]!.AsArray().Count >= 10, "thumbnails on the UMAP map");
        // Galleries: the pool, reconstructions, one per similarity query, the top-25s, SOM prototypes, VAE samples.
        Assert.True(NotebookHarness.ImageCount(displays) >= 12, "expected the galleries of every step");
        foreach (var table in new[] { "the pool", "reconstruction against original", "precision@10 by the query's kind",
                                      "planted oddities found in the latent space", "self-organising map",
                                      "32 conditional-VAE samples per level, measured" })
            Assert.Contains(table, text);
        // The explorer was started from a cell, printed its URL, and its consensus came back with the demo labels.
        Assert.Matches(new Regex(@"cutouts explorer: http://127\.0\.0\.1:\d+/"), printed);
        Assert.Contains("dawid_skene", text);
        // The aims are judged in the last cell, reached or missed with the measured value.
        Assert.Matches(new Regex(@"(reached|missed): +EIF top-25 anomalies that are planted oddities = [0-9.]+"), printed);

        var scraps = displays.Where(d => d.Data.ContainsKey(NotebookLib.Display.Scrapbook.MimeType))
            .Select(d => d.Data[NotebookLib.Display.Scrapbook.MimeType]!)
            .ToDictionary(s => s["name"]!.GetValue<string>(), s => s["data"]!);
        foreach (var name in new[] { "eif_top25_precision", "iforest_top25_precision", "similarity_precision_at_10" })
            Assert.InRange(scraps[name].GetValue<double>(), 0.0, 1.0);
        Assert.Equal(160, scraps["cutouts"].GetValue<int>());
        Assert.True(scraps["oddities"].GetValue<int>() > 0);

        var dir = Repo.TempDir("nb05");
        r.Notebook.Save(Path.Combine(dir, "05-similarity-anomalies.ipynb"));
        Assert.Equal("valid", NbformatOracle.Validate(Path.Combine(dir, "05-similarity-anomalies.ipynb")));
    }
}
