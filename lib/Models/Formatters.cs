using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookLib.Models.Networks;
using NotebookLib.Models.Pipelines;
using NotebookLib.Models.Search;
using NotebookLib.Models.Training;
using NotebookLib.Torch;

namespace NotebookLib.Models;

/// <summary>How notebooks show this area's values: a training history as Plotly training curves
/// (with a table as the HTML fallback), a study as its results table with the best trial, and each
/// network as its summary with output shapes for its own input shape.</summary>
static class Formatters
{
    const string PlotlyMime = "application/vnd.plotly.v1+json";

    [ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<History>((h, w) => w.Write(h.ToPlotly().ToJsonString()), PlotlyMime);
        Formatter.Register<History>((h, w) => w.Write(HistoryHtml(h)), "text/html");
        Formatter.Register<History>((h, w) => w.Write(h.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(History), PlotlyMime, "text/html", "text/plain");

        Formatter.Register<Study>((s, w) => w.Write(StudyHtml(s)), "text/html");
        Formatter.Register<Study>((s, w) => w.Write(StudyText(s)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(Study), "text/html", "text/plain");

        Formatter.Register<PersistenceSeeds>((s, w) => w.Write(SeedsHtml(s)), "text/html");
        Formatter.Register<PersistenceSeeds>((s, w) => w.Write(SeedsText(s)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(PersistenceSeeds), "text/html", "text/plain");

        Network<SeedAutoencoder>(); Network<DenseAutoencoder>(); Network<ConvAutoencoder>(); Network<VariationalAutoencoder>(); Network<ArtifactConvAutoencoder>();
        Network<TransientCnn>(); Network<ResNet50>(); Network<UNet>(); Network<DescriptorClassifier>();
    }

    static void Network<T>() where T : Module, INetwork
    {
        Formatter.Register<T>((m, w) => w.Write(Formatter.ToDisplayString(m.Summary(), "text/html")), "text/html");
        Formatter.Register<T>((m, w) => w.Write(m.Summary().ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(T), "text/html", "text/plain");
    }

    static string E(string s) => WebUtility.HtmlEncode(s);

    static readonly (string Caption, Func<PersistenceSeeds, Microsoft.Data.Analysis.DataFrame> Table)[] SeedTables =
    [
        ("each seed, the mean and the standard deviation", s => s.Summary),
        ("targets (issue 15): the mean over the seeds; lowest-frame figures: the lowest seed", s => s.Targets),
    ];

    static string SeedsHtml(PersistenceSeeds s) => string.Concat(SeedTables.Select(t =>
        $"<p><b>{E(t.Caption)}</b></p>{Formatter.ToDisplayString(Plotting.DataFrameFormatter.ToTable(t.Table(s)), "text/html")}"));

    static string SeedsText(PersistenceSeeds s) => string.Join("\n\n", SeedTables.Select(t =>
        $"{t.Caption}\n{Plotting.DataFrameFormatter.ToTable(t.Table(s))}"));
    static string N(double v) => v.ToString("G5", CultureInfo.InvariantCulture);

    static string HistoryHtml(History h)
    {
        var sb = new StringBuilder("<table class=\"nbm-history\"><thead><tr><th>epoch</th>");
        foreach (var k in h.Keys) sb.Append("<th>").Append(E(k)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (var i = 0; i < h.Count; i++)
        {
            sb.Append("<tr><td>").Append(i + 1).Append("</td>");
            foreach (var k in h.Keys) sb.Append("<td>").Append(h.Epochs[i].TryGetValue(k, out var v) ? N(v) : "").Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    static string StudyHtml(Study s)
    {
        var names = s.ParameterNames;
        var complete = s.Trials.Any(t => t.State == TrialState.Complete);
        var sb = new StringBuilder("<div class=\"nbm-study\"><b>Study ").Append(E(s.Name)).Append("</b> — ")
            .Append(s.Direction.ToString().ToLowerInvariant()).Append(", ").Append(s.Trials.Count).Append(" trials (")
            .Append(s.Trials.Count(t => t.State == TrialState.Pruned)).Append(" pruned)");
        if (complete) sb.Append("; best: trial ").Append(s.BestTrial.Number).Append(", value ").Append(N(s.BestValue));
        sb.Append("<table><thead><tr><th>number</th><th>state</th><th>value</th><th>duration (s)</th>");
        foreach (var n in names) sb.Append("<th>").Append(E(n)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        var best = complete ? s.BestTrial.Number : -1;
        foreach (var t in s.Trials)
        {
            sb.Append(t.Number == best ? "<tr style=\"font-weight:bold\">" : "<tr>")
              .Append("<td>").Append(t.Number).Append("</td><td>").Append(t.State.ToString().ToLowerInvariant()).Append("</td><td>")
              .Append(t.Value is { } v ? N(v) : "").Append("</td><td>").Append(t.Duration.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)).Append("</td>");
            foreach (var n in names)
                sb.Append("<td>").Append(t.Params.TryGetValue(n, out var p) ? E(p is double d ? N(d) : Convert.ToString(p, CultureInfo.InvariantCulture) ?? "") : "").Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table></div>").ToString();
    }

    static string StudyText(Study s)
    {
        var sb = new StringBuilder($"Study {s.Name}: {s.Trials.Count} trials, {s.Trials.Count(t => t.State == TrialState.Pruned)} pruned");
        if (s.Trials.Any(t => t.State == TrialState.Complete))
            sb.Append($"; best trial {s.BestTrial.Number}, value {N(s.BestValue)}, ")
              .Append(string.Join(", ", s.BestParams.Select(p => $"{p.Key}={(p.Value is double d ? N(d) : p.Value)}")));
        return sb.ToString();
    }
}
