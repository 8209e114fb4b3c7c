using F = NotebookLib.Torch.torch.nn.functional;

namespace NotebookLib.Torch.Modules;

/// <summary>2-D convolution over (N, C, H, W), initialised as PyTorch does (uniform ±1/√fan_in).</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public long in_channels { get; }
    public long out_channels { get; }
    public (long, long) kernel_size { get; }
    public (long, long) stride { get; }
    public (long, long) padding { get; }
    public (long, long) dilation { get; }
    public long groups { get; }
    public Parameter weight { get; }
    public Parameter? bias { get; }

    /// <summary>padding: explicit, or null with same = true for PyTorch's padding="same" (stride 1, odd effective kernel).</summary>
    public Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
        (long, long)? dilation = null, long groups = 1, bool bias = true, bool same = false)
    {
        if (in_channels <= 0 || out_channels <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"Conv2d channels must be positive and divisible by groups: in {in_channels}, out {out_channels}, groups {groups}");
        this.in_channels = in_channels; this.out_channels = out_channels; this.kernel_size = kernel_size;
        this.stride = stride ?? (1, 1); this.dilation = dilation ?? (1, 1); this.groups = groups;
        if (same)
        {
            var (k1, k2) = kernel_size; var (d1, d2) = this.dilation;
            if (this.stride != (1, 1) || (d1 * (k1 - 1)) % 2 != 0 || (d2 * (k2 - 1)) % 2 != 0)
                throw new ArgumentException($"padding='same' needs stride 1 and an odd effective kernel, not kernel {kernel_size}, stride {this.stride}, dilation {this.dilation}");
            this.padding = (d1 * (k1 - 1) / 2, d2 * (k2 - 1) / 2);
        }
        else this.padding = padding ?? (0, 0);
        var fanIn = in_channels / groups * kernel_size.Item1 * kernel_size.Item2;
        var bound = 1 / Math.Sqrt(fanIn);
        using var scope = torch.NewDisposeScope();
        weight = new Parameter(torch.empty([out_channels, in_channels / groups, kernel_size.Item1, kernel_size.Item2]).uniform_(-bound, bound));
        register_parameter("weight", weight);
        if (bias)
        {
            this.bias = new Parameter(torch.empty([out_channels]).uniform_(-bound, bound));
            register_parameter("bias", this.bias);
        }
    }

    public override Tensor forward(Tensor input) => F.conv2d(input, weight, bias, stride, padding, dilation, groups);
}

/// <summary>2-D transposed convolution (learned upsampling), weight (in, out/groups, kH, kW) as in PyTorch.</summary>
public sealed class ConvTranspose2d : Module<Tensor, Tensor>
{
    public (long, long) stride { get; }
    public (long, long) padding { get; }
    public (long, long) output_padding { get; }
    public (long, long) dilation { get; }
    public long groups { get; }
    public Parameter weight { get; }
    public Parameter? bias { get; }

    public ConvTranspose2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
        (long, long)? output_padding = null, long groups = 1, bool bias = true, (long, long)? dilation = null)
    {
        if (in_channels <= 0 || out_channels <= 0 || in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"ConvTranspose2d channels must be positive and divisible by groups: in {in_channels}, out {out_channels}, groups {groups}");
        this.stride = stride ?? (1, 1); this.padding = padding ?? (0, 0); this.output_padding = output_padding ?? (0, 0);
        this.dilation = dilation ?? (1, 1); this.groups = groups;
        // PyTorch computes fan_in from weight dimension 1: out_channels / groups × kernel area.
        var fanIn = out_channels / groups * kernel_size.Item1 * kernel_size.Item2;
        var bound = 1 / Math.Sqrt(fanIn);
        using var scope = torch.NewDisposeScope();
        weight = new Parameter(torch.empty([in_channels, out_channels / groups, kernel_size.Item1, kernel_size.Item2]).uniform_(-bound, bound));
        register_parameter("weight", weight);
        if (bias)
        {
            this.bias = new Parameter(torch.empty([out_channels]).uniform_(-bound, bound));
            register_parameter("bias", this.bias);
        }
    }

    public override Tensor forward(Tensor input) => F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation);
}

/// <summary>y = x Wᵀ + b over the last dimension.</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public long in_features { get; }
    public long out_features { get; }
    public Parameter weight { get; }
    public Parameter? bias { get; }

    public Linear(long in_features, long out_features, bool bias = true)
    {
        if (in_features <= 0 || out_features <= 0)
            throw new ArgumentException($"Linear features must be positive: in {in_features}, out {out_features}");
        this.in_features = in_features; this.out_features = out_features;
        var bound = 1 / Math.Sqrt(in_features);
        using var scope = torch.NewDisposeScope();
        weight = new Parameter(torch.empty([out_features, in_features]).uniform_(-bound, bound));
        register_parameter("weight", weight);
        if (bias)
        {
            this.bias = new Parameter(torch.empty([out_features]).uniform_(-bound, bound));
            register_parameter("bias", this.bias);
        }
    }

    public override Tensor forward(Tensor input) => F.linear(input, weight, bias);
}
