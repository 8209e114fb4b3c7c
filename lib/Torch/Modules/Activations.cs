using F = NotebookLib.Torch.torch.nn.functional;

namespace NotebookLib.Torch.Modules;

public sealed class ReLU : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => input.relu(); }
public sealed class Sigmoid : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => input.sigmoid(); }
public sealed class Tanh : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => input.tanh(); }
public sealed class GELU : Module<Tensor, Tensor> { public override Tensor forward(Tensor input) => input.gelu(); }

public sealed class LeakyReLU(double negative_slope = 0.01) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => F.leaky_relu(input, negative_slope);
}

public sealed class Softmax(long dim) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input.softmax(dim);
}

public sealed class LogSoftmax(long dim) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input.log_softmax(dim);
}

/// <summary>Zeroes elements with probability p in training (scaling the rest by 1/(1−p)); identity in eval.</summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    public double p { get; }
    public Dropout(double p = 0.5) => this.p = p is >= 0 and <= 1 ? p : throw new ArgumentException($"dropout probability must be in [0, 1], not {p}");
    public override Tensor forward(Tensor input) => F.dropout(input, p, training);
}
