using System.Globalization;
using System.Net;
using System.Text;
using NotebookLib.Analysis;

namespace NotebookLib.Plotting;

/// <summary>
/// How a confusion matrix (lib/Analysis' <see cref="ConfusionMatrix"/>) shows, as scikit-learn's
/// ConfusionMatrixDisplay: an HTML table with counts, percentages of each true class and totals, and a
/// text table; <see cref="Plot.ConfusionMatrix"/> draws the heatmap.
/// </summary>
internal static class ConfusionMatrices
{
    public static string ToHtml(ConfusionMatrix m)
    {
        var n = m.Labels.Length;
        var sb = new StringBuilder("<table class=\"notebooklib-table notebooklib-confusion\"><caption>Confusion matrix (rows: true class, columns: predicted)</caption><thead><tr><th></th>");
        foreach (var c in m.ClassNames) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("<th>total</th></tr></thead><tbody>");
        for (var i = 0; i < n; i++)
        {
            sb.Append("<tr><th>").Append(WebUtility.HtmlEncode(m.ClassNames[i])).Append("</th>");
            for (var j = 0; j < n; j++)
            {
                var f = m.RowFraction(i, j);
                // Shade by the fraction of the true class, darker on the diagonal's good cells.
                var shade = (int)Math.Round(255 - 140 * f);
                sb.Append(CultureInfo.InvariantCulture, $"<td style=\"background:rgb({shade},{shade},255)\">{m.Counts[i, j]}<br><small>{100 * f:F1}%</small></td>");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<td>{m.RowTotal(i)}</td></tr>");
        }
        sb.Append("<tr><th>total</th>");
        for (var j = 0; j < n; j++)
        {
            long column = 0;
            for (var i = 0; i < n; i++) column += m.Counts[i, j];
            sb.Append(CultureInfo.InvariantCulture, $"<td>{column}</td>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<td>{m.Total}</td></tr></tbody></table>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"notebooklib-note\">accuracy {100 * m.Accuracy:F1}% of {m.Total}</p>");
        return sb.ToString();
    }

    public static string ToText(ConfusionMatrix m)
    {
        var n = m.Labels.Length;
        var counts = Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, n).Select(j => m.Counts[i, j]));
        var width = Math.Max(m.ClassNames.Max(c => c.Length), counts.Select(c => c.ToString(CultureInfo.InvariantCulture).Length).DefaultIfEmpty(1).Max()) + 2;
        var sb = new StringBuilder("true \\ predicted\n");
        sb.Append(new string(' ', width)).AppendLine(string.Concat(m.ClassNames.Select(c => c.PadLeft(width))));
        for (var i = 0; i < n; i++)
            sb.Append(m.ClassNames[i].PadLeft(width)).AppendLine(string.Concat(Enumerable.Range(0, n).Select(j => m.Counts[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(width))));
        sb.Append(CultureInfo.InvariantCulture, $"accuracy {100 * m.Accuracy:F1}% of {m.Total}");
        return sb.ToString();
    }
}
