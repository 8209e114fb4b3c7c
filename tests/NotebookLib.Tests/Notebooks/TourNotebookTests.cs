using NotebookLib.Notebooks;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Notebooks;

/// <summary>notebooks/00-tour.ipynb end to end, as ./nb run executes it.</summary>
public class TourNotebookTests
{
    [Fact]
    public async Task The_tour_runs_without_an_error_cell_and_reports()
    {
        var path = Repo.PathOf("notebooks", "00-tour.ipynb");
        var r = await NotebookRunner.RunFileAsync(path, new RunOptions
        {
            Parameters = new Dictionary<string, string> { ["scale"] = "smoke" },
            CellTimeout = TimeSpan.FromMinutes(5),
        });

        Assert.True(r.Succeeded, r.Error);
        var code = r.Notebook.Cells.Where(c => c.Type == CellType.Code).ToList();
        Assert.DoesNotContain(code.SelectMany(c => c.Outputs), o => o is ErrorOutput);
        Assert.All(code, c => Assert.NotNull(c.ExecutionCount));
        var text = string.Join("\n", code.SelectMany(c => c.Outputs).OfType<DisplayOutput>().Select(d => d.Text("text/plain")));
        Assert.Contains("NotebookLib", text);
        Assert.Contains("smoke", text);
        var figure = code.SelectMany(c => c.Outputs).OfType<DisplayOutput>().Single(d => d.Data.ContainsKey(HtmlReport.PlotlyMime));
        Assert.Equal(3, figure.Data[HtmlReport.PlotlyMime]!["data"]!.AsArray().Count);
        // Wien's law: 2.898e6 nm K / 5800 K = 499.6 nm, on the curve's 10 nm grid.
        var peak = Assert.Single(NotebookScraps.Of(r.Notebook), s => s.Name == "sun_peak_wavelength_nm");
        Assert.InRange(peak.Number!.Value, 490, 510);

        var dir = Repo.TempDir("tour");
        r.Notebook.Save(Path.Combine(dir, "00-tour.ipynb"));
        Assert.Equal("valid", NbformatOracle.Validate(Path.Combine(dir, "00-tour.ipynb")));
        HtmlReport.Write(r.Notebook, Path.Combine(dir, "00-tour.html"));
        var html = File.ReadAllText(Path.Combine(dir, "00-tour.html"));
        Assert.Contains("Hello from a smoke-scale run", html);
        Assert.Contains("Plotly.newPlot('plot-1'", html);
    }
}
