using NotebookLib.Torch.Modules;

namespace NotebookLib.Torch;

public static partial class torch
{
    /// <summary>PyTorch's torch.nn: layer and loss factories with PyTorch's argument names and defaults.</summary>
    public static partial class nn
    {
        public static Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
            long dilation = 1, long groups = 1, bool bias = true) =>
            new(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), (padding, padding), (dilation, dilation), groups, bias);
        /// <summary>padding "same" (output as large as the input) or "valid" (no padding).</summary>
        public static Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, string padding, long stride = 1,
            long dilation = 1, long groups = 1, bool bias = true) => padding switch
            {
                "same" => new(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), null, (dilation, dilation), groups, bias, same: true),
                "valid" => new(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), (0, 0), (dilation, dilation), groups, bias),
                _ => throw new ArgumentException($"Conv2d padding must be a number, \"same\" or \"valid\", not \"{padding}\""),
            };
        public static ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
            long output_padding = 0, long groups = 1, bool bias = true, long dilation = 1) =>
            new(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), (padding, padding), (output_padding, output_padding), groups, bias, (dilation, dilation));
        public static MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
            new((kernel_size, kernel_size), (stride ?? kernel_size, stride ?? kernel_size), (padding, padding), (dilation, dilation), ceil_mode);
        public static AvgPool2d AvgPool2d(long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true) =>
            new((kernel_size, kernel_size), (stride ?? kernel_size, stride ?? kernel_size), (padding, padding), ceil_mode, count_include_pad);
        public static AdaptiveAvgPool2d AdaptiveAvgPool2d(long output_size) => new((output_size, output_size));
        public static AdaptiveAvgPool2d AdaptiveAvgPool2d((long, long) output_size) => new(output_size);
        public static Upsample Upsample(double scale_factor, string mode = "nearest", bool align_corners = false) =>
            new(null, (scale_factor, scale_factor), mode, align_corners);
        public static Upsample Upsample((long, long) size, string mode = "nearest", bool align_corners = false) => new(size, null, mode, align_corners);
        public static Linear Linear(long in_features, long out_features, bool bias = true) => new(in_features, out_features, bias);
        public static BatchNorm1d BatchNorm1d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true) =>
            new(num_features, eps, momentum, affine, track_running_stats);
        public static BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true) =>
            new(num_features, eps, momentum, affine, track_running_stats);
        public static Dropout Dropout(double p = 0.5) => new(p);
        public static ReLU ReLU() => new();
        public static LeakyReLU LeakyReLU(double negative_slope = 0.01) => new(negative_slope);
        public static Sigmoid Sigmoid() => new();
        public static Tanh Tanh() => new();
        public static GELU GELU() => new();
        public static Softmax Softmax(long dim) => new(dim);
        public static LogSoftmax LogSoftmax(long dim) => new(dim);
        public static Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);
        public static Identity Identity() => new();
        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);
        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);
        public static ModuleList ModuleList(params Module[] modules) => new(modules);

        public static MSELoss MSELoss(Reduction reduction = Reduction.Mean) => new(reduction);
        public static L1Loss L1Loss(Reduction reduction = Reduction.Mean) => new(reduction);
        public static BCELoss BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) => new(weight, reduction);
        public static BCEWithLogitsLoss BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weight = null) => new(weight, reduction, pos_weight);
        public static CrossEntropyLoss CrossEntropyLoss(Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0) =>
            new(weight, ignore_index, reduction, label_smoothing);
        public static NLLLoss NLLLoss(Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean) => new(weight, ignore_index, reduction);
    }
}
