using System.Diagnostics;
using System.Text.Json;
using NotebookLib.Analysis;
using NotebookLib.Imaging;
using NotebookLib.Notebooks;
using NotebookLib.Plotting;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Plotting;

/// <summary>Pages really draw in a browser: headless Chromium opens them offline and reports console
/// errors, each plot's SVG and each image's load; the screenshot stays under build/test-artifacts/.</summary>
[Collection("plotly.js inclusion")]
public class BrowserTests
{
    internal static JsonElement OpenInChromium(string page, string screenshot)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        psi.ArgumentList.Add(Repo.PathOf("tests", "NotebookLib.Tests", "Plotting", "browser-check.cjs"));
        psi.ArgumentList.Add(page);
        psi.ArgumentList.Add(screenshot);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(150)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish with {page} in 150 s: {err.Result}");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"browser check of {page} failed (exit {p.ExitCode}): {err.Result}");
        return JsonDocument.Parse(output.Result).RootElement.Clone();
    }

    static readonly ConfusionMatrix BogusReal = new([0, 1], new long[,] { { 40, 10 }, { 5, 45 } }, ["bogus", "real"]);

    static Image Blob(int w, int h, double cx, double cy, double sigma, int seed)
    {
        var rng = new Random(seed);
        var d = new float[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                d[y * w + x] = (float)(Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * sigma * sigma)) + 0.05 * rng.NextDouble());
        return new Image(w, h, d);
    }

    [Fact]
    public void Standalone_page_with_plots_and_images_draws_without_errors()
    {
        var rng = new Random(3);
        var n = 300;
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 10).ToArray();
        var y = x.Select(v => v + rng.NextDouble()).ToArray();
        var labels = x.Select(v => (int)(v / 3.4)).ToArray();
        var ids = Enumerable.Range(0, n).Select(i => $"patch-{i}").ToArray();
        var frame = Blob(120, 90, 60, 45, 20, 1);
        var cutouts = Enumerable.Range(0, 20).Select(i => Blob(30, 30, 10 + i % 10, 15, 3 + i % 4, i)).ToList();

        var figures = new[]
        {
            Plot.Embedding(x, y, labels, ids),
            Plot.Embedding(x, y, y, "SNR", ids, "t-SNE"),
            Plot.TrainingCurves([1.0, 0.5, 0.3, 0.25, 0.24], [1.1, 0.6, 0.4, 0.41, 0.45], logY: true),
            Plot.InformationCriteria([1, 2, 3, 4], [100, 80, 75, 76], [104, 88, 86, 90]),
            Plot.ScoreDistribution([("nominal", x), ("anomalous", y.Select(v => v + 4).ToArray())], "reconstruction loss", threshold: 9),
            Plot.ConfusionMatrix(BogusReal),
            Plot.Dendrogram([[0, 1, 0.5, 2], [2, 3, 0.8, 2], [4, 5, 2.0, 4]], ["a", "b", "c", "d"]),
            Figure.Subplots(1, 2, Plot.Box(("a", x), ("b", y)).WithTitle("box"), Plot.Violin(("a", x)).WithTitle("violin")),
        };
        var page = new HtmlPage("NotebookLib plotting check").Paragraph("Figures, images and tables drawn offline.");
        foreach (var f in figures) page.Add(f);
        page.Add(RgbImage.FromImage(frame, new ImageOptions { ColorMap = ColorMap.Viridis, Stretch = Stretch.Asinh, ColorBar = true, Zoom = 2 }), "frame, asinh stretch");
        page.Add(Gallery.Grid(cutouts, 10, cutouts.Select((_, i) => $"c{i}").ToList(), "cluster 1"));
        page.Add(Overlays.Outline(frame, [(10, 10, 30, 30), (60, 40, 30, 30)]), "outlined patches");
        page.Add(RecordTable.From(ids.Take(5).Select((id, i) => new { id, label = labels[i] })));
        page.Add(BogusReal);
        var path = Path.Combine(Repo.TempDir("browser"), "page.html");
        page.Save(path);

        var r = OpenInChromium(path, Repo.PathOf("build", "test-artifacts", "plotting", "standalone-page.png"));
        Assert.Empty(r.GetProperty("errors").EnumerateArray());
        Assert.Empty(r.GetProperty("externalRequests").EnumerateArray()); // offline: plotly.js is inlined
        var plots = r.GetProperty("plots").EnumerateArray().ToArray();
        Assert.Equal(figures.Length, plots.Length);
        for (var i = 0; i < plots.Length; i++)
        {
            Assert.True(plots[i].GetProperty("svgs").GetInt32() >= 1, $"plot {i} has no SVG: {plots[i]}");
            Assert.True(plots[i].GetProperty("traces").GetInt32() >= figures[i].Data.Count, $"plot {i} drew fewer traces than it has: {plots[i]}");
        }
        var images = r.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(1 + cutouts.Count + 1, images.Length);   // the frame, each gallery cutout, the outlined frame
        Assert.All(images, img =>
        {
            Assert.True(img.GetProperty("complete").GetBoolean());
            Assert.True(img.GetProperty("naturalWidth").GetInt32() > 0, $"image {img} did not decode");
        });
        Assert.Equal(2, r.GetProperty("tables").GetInt32());
        Assert.True(File.Exists(Repo.PathOf("build", "test-artifacts", "plotting", "standalone-page.png")));
    }

    [Fact]
    public async Task Report_of_a_notebook_showing_a_figure_and_an_image_draws()
    {
        var nb = NotebookHarness.Make(
            "using NotebookLib.Imaging; using NotebookLib.Plotting; using NotebookLib.Display;",
            "Plot.TrainingCurves(new double[] { 1, 0.5, 0.3, 0.28 }, new double[] { 1.1, 0.6, 0.45, 0.5 })",
            """
            var frame = Enumerable.Range(0, 64 * 48).Select(i => (float)Math.Sin(i % 64 / 10.0) * (i / 64)).ToArray();
            display(RgbImage.FromImage(new Image(64, 48, frame), new ImageOptions { ColorMap = ColorMap.Magma, ColorBar = true, Zoom = 3 }));
            """,
            """
            using (var progress = Progress.Start("epochs", 3))
                for (var e = 1; e <= 3; e++) progress.Report(e, $"loss {1.0 / e:F3}");
            """,
            "display(Figure.Subplots(1, 2, Plot.Histogram(new double[] { 1, 2, 2, 3 }).WithTitle(\"scores\"), Plot.Bar(new[] { \"a\", \"b\" }, new double[] { 1, 2 }).WithTitle(\"counts\")));",
            "RecordTable.From(new[] { new { id = \"patch-1\", score = 0.5 } })");
        var run = await NotebookHarness.RunAsync(nb);
        Assert.True(run.Succeeded, run.Error);
        var outputs = run.Code().SelectMany(c => c.Outputs).OfType<DisplayOutput>().ToList();
        Assert.Equal(2, outputs.Count(o => o.Data.ContainsKey(NotebookLib.Plotting.Formatters.PlotlyMimeType)));
        Assert.Single(outputs, o => o.Data.ContainsKey("image/png"));
        var progress = Assert.Single(outputs, o => o.Text("text/html")?.Contains("notebooklib-progress") == true);
        Assert.Contains("3/3", progress.Text("text/html"));

        var dir = Repo.TempDir("report");
        var report = Path.Combine(dir, "report.html");
        HtmlReport.Write(run.Notebook, report);
        var r = OpenInChromium(report, Repo.PathOf("build", "test-artifacts", "plotting", "notebook-report.png"));
        Assert.Empty(r.GetProperty("errors").EnumerateArray());
        Assert.Empty(r.GetProperty("externalRequests").EnumerateArray());
        var plots = r.GetProperty("plots").EnumerateArray().ToArray();
        Assert.Equal(2, plots.Length);
        Assert.All(plots, p => Assert.True(p.GetProperty("svgs").GetInt32() >= 1, $"plot without SVG: {p}"));
        Assert.Equal(3, plots[0].GetProperty("traces").GetInt32());   // training, validation, best epoch
        var image = Assert.Single(r.GetProperty("images").EnumerateArray());
        Assert.True(image.GetProperty("complete").GetBoolean());
        Assert.True(image.GetProperty("naturalWidth").GetInt32() > 64 * 3, $"image did not decode at its size: {image}");
        Assert.Equal(1, r.GetProperty("tables").GetInt32());
    }
}
