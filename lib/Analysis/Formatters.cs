using System.Globalization;
using System.Net;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Analysis;

/// <summary>Notebook displays of the analysis results: confusion matrices, binary metrics and the
/// AIC/BIC table of a component sweep as HTML tables (text/plain alongside).</summary>
internal static class Formatters
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<ConfusionMatrix>((m, w) => w.Write(Html(m)), "text/html");
        Formatter.Register<ConfusionMatrix>((m, w) => w.Write(Text(m)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ConfusionMatrix), "text/html", "text/plain");

        Formatter.Register<BinaryMetrics>((m, w) => w.Write(Html(m)), "text/html");
        Formatter.Register<BinaryMetrics>((m, w) => w.Write(Text(m)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(BinaryMetrics), "text/html", "text/plain");

        Formatter.Register<ComponentSweep>((s, w) => w.Write(Html(s)), "text/html");
        Formatter.Register<ComponentSweep>((s, w) => w.Write(Text(s)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ComponentSweep), "text/html", "text/plain");
    }

    static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
    static string E(object v) => WebUtility.HtmlEncode(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "");

    internal static string Html(ConfusionMatrix m)
    {
        var sb = new System.Text.StringBuilder("<table class=\"confusion-matrix\"><thead><tr><th>true \\ predicted</th>");
        foreach (var l in m.Labels) sb.Append($"<th>{E(l)}</th>");
        sb.Append("</tr></thead><tbody>");
        long max = Math.Max(1, m.Counts.Cast<long>().Max());
        for (int i = 0; i < m.Labels.Length; i++)
        {
            sb.Append($"<tr><th>{E(m.Labels[i])}</th>");
            for (int j = 0; j < m.Labels.Length; j++)
            {
                // shade by count, darker on the diagonal's scale, so the eye finds the confusions
                double a = 0.1 + 0.6 * m.Counts[i, j] / max;
                var hue = i == j ? "31,119,180" : "214,39,40";
                sb.Append($"<td style=\"text-align:right;background:rgba({hue},{F(a)})\">{m.Counts[i, j]}</td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    internal static string Text(ConfusionMatrix m)
    {
        var width = Math.Max(6, m.Counts.Cast<long>().Select(c => c.ToString(CultureInfo.InvariantCulture).Length).Append(m.Labels.Max(l => l.ToString(CultureInfo.InvariantCulture).Length)).Max() + 1);
        var sb = new System.Text.StringBuilder("true\\pred".PadRight(width + 4));
        foreach (var l in m.Labels) sb.Append(l.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        sb.AppendLine();
        for (int i = 0; i < m.Labels.Length; i++)
        {
            sb.Append(m.Labels[i].ToString(CultureInfo.InvariantCulture).PadRight(width + 4));
            for (int j = 0; j < m.Labels.Length; j++) sb.Append(m.Counts[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            sb.AppendLine();
        }
        return sb.ToString();
    }

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

    internal static string Html(ComponentSweep s)
    {
        var sb = new System.Text.StringBuilder("<table class=\"component-sweep\"><thead><tr><th>components</th><th>log-likelihood</th><th>AIC</th><th>BIC</th><th>converged</th></tr></thead><tbody>");
        foreach (var r in s.Rows)
        {
            var style = r.Components == s.Best ? " style=\"font-weight:bold\"" : "";
            sb.Append($"<tr{style}><td>{r.Components}</td><td>{r.LogLikelihood:F1}</td><td>{r.Aic:F1}</td><td>{r.Bic:F1}</td><td>{(r.Converged ? "yes" : "no")}</td></tr>");
        }
        return sb.Append($"</tbody></table><p>lowest BIC: {s.Best} components; lowest AIC: {s.BestByAic}</p>").ToString();
    }

    internal static string Text(ComponentSweep s) =>
        $"{"k",4}{"log L",14}{"AIC",14}{"BIC",14}\n" +
        string.Join("\n", s.Rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Components,4}{r.LogLikelihood,14:F1}{r.Aic,14:F1}{r.Bic,14:F1}{(r.Components == s.Best ? "  ← best BIC" : "")}"))) + "\n";
}
