using System.Globalization;
using System.Text;

namespace NotebookLib.Torch;

/// <summary>One row of a model summary: a leaf layer, its output shape (when an input shape was given) and its parameters.</summary>
public sealed record SummaryRow(string Name, string Type, long[]? OutputShape, long Parameters);

/// <summary>
/// Keras' model.summary() for a Module: the leaf layers in the order they run (or, without an
/// input shape, in registration order), each with its output shape and parameter count, then totals.
/// </summary>
public sealed record ModelSummary(string Model, long[]? InputShape, IReadOnlyList<SummaryRow> Rows, long TotalParameters, long TrainableParameters)
{
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>The summary of <paramref name="model"/>, run on a zero input of <paramref name="inputShape"/> when given;
    /// <paramref name="runningStatistics"/> counts batch normalisation's running means and variances as non-trainable
    /// parameters, as Keras does (PyTorch counts only parameters).</summary>
    internal static ModelSummary Of(Module model, long[]? inputShape, bool runningStatistics = false)
    {
        long Statistics(Module m, bool recurse) => runningStatistics
            ? m.named_buffers(recurse).Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal) || b.name.EndsWith("running_var", StringComparison.Ordinal)).Sum(b => b.buffer.numel())
            : 0;
        var total = model.parameter_count() + Statistics(model, true);
        var trainable = model.parameter_count(trainable_only: true);
        var names = model.named_modules().ToDictionary(e => (object)e.module, e => e.name, ReferenceEqualityComparer.Instance);
        long Own(Module m) => m.parameters(recurse: false).Sum(p => p.numel()) + Statistics(m, false);
        List<SummaryRow> rows;
        if (inputShape is null)
        {
            rows = model.named_modules().Where(e => !e.module.children().Any() && !ReferenceEquals(e.module, model))
                .Select(e => new SummaryRow(e.name, e.module.GetType().Name, null, Own(e.module))).ToList();
        }
        else
        {
            if (model is not Module<Tensor, Tensor> runnable)
                throw new ArgumentException($"{model.GetType().Name} does not take one tensor, so the summary cannot run it on an input of shape {Shapes.Format(inputShape)}");
            var recorder = new SummaryRecorder();
            var wasTraining = model.training;
            var device = model.parameters().FirstOrDefault()?.device ?? Device.CPU;
            var dtype = model.parameters().FirstOrDefault()?.dtype ?? ScalarType.Float32;
            model.eval();
            try
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                using var input = torch.zeros(inputShape, dtype, device);
                SummaryRecorder.Current = recorder;
                runnable.call(input);
            }
            finally
            {
                SummaryRecorder.Current = null;
                model.train(wasTraining);
            }
            rows = recorder.Calls.Where(c => !c.module.children().Any() && !ReferenceEquals(c.module, model))
                .Select(c => new SummaryRow(names.GetValueOrDefault(c.module, "?"), c.module.GetType().Name, c.shape, Own(c.module))).ToList();
            // Layers with parameters that forward() did not reach still count in the totals; list them too.
            foreach (var (name, m) in model.named_modules())
                if (!m.children().Any() && !ReferenceEquals(m, model) && Own(m) > 0 && !recorder.Calls.Any(c => ReferenceEquals(c.module, m)))
                    rows.Add(new SummaryRow(name, m.GetType().Name, null, Own(m)));
        }
        return new ModelSummary(model.GetType().Name, inputShape, rows, total, trainable);
    }

    static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    static string ShapeText(long[]? s) => s is null ? "-" : "(" + string.Join(", ", s) + ")";

    public override string ToString()
    {
        var header = new[] { "Layer (type)", "Output Shape", "Param #" };
        var cells = Rows.Select(r => new[] { $"{r.Name} ({r.Type})", ShapeText(r.OutputShape), N(r.Parameters) }).ToList();
        var w = Enumerable.Range(0, 3).Select(i => cells.Select(c => c[i].Length).Append(header[i].Length).Max() + 2).ToArray();
        var width = w.Sum();
        var sb = new StringBuilder();
        sb.Append("Model: \"").Append(Model).Append('"');
        if (InputShape is not null) sb.Append(", input ").Append(ShapeText(InputShape));
        sb.Append('\n').Append('─', width).Append('\n');
        sb.Append(header[0].PadRight(w[0])).Append(header[1].PadRight(w[1])).Append(header[2].PadLeft(w[2] - 2)).Append('\n');
        sb.Append('═', width).Append('\n');
        foreach (var c in cells) sb.Append(c[0].PadRight(w[0])).Append(c[1].PadRight(w[1])).Append(c[2].PadLeft(w[2] - 2)).Append('\n');
        sb.Append('═', width).Append('\n');
        sb.Append("Total params: ").Append(N(TotalParameters)).Append('\n');
        sb.Append("Trainable params: ").Append(N(TrainableParameters)).Append('\n');
        sb.Append("Non-trainable params: ").Append(N(NonTrainableParameters)).Append('\n');
        return sb.ToString();
    }
}

/// <summary>Collects (module, output shape) from Module.call while a summary runs the model.</summary>
internal sealed class SummaryRecorder
{
    [ThreadStatic] internal static SummaryRecorder? Current;
    public List<(Module module, long[]? shape)> Calls { get; } = [];
    public void Record<T>(Module module, T output) => Calls.Add((module, output is Tensor t ? t.shape : null));
}
