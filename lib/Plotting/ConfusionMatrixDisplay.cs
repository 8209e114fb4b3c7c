using System.Globalization;
using System.Net;
using System.Text;

namespace NotebookLib.Plotting;

/// <summary>
/// A confusion matrix to show (as scikit-learn's ConfusionMatrixDisplay): counts[i][j] is the number of
/// samples of true class i predicted as class j. Displays as an HTML table with counts, percentages of
/// each true class and totals; <see cref="ToFigure"/> gives the heatmap.
/// </summary>
public sealed class ConfusionMatrixDisplay
{
    public ConfusionMatrixDisplay(int[][] counts, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classNames);
        var n = classNames.Count;
        if (n == 0) throw new ArgumentException("no class names given", nameof(classNames));
        if (counts.Length != n || counts.Any(r => r is null || r.Length != n))
            throw new ArgumentException($"counts is {counts.Length}×{(counts.Length > 0 ? counts[0]?.Length ?? 0 : 0)} (or ragged) but there are {n} classes: it must be {n}×{n}", nameof(counts));
        if (counts.Any(r => r.Any(c => c < 0))) throw new ArgumentException("counts must not be negative", nameof(counts));
        Counts = counts;
        ClassNames = classNames;
    }

    public int[][] Counts { get; }
    public IReadOnlyList<string> ClassNames { get; }

    public int Total => Counts.Sum(r => r.Sum());

    /// <summary>Fraction of the correctly classified samples.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Enumerable.Range(0, ClassNames.Count).Sum(i => Counts[i][i]) / Total;

    /// <summary>counts[i][j] over the samples of true class i (0 when the class has none).</summary>
    public double RowFraction(int i, int j)
    {
        var row = Counts[i].Sum();
        return row == 0 ? 0 : (double)Counts[i][j] / row;
    }

    public Figure ToFigure() => Plot.ConfusionMatrix(Counts, ClassNames);

    public string ToHtml()
    {
        var n = ClassNames.Count;
        var sb = new StringBuilder("<table class=\"notebooklib-table notebooklib-confusion\"><caption>Confusion matrix (rows: true class, columns: predicted)</caption><thead><tr><th></th>");
        foreach (var c in ClassNames) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("<th>total</th></tr></thead><tbody>");
        for (var i = 0; i < n; i++)
        {
            sb.Append("<tr><th>").Append(WebUtility.HtmlEncode(ClassNames[i])).Append("</th>");
            for (var j = 0; j < n; j++)
            {
                var f = RowFraction(i, j);
                // Shade by the fraction of the true class, darker on the diagonal's good cells.
                var shade = (int)Math.Round(255 - 140 * f);
                sb.Append(CultureInfo.InvariantCulture, $"<td style=\"background:rgb({shade},{shade},255)\">{Counts[i][j]}<br><small>{100 * f:F1}%</small></td>");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<td>{Counts[i].Sum()}</td></tr>");
        }
        sb.Append("<tr><th>total</th>");
        for (var j = 0; j < n; j++) sb.Append(CultureInfo.InvariantCulture, $"<td>{Enumerable.Range(0, n).Sum(i => Counts[i][j])}</td>");
        sb.Append(CultureInfo.InvariantCulture, $"<td>{Total}</td></tr></tbody></table>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"notebooklib-note\">accuracy {100 * Accuracy:F1}% of {Total}</p>");
        return sb.ToString();
    }

    public override string ToString()
    {
        var width = Math.Max(ClassNames.Max(c => c.Length), Counts.SelectMany(r => r).Select(c => c.ToString(CultureInfo.InvariantCulture).Length).DefaultIfEmpty(1).Max()) + 2;
        var sb = new StringBuilder("true \\ predicted\n");
        sb.Append(new string(' ', width)).AppendLine(string.Concat(ClassNames.Select(c => c.PadLeft(width))));
        for (var i = 0; i < ClassNames.Count; i++)
            sb.Append(ClassNames[i].PadLeft(width)).AppendLine(string.Concat(Counts[i].Select(c => c.ToString(CultureInfo.InvariantCulture).PadLeft(width))));
        sb.Append(CultureInfo.InvariantCulture, $"accuracy {100 * Accuracy:F1}% of {Total}");
        return sb.ToString();
    }
}
