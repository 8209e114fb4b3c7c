using System.Globalization;
using System.Net;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Analysis;

/// <summary>Notebook displays of the analysis results: binary metrics as an HTML table, the AIC/BIC of a component
/// sweep as its DataFrame (text/plain alongside). Confusion matrices are shown by lib/Plotting.</summary>
internal static class Formatters
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<BinaryMetrics>((m, w) => w.Write(Html(m)), "text/html");
        Formatter.Register<BinaryMetrics>((m, w) => w.Write(Text(m)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(BinaryMetrics), "text/html", "text/plain");

        Formatter.Register<ComponentSweep>((s, w) => w.Write(Html(s)), "text/html");
        Formatter.Register<ComponentSweep>((s, w) => w.Write(Text(s)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ComponentSweep), "text/html", "text/plain");

        Formatter.Register<GroupedLatentClustering>((g, w) => w.Write(Formatter.ToDisplayString(g.Table, "text/html") + $"<p>{E(g.ToString())}</p>"), "text/html");
        Formatter.Register<GroupedLatentClustering>((g, w) => w.Write(Formatter.ToDisplayString(g.Table, "text/plain") + "\n" + g.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(GroupedLatentClustering), "text/html", "text/plain");

        Formatter.Register<LatentClusteringResult>((r, w) => w.Write(Html(r)), "text/html");
        Formatter.Register<LatentClusteringResult>((r, w) => w.Write(r.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(LatentClusteringResult), "text/html", "text/plain");
    }

    internal static string Html(LatentClusteringResult r)
    {
        var rows = new List<(string, string)>
        {
            ("rows", E(r.Clusters.Length)),
            ("GMM components swept", $"1–{r.MaxComponentsSwept}"),
            ("components, lowest BIC", $"{r.Components}{(r.MinimumInside ? "" : " (at the end of the sweep: more might do better)")}"),
            ("components, lowest AIC", E(r.Sweep.BestByAic)),
            ("adjusted Rand index, GMM vs k-means", F(r.AdjustedRandIndex)),
        };
        if (r.Scores is { } s && r.KMeansScores is { } k)
        {
            rows.Add(("expert rows / scored rows", $"{r.Expert.Length} / {r.Scored.Length}"));
            rows.Add(("clusters named positive by the expert", $"{r.NamedClusters.Length}: {E(string.Join(", ", r.NamedClusters))}"));
            rows.Add(("precision / recall / F1, GMM", $"{F(s.Precision)} / {F(s.Recall)} / <b>{F(s.F1)}</b>"));
            rows.Add(("precision / recall / F1, k-means", $"{F(k.Precision)} / {F(k.Recall)} / {F(k.F1)}"));
        }
        var sb = new System.Text.StringBuilder($"<table class=\"latent-clustering\"><caption>{E(r.Name)}: UMAP → GMM (AIC/BIC) → named clusters</caption><tbody>");
        foreach (var (name, v) in rows) sb.Append($"<tr><th style=\"text-align:left\">{E(name)}</th><td>{v}</td></tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
    static string E(object v) => WebUtility.HtmlEncode(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "");

    static (string, double)[] Rows(BinaryMetrics m) =>
    [
        ("precision", m.Precision), ("recall (sensitivity)", m.Recall), ("specificity", m.Specificity),
        ("F1", m.F1), ("negative predictive value", m.Npv), ("accuracy", m.Accuracy),
    ];

    internal static string Html(BinaryMetrics m)
    {
        var sb = new System.Text.StringBuilder("<table class=\"binary-metrics\"><tbody>");
        sb.Append($"<tr><th>TP / FP / TN / FN</th><td>{m.TruePositives} / {m.FalsePositives} / {m.TrueNegatives} / {m.FalseNegatives}</td></tr>");
        foreach (var (name, v) in Rows(m)) sb.Append($"<tr><th>{E(name)}</th><td style=\"text-align:right\">{F(v)}</td></tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    internal static string Text(BinaryMetrics m) =>
        $"TP {m.TruePositives}  FP {m.FalsePositives}  TN {m.TrueNegatives}  FN {m.FalseNegatives}\n" +
        string.Join("\n", Rows(m).Select(r => $"{r.Item1,-28}{F(r.Item2)}"));

    // The sweep shows as its Table, through the DataFrame formatter that lib/Plotting registers (dispatched by type
    // at display time, so this layer needs no reference to Plotting), with the lowest BIC and AIC under it.
    internal static string Html(ComponentSweep s) =>
        Formatter.ToDisplayString(s.Table, "text/html") + $"<p>lowest BIC: {s.Best} components; lowest AIC: {s.BestByAic}</p>";

    internal static string Text(ComponentSweep s) =>
        Formatter.ToDisplayString(s.Table, "text/plain") + $"\nlowest BIC: {s.Best} components; lowest AIC: {s.BestByAic}\n";
}
