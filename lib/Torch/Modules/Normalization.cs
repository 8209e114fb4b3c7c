using F = NotebookLib.Torch.torch.nn.functional;

namespace NotebookLib.Torch.Modules;

/// <summary>Batch normalisation over dimension 1; running statistics in buffers (running_mean,
/// running_var, num_batches_tracked) as PyTorch, so state dicts move across.</summary>
public abstract class BatchNorm : Module<Tensor, Tensor>
{
    public long num_features { get; }
    public double eps { get; }
    public double momentum { get; }
    public Parameter? weight { get; }
    public Parameter? bias { get; }
    public Tensor? running_mean { get; }
    public Tensor? running_var { get; }
    public Tensor? num_batches_tracked { get; }
    readonly int[] ranks;

    protected BatchNorm(long num_features, double eps, double momentum, bool affine, bool track_running_stats, int[] ranks)
    {
        if (num_features <= 0) throw new ArgumentException($"BatchNorm num_features must be positive, not {num_features}");
        this.num_features = num_features; this.eps = eps; this.momentum = momentum; this.ranks = ranks;
        using var scope = torch.NewDisposeScope();
        if (affine)
        {
            weight = new Parameter(torch.ones(num_features));
            bias = new Parameter(torch.zeros(num_features));
            register_parameter("weight", weight);
            register_parameter("bias", bias);
        }
        if (track_running_stats)
        {
            running_mean = torch.zeros(num_features);
            running_var = torch.ones(num_features);
            num_batches_tracked = torch.zeros([], ScalarType.Int64);
            register_buffer("running_mean", running_mean);
            register_buffer("running_var", running_var);
            register_buffer("num_batches_tracked", num_batches_tracked);
        }
    }

    public override Tensor forward(Tensor input)
    {
        var rank = input.dim();
        if (!ranks.Contains(rank))
            throw new ArgumentException($"{GetType().Name} expects a {string.Join(" or ", ranks)}-D input, got shape {Shapes.Format(input.shape)}");
        var useBatch = training || running_mean is null;
        if (training && num_batches_tracked is not null)
            using (torch.no_grad()) num_batches_tracked.add_(1L);
        return F.batch_norm(input, useBatch && !training ? null : running_mean, useBatch && !training ? null : running_var,
            weight, bias, useBatch, momentum, eps);
    }
}

public sealed class BatchNorm1d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true)
    : BatchNorm(num_features, eps, momentum, affine, track_running_stats, [2, 3]);

public sealed class BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true)
    : BatchNorm(num_features, eps, momentum, affine, track_running_stats, [4]);
