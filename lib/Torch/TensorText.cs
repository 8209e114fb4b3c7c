using System.Globalization;
using System.Text;

namespace NotebookLib.Torch;

/// <summary>PyTorch-like text for a tensor: at most 3 leading and 3 trailing entries per dimension
/// (only those are copied from the device), then shape, dtype and device.</summary>
internal static class TensorText
{
    const int Edge = 3;

    public static string Format(Tensor t)
    {
        if (t.IsDisposed) return "tensor(disposed)";
        var shape = t.shape;
        var sb = new StringBuilder("tensor(");
        AppendValues(t, sb, shape);
        sb.Append(", shape=").Append(Shapes.Format(shape)).Append(", dtype=").Append(t.dtype.Name());
        var device = t.device;
        if (device.Name != "cpu") sb.Append(", device=").Append(device.Name);
        if (t.requires_grad) sb.Append(", requires_grad=True");
        return sb.Append(')').ToString();
    }

    /// <summary>The entries shown (summarised as PyTorch does past 1000 elements), as doubles, with their summary shape.</summary>
    internal static (double[] values, long[] shown, bool[] cut) Values(Tensor t, long[] shape)
    {
        var summarise = t.numel() > 1000;
        var cut = shape.Select(n => summarise && n > 2 * Edge).ToArray();
        using var scope = torch.NewDisposeScope();
        var s = t.detach();
        for (var d = 0; d < shape.Length; d++)
            if (cut[d]) s = torch.cat([s.narrow(d, 0, Edge), s.narrow(d, shape[d] - Edge, Edge)], d);
        var values = s.to(ScalarType.Float64).data<double>();
        return (values, s.shape, cut);
    }

    static void AppendValues(Tensor t, StringBuilder sb, long[] shape)
    {
        var (values, shown, cut) = Values(t, shape);
        var isFloat = t.dtype.IsFloatingPoint();
        var isBool = t.dtype == ScalarType.Bool;
        var text = values.Select(v => isBool ? (v != 0 ? "True" : "False") : isFloat ? FormatFloat(v) : v.ToString("0", CultureInfo.InvariantCulture)).ToArray();
        var width = text.Length == 0 ? 0 : text.Max(s => s.Length);
        var pos = 0;
        void Walk(int d, int indent)
        {
            if (d == shown.Length) { sb.Append(text[pos++].PadLeft(width)); return; }
            sb.Append('[');
            for (var i = 0; i < shown[d]; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                    if (d == shown.Length - 1) sb.Append(' ');
                    else sb.Append('\n', shown.Length - 1 - d).Append(' ', indent + 1);
                }
                if (cut[d] && i == Edge)
                {
                    sb.Append("...,");
                    if (d == shown.Length - 1) sb.Append(' ');
                    else sb.Append('\n', shown.Length - 1 - d).Append(' ', indent + 1);
                }
                Walk(d + 1, indent + 1);
            }
            sb.Append(']');
        }
        Walk(0, "tensor(".Length);
    }

    static string FormatFloat(double v) =>
        double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf"
        : v != 0 && (Math.Abs(v) >= 1e5 || Math.Abs(v) < 1e-4) ? v.ToString("0.0000e+00", CultureInfo.InvariantCulture)
        : v.ToString("0.0000", CultureInfo.InvariantCulture);
}
