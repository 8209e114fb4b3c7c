namespace NotebookLib.Torch.Optim;

/// <summary>Multiplies the learning rate by gamma every step_size epochs (call step() once per epoch).</summary>
public sealed class StepLR
{
    readonly Optimizer optimizer;
    readonly double baseLr;
    public int step_size { get; }
    public double gamma { get; }
    public int last_epoch { get; private set; }

    public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1)
    {
        if (step_size <= 0) throw new ArgumentException($"step_size must be positive, not {step_size}");
        this.optimizer = optimizer; this.step_size = step_size; this.gamma = gamma;
        baseLr = optimizer.LearningRate;
    }

    public void step()
    {
        last_epoch++;
        optimizer.LearningRate = baseLr * Math.Pow(gamma, last_epoch / step_size);
    }

    public double get_last_lr() => optimizer.LearningRate;
}

/// <summary>
/// PyTorch's ReduceLROnPlateau: after `patience` epochs without improvement of the metric (by more
/// than threshold, relative or absolute), multiply the learning rate by factor (not below min_lr),
/// then wait `cooldown` epochs. Call step(validationLoss) once per epoch.
/// </summary>
public sealed class ReduceLROnPlateau
{
    readonly Optimizer optimizer;
    public string mode { get; }
    public double factor { get; }
    public int patience { get; }
    public double threshold { get; }
    public string threshold_mode { get; }
    public int cooldown { get; }
    public double min_lr { get; }
    public double eps { get; }
    public double best { get; private set; }
    public int num_bad_epochs { get; private set; }
    int cooldownCounter;

    public ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10, double threshold = 1e-4,
        string threshold_mode = "rel", int cooldown = 0, double min_lr = 0, double eps = 1e-8)
    {
        if (mode is not ("min" or "max")) throw new ArgumentException($"mode must be min or max, not '{mode}'");
        if (threshold_mode is not ("rel" or "abs")) throw new ArgumentException($"threshold_mode must be rel or abs, not '{threshold_mode}'");
        if (factor >= 1) throw new ArgumentException($"factor must be below 1, not {factor}");
        this.optimizer = optimizer; this.mode = mode; this.factor = factor; this.patience = patience; this.threshold = threshold;
        this.threshold_mode = threshold_mode; this.cooldown = cooldown; this.min_lr = min_lr; this.eps = eps;
        best = mode == "min" ? double.PositiveInfinity : double.NegativeInfinity;
    }

    bool IsBetter(double a) => (mode, threshold_mode) switch
    {
        ("min", "rel") => a < best * (1 - threshold),
        ("min", _) => a < best - threshold,
        ("max", "rel") => a > best * (threshold + 1),
        _ => a > best + threshold,
    };

    /// <summary>Records one epoch's metric; returns true when it reduced the learning rate.</summary>
    public bool step(double metric)
    {
        if (IsBetter(metric)) { best = metric; num_bad_epochs = 0; }
        else num_bad_epochs++;
        if (cooldownCounter > 0) { cooldownCounter--; num_bad_epochs = 0; }
        if (num_bad_epochs <= patience) return false;
        num_bad_epochs = 0;
        cooldownCounter = cooldown;
        var old = optimizer.LearningRate;
        var next = Math.Max(old * factor, min_lr);
        if (old - next <= eps) return false;
        optimizer.LearningRate = next;
        return true;
    }

    public double get_last_lr() => optimizer.LearningRate;
}
