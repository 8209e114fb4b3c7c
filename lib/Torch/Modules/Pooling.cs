using F = NotebookLib.Torch.torch.nn.functional;

namespace NotebookLib.Torch.Modules;

public sealed class MaxPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
    (long, long)? dilation = null, bool ceil_mode = false) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);
}

public sealed class AvgPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
    bool ceil_mode = false, bool count_include_pad = true) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad);
}

public sealed class AdaptiveAvgPool2d((long, long) output_size) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => F.adaptive_avg_pool2d(input, output_size);
}

/// <summary>Resizes (N, C, H, W) by scale_factor or to size; mode "nearest" or "bilinear".</summary>
public sealed class Upsample : Module<Tensor, Tensor>
{
    readonly (long, long)? size;
    readonly (double, double)? scale;
    readonly string mode;
    readonly bool alignCorners;

    public Upsample((long, long)? size = null, (double, double)? scale_factor = null, string mode = "nearest", bool align_corners = false)
    {
        if (size.HasValue == scale_factor.HasValue) throw new ArgumentException("Upsample takes either size or scale_factor");
        if (mode is not ("nearest" or "bilinear")) throw new ArgumentException($"Upsample mode must be nearest or bilinear, not '{mode}'");
        this.size = size; scale = scale_factor; this.mode = mode; alignCorners = align_corners;
    }

    public override Tensor forward(Tensor input) => F.interpolate(input, size, scale, mode, alignCorners);
}

/// <summary>Flattens dimensions start_dim..end_dim (by default all but the batch).</summary>
public sealed class Flatten(long start_dim = 1, long end_dim = -1) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);
}

public sealed class Identity : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input.alias();
}
