using System.Globalization;
using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>notebooks/03-transient-bogus.ipynb end to end at smoke scale, as ./nb run executes it.</summary>
public class TransientNotebookTests
{
    [Fact]
    public async Task The_transient_notebook_runs_at_smoke_scale_and_shows_every_step()
    {
        var (r, code, displays, text) = await NotebookHarness.RunAtSmokeAsync("03-transient-bogus.ipynb");
        Assert.Contains("smoke", text);

        // The talk's figures, as Plotly JSON.
        var titles = displays.Select(d => d.Data[HtmlReport.PlotlyMime]?["layout"]?["title"]?["text"]?.ToString())
                             .Where(t => t is not null).ToList();
        foreach (var expected in new[] { "Extendedness measurement vs criterion", "The fake catalogue against the talk's distributions",
                                         "Completeness of the injected fakes", "Training curves of the CNN", "CNN output probability",
                                         "UMAP of the CNN latent space: truth", "UMAP of the CNN latent space: prediction", "UMAP of the CNN latent space: SNR",
                                         "Confusion matrices (test)", "Output probabilities: CNN, co-teaching" })
            Assert.Contains(titles, t => t!.Contains(expected));
        // Images: fields, circled galaxies, the subtraction, the galleries of each kind.
        Assert.True(NotebookHarness.ImageCount(displays) >= 7, "expected the field, galaxy, subtraction and gallery images");
        // Tables the talk shows: hosts and fakes as DataFrames, the DIA source table, the scores.
        foreach (var table in new[] { "fake catalogue", "DIA sources", "CNN, test sources", "light-curve confirmation of the false positives", "specificity (truth: bogus rejected)",
                                      "what the significance channel changes", "HSC-I2",
                                      "psf_model_ratio", "d_major_px", "psf_flux" })
            Assert.Contains(table, text);
        // The interactive UMAP is HTML: the figure, a panel, and a handler that fills the panel with each point's cut-out and light curve.
        var hover = displays.Select(d => d.Data["text/html"]?.ToString()).Single(h => h?.Contains("Interactive UMAP") == true)!;
        Assert.Contains("plotly_hover", hover);
        Assert.Contains("plotly_click", hover);
        Assert.Contains("customdata", hover);
        Assert.Contains("data:image/png;base64,", hover);
        Assert.Contains("\\u003Csvg", hover);   // the panels travel in the figure's JSON, where < is escaped

        // The glued figures are there and are proportions (or counts).
        var scraps = NotebookScraps.ToJson(NotebookScraps.Of(r.Notebook));
        foreach (var name in new[] { "cnn", "coteaching", "asymmetric" }.SelectMany(m => new[] { "sensitivity_truth", "specificity_truth", "sensitivity_labels", "specificity_labels", "false_negative_rate" }
                                     .Select(s => $"{m}_{s}")).Concat(["real_transients_confirmed_share", "fake_completeness", "cnn_talk_input_sensitivity_labels"]))
        {
            Assert.True(scraps.ContainsKey(name), $"{name} is glued");
            Assert.InRange(double.Parse(scraps[name]!.ToString(), CultureInfo.InvariantCulture), 0.0, 1.0);
        }
        Assert.True((int)scraps["dia_sources"]! > 50, "smoke finds more than 50 DIA sources");
        Assert.True((int)scraps["real_transients_detected"]! >= 1);
        // The pipeline recovers a sizeable share of the fakes, and the CSV catalogues were written.
        Assert.InRange((double)scraps["fake_completeness"]!, 0.3, 1.0);
        Assert.Contains("fakes_000_visit_1000_HSC-G.csv", text);

        var dir = Repo.TempDir("nb03");
        r.Notebook.Save(Path.Combine(dir, "03-transient-bogus.ipynb"));
        Assert.Equal("valid", NbformatOracle.Validate(Path.Combine(dir, "03-transient-bogus.ipynb")));
        HtmlReport.Write(r.Notebook, Path.Combine(dir, "03-transient-bogus.html"));
        Assert.Contains("Transient vs bogus without human labels", File.ReadAllText(Path.Combine(dir, "03-transient-bogus.html")));
    }
}
