using NotebookLib.Torch;
using static NotebookLib.Torch.torch;

namespace NotebookLib.Models.Training;

/// <summary>
/// Samples and their targets as two CPU tensors whose first dimension is the sample (PyTorch's
/// TensorDataset). Without targets the inputs are their own targets (autoencoders). Batches are
/// cut from it and moved to the training device one at a time.
/// </summary>
public sealed class TensorDataset : IDisposable
{

    public TensorDataset(Tensor inputs, Tensor? targets = null)
    {
        if (inputs.dim() < 1 || inputs.size(0) == 0)
            throw new ArgumentException($"a dataset needs at least one sample, not inputs of shape ({string.Join(", ", inputs.shape)})");
        if (targets is not null && targets.size(0) != inputs.size(0))
            throw new ArgumentException($"inputs ({string.Join(", ", inputs.shape)}) and targets ({string.Join(", ", targets.shape)}) hold different numbers of samples");
        Inputs = inputs.alias().DetachFromDisposeScope();
        Targets = (targets ?? inputs).alias().DetachFromDisposeScope();
    }

    /// <summary>From flat row-major arrays: inputs of shape (N, ...) and optional targets (N, ...) (labels: shape (N)).</summary>
    public static TensorDataset FromArrays(float[] inputs, long[] shape, float[]? targets = null, long[]? targetShape = null)
    {
        using var scope = NewDisposeScope();
        var x = tensor(inputs, shape);
        var y = targets is null ? null : tensor(targets, targetShape ?? [shape[0]]);
        return new TensorDataset(x, y);
    }

    public Tensor Inputs { get; }
    public Tensor Targets { get; }
    public long Count => Inputs.size(0);
    public long[] SampleShape => Inputs.shape[1..];

    /// <summary>The samples at these indices (a copy).</summary>
    public TensorDataset Subset(IReadOnlyList<long> indices)
    {
        using var scope = NewDisposeScope();
        var idx = tensor(indices.ToArray());
        return new TensorDataset(Inputs.index_select(0, idx), Targets.index_select(0, idx));
    }

    /// <summary>Inputs and targets at the indices, on the device (tensors of the current DisposeScope).</summary>
    public (Tensor x, Tensor y) Batch(Tensor indices, Device device)
    {
        var x = Inputs.index_select(0, indices);
        var y = Targets.index_select(0, indices);
        return device.IsCuda ? (x.to(device), y.to(device)) : (x, y);
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
