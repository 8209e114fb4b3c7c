using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Torch;

/// <summary>How notebooks show tensors (shape, dtype, device and the leading/trailing values),
/// models and model summaries (a Keras-like table with parameter counts).</summary>
static class Formatters
{
    [ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<Tensor>((t, w) => w.Write(TensorHtml(t)), "text/html");
        Formatter.Register<Tensor>((t, w) => w.Write(t.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(Tensor), "text/html", "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(Parameter), "text/html", "text/plain");

        Formatter.Register<ModelSummary>((s, w) => w.Write(SummaryHtml(s)), "text/html");
        Formatter.Register<ModelSummary>((s, w) => w.Write(s.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ModelSummary), "text/html", "text/plain");

        Formatter.Register<Module>((m, w) => w.Write(SummaryHtml(m.summary())), "text/html");
        Formatter.Register<Module>((m, w) => w.Write(m.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(Module), "text/html", "text/plain");
    }

    static string E(string s) => WebUtility.HtmlEncode(s);

    internal static string TensorHtml(Tensor t)
    {
        if (t.IsDisposed) return "<code>tensor(disposed)</code>";
        var sb = new StringBuilder("<div class=\"nbt-tensor\"><table><tr>");
        sb.Append("<th>shape</th><td>").Append(E(Shapes.Format(t.shape))).Append("</td>");
        sb.Append("<th>dtype</th><td>").Append(t.dtype.Name()).Append("</td>");
        sb.Append("<th>device</th><td>").Append(E(t.device.Name)).Append("</td>");
        if (t.requires_grad) sb.Append("<th>requires_grad</th><td>True</td>");
        sb.Append("</tr></table><pre>").Append(E(t.ToString())).Append("</pre></div>");
        return sb.ToString();
    }

    internal static string SummaryHtml(ModelSummary s)
    {
        var sb = new StringBuilder("<div class=\"nbt-summary\"><b>Model: ").Append(E(s.Model)).Append("</b>");
        if (s.InputShape is not null) sb.Append(" — input (").Append(string.Join(", ", s.InputShape)).Append(')');
        sb.Append("<table><thead><tr><th style=\"text-align:left\">Layer (type)</th><th style=\"text-align:left\">Output Shape</th><th style=\"text-align:right\">Param #</th></tr></thead><tbody>");
        foreach (var r in s.Rows)
            sb.Append("<tr><td style=\"text-align:left\">").Append(E($"{r.Name} ({r.Type})")).Append("</td><td style=\"text-align:left\">")
              .Append(r.OutputShape is null ? "-" : "(" + string.Join(", ", r.OutputShape) + ")").Append("</td><td style=\"text-align:right\">")
              .Append(r.Parameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td></tr>");
        sb.Append("</tbody></table>");
        sb.Append("<div>Total params: ").Append(s.TotalParameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
          .Append("<br>Trainable params: ").Append(s.TrainableParameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
          .Append("<br>Non-trainable params: ").Append(s.NonTrainableParameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
          .Append("</div></div>");
        return sb.ToString();
    }
}
