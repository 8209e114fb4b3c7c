using NotebookLib.Torch.Optim;

namespace NotebookLib.Torch;

public static partial class torch
{
    /// <summary>PyTorch's torch.optim, with its defaults.</summary>
    public static class optim
    {
        public static unsafe Optimizer SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false) =>
            new("SGD", parameters, h => { fixed (IntPtr* p = h) return Native.nbt_sgd(p, h.Length, lr, momentum, dampening, weight_decay, nesterov ? 1 : 0); });
        public static unsafe Optimizer Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
            new("Adam", parameters, h => { fixed (IntPtr* p = h) return Native.nbt_adam(p, h.Length, lr, beta1, beta2, eps, weight_decay, amsgrad ? 1 : 0, 0); });
        /// <summary>Adam with decoupled weight decay (default 0.01, as PyTorch).</summary>
        public static unsafe Optimizer AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false) =>
            new("AdamW", parameters, h => { fixed (IntPtr* p = h) return Native.nbt_adam(p, h.Length, lr, beta1, beta2, eps, weight_decay, amsgrad ? 1 : 0, 1); });

        /// <summary>Adadelta (Zeiler 2012) with PyTorch's update and defaults (lr 1, rho 0.9, eps 1e-6); Keras'
        /// "adadelta" is the same rule with rho 0.95, eps 1e-7 and learning_rate 0.001.</summary>
        public static unsafe Optimizer Adadelta(IEnumerable<Parameter> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
            double weight_decay = 0) =>
            new("Adadelta", parameters, h => { fixed (IntPtr* p = h) return Native.nbt_adadelta(p, h.Length, lr, rho, eps, weight_decay); });

        public static class lr_scheduler
        {
            public static StepLR StepLR(Optimizer optimizer, int step_size, double gamma = 0.1) => new(optimizer, step_size, gamma);
            public static ReduceLROnPlateau ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10,
                double threshold = 1e-4, string threshold_mode = "rel", int cooldown = 0, double min_lr = 0) =>
                new(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr);
        }
    }
}
