namespace NotebookLib.Torch;

/// <summary>How a loss reduces its per-element values: None keeps them (per-sample losses, as
/// co-teaching needs), Mean and Sum reduce to one number. Numbered as libtorch's at::Reduction.</summary>
public enum Reduction { None = 0, Mean = 1, Sum = 2 }

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>PyTorch's torch.nn.functional: the computations the layers and losses call.</summary>
        public static class functional
        {
            static IntPtr H(Tensor? t) => t?.Handle ?? IntPtr.Zero;

            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, (long, long)? stride = null,
                (long, long)? padding = null, (long, long)? dilation = null, long groups = 1)
            {
                var s = stride ?? (1, 1); var p = padding ?? (0, 0); var d = dilation ?? (1, 1);
                long* sp = stackalloc long[] { s.Item1, s.Item2 }; long* pp = stackalloc long[] { p.Item1, p.Item2 }; long* dp = stackalloc long[] { d.Item1, d.Item2 };
                return new Tensor(Native.nbt_conv2d(input.Handle, weight.Handle, H(bias), sp, pp, dp, groups));
            }
            public static unsafe Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, (long, long)? stride = null,
                (long, long)? padding = null, (long, long)? output_padding = null, long groups = 1, (long, long)? dilation = null)
            {
                var s = stride ?? (1, 1); var p = padding ?? (0, 0); var o = output_padding ?? (0, 0); var d = dilation ?? (1, 1);
                long* sp = stackalloc long[] { s.Item1, s.Item2 }; long* pp = stackalloc long[] { p.Item1, p.Item2 };
                long* op = stackalloc long[] { o.Item1, o.Item2 }; long* dp = stackalloc long[] { d.Item1, d.Item2 };
                return new Tensor(Native.nbt_conv_transpose2d(input.Handle, weight.Handle, H(bias), sp, pp, op, dp, groups));
            }
            public static unsafe Tensor max_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null,
                (long, long)? padding = null, (long, long)? dilation = null, bool ceil_mode = false)
            {
                var s = stride ?? kernel_size; var p = padding ?? (0, 0); var d = dilation ?? (1, 1);
                long* kp = stackalloc long[] { kernel_size.Item1, kernel_size.Item2 }; long* sp = stackalloc long[] { s.Item1, s.Item2 };
                long* pp = stackalloc long[] { p.Item1, p.Item2 }; long* dp = stackalloc long[] { d.Item1, d.Item2 };
                return new Tensor(Native.nbt_max_pool2d(input.Handle, kp, sp, pp, dp, ceil_mode ? 1 : 0));
            }
            public static unsafe Tensor avg_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null,
                (long, long)? padding = null, bool ceil_mode = false, bool count_include_pad = true)
            {
                var s = stride ?? kernel_size; var p = padding ?? (0, 0);
                long* kp = stackalloc long[] { kernel_size.Item1, kernel_size.Item2 }; long* sp = stackalloc long[] { s.Item1, s.Item2 };
                long* pp = stackalloc long[] { p.Item1, p.Item2 };
                return new Tensor(Native.nbt_avg_pool2d(input.Handle, kp, sp, pp, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0));
            }
            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, (long, long) output_size)
            {
                long* o = stackalloc long[] { output_size.Item1, output_size.Item2 };
                return new Tensor(Native.nbt_adaptive_avg_pool2d(input.Handle, o));
            }
            /// <summary>Resizes the last two dimensions to size or by scale_factor; mode "nearest" or "bilinear".</summary>
            public static unsafe Tensor interpolate(Tensor input, (long, long)? size = null, (double, double)? scale_factor = null,
                string mode = "nearest", bool align_corners = false)
            {
                if (size.HasValue == scale_factor.HasValue)
                    throw new ArgumentException("interpolate takes either size or scale_factor, not both or neither");
                var m = mode switch { "nearest" => 0, "bilinear" => 1, _ => throw new ArgumentException($"interpolation mode must be nearest or bilinear, not '{mode}'") };
                var sz = size ?? (0, 0); var sc = scale_factor ?? (0, 0);
                long* sp = stackalloc long[] { sz.Item1, sz.Item2 }; double* cp = stackalloc double[] { sc.Item1, sc.Item2 };
                return new Tensor(Native.nbt_interpolate(input.Handle, size.HasValue ? sp : null, scale_factor.HasValue ? cp : null, m, align_corners ? 1 : 0));
            }
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) => new(Native.nbt_linear(input.Handle, weight.Handle, H(bias)));
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                new(Native.nbt_batch_norm(input.Handle, H(weight), H(bias), H(running_mean), H(running_var), training ? 1 : 0, momentum, eps));
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true) =>
                p is >= 0 and <= 1 ? new(Native.nbt_dropout(input.Handle, p, training ? 1 : 0)) : throw new ArgumentException($"dropout probability must be in [0, 1], not {p}");
            public static Tensor relu(Tensor input) => input.relu();
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01) => new(Native.nbt_leaky_relu(input.Handle, negative_slope));
            public static Tensor sigmoid(Tensor input) => input.sigmoid();
            public static Tensor tanh(Tensor input) => input.tanh();
            public static Tensor softmax(Tensor input, long dim) => input.softmax(dim);
            public static Tensor log_softmax(Tensor input, long dim) => input.log_softmax(dim);

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(Native.nbt_mse_loss(input.Handle, target.Handle, (long)reduction));
            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(Native.nbt_l1_loss(input.Handle, target.Handle, (long)reduction));
            /// <summary>Binary cross-entropy of probabilities in [0, 1].</summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
                new(Native.nbt_bce_loss(input.Handle, target.Handle, H(weight), (long)reduction));
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Tensor? pos_weight = null, Reduction reduction = Reduction.Mean) =>
                new(Native.nbt_bce_with_logits_loss(input.Handle, target.Handle, H(weight), H(pos_weight), (long)reduction));
            /// <summary>Cross-entropy of logits (N, C) against class indices (N) or class probabilities (N, C).</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
                long ignore_index = -100, double label_smoothing = 0) =>
                new(Native.nbt_cross_entropy_loss(input.Handle, target.Handle, H(weight), (long)reduction, ignore_index, label_smoothing));
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignore_index = -100) =>
                new(Native.nbt_nll_loss(input.Handle, target.Handle, H(weight), (long)reduction, ignore_index));
        }

        /// <summary>Parameter initialisers (in place, without recording gradients).</summary>
        public static class init
        {
            static Tensor NoGrad(Tensor t, Func<Tensor, Tensor> f) { using (no_grad()) f(t); return t; }
            public static Tensor uniform_(Tensor t, double a = 0, double b = 1) => NoGrad(t, x => x.uniform_(a, b));
            public static Tensor normal_(Tensor t, double mean = 0, double std = 1) => NoGrad(t, x => x.normal_(mean, std));
            public static Tensor constant_(Tensor t, double value) => NoGrad(t, x => x.fill_(value));
            public static Tensor zeros_(Tensor t) => constant_(t, 0);
            public static Tensor ones_(Tensor t) => constant_(t, 1);
            public static (long fanIn, long fanOut) CalculateFans(Tensor t)
            {
                var s = t.shape;
                if (s.Length < 2) throw new ArgumentException($"fan in and fan out need at least 2 dimensions, not shape {Shapes.Format(s)}");
                var receptive = s.Skip(2).Aggregate(1L, (a, b) => a * b);
                return (s[1] * receptive, s[0] * receptive);
            }
            /// <summary>He initialisation, uniform; a is the negative slope of the rectifier after the layer.</summary>
            public static Tensor kaiming_uniform_(Tensor t, double a = 0, bool fanIn = true)
            {
                var (i, o) = CalculateFans(t);
                var gain = Math.Sqrt(2.0 / (1 + a * a));
                var bound = gain * Math.Sqrt(3.0 / (fanIn ? i : o));
                return uniform_(t, -bound, bound);
            }
            public static Tensor xavier_uniform_(Tensor t, double gain = 1)
            {
                var (i, o) = CalculateFans(t);
                var bound = gain * Math.Sqrt(6.0 / (i + o));
                return uniform_(t, -bound, bound);
            }
        }
    }
}
