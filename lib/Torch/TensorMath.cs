namespace NotebookLib.Torch;

// Elementwise arithmetic, comparisons and functions, with PyTorch's names and C# operators.
// The operation codes are those of lib/Torch/Native/ops.cpp.
public partial class Tensor
{
    Tensor Unary(int op) => new(Native.nbt_unary(op, Handle));
    Tensor Binary(int op, Tensor other) => new(Native.nbt_binary(op, Handle, other.Handle));
    Tensor Scalar(int op, double v) => new(Native.nbt_binary_scalar(op, Handle, v, 0, 0));
    Tensor Scalar(int op, long v) => new(Native.nbt_binary_scalar(op, Handle, 0, v, 1));

    public Tensor neg() => Unary(0);
    public Tensor exp() => Unary(1);
    public Tensor log() => Unary(2);
    public Tensor sqrt() => Unary(3);
    public Tensor abs() => Unary(4);
    public Tensor sin() => Unary(5);
    public Tensor cos() => Unary(6);
    public Tensor tanh() => Unary(7);
    public Tensor sigmoid() => Unary(8);
    public Tensor relu() => Unary(9);
    public Tensor floor() => Unary(10);
    public Tensor ceil() => Unary(11);
    public Tensor round() => Unary(12);
    public Tensor sign() => Unary(13);
    public Tensor log1p() => Unary(14);
    public Tensor expm1() => Unary(15);
    public Tensor logical_not() => Unary(16);
    public Tensor isnan() => Unary(17);
    public Tensor isfinite() => Unary(18);
    public Tensor square() => Unary(19);
    public Tensor reciprocal() => Unary(20);
    public Tensor rsqrt() => Unary(21);
    public Tensor erf() => Unary(22);
    public Tensor gelu() => Unary(23);
    public Tensor silu() => Unary(24);
    public Tensor softplus() => Unary(25);
    public Tensor tan() => Unary(26);
    public Tensor log2() => Unary(27);
    public Tensor log10() => Unary(28);
    public Tensor isinf() => Unary(29);
    public Tensor trunc() => Unary(30);
    /// <summary>Transpose of a matrix (≤ 2 dimensions).</summary>
    public Tensor t() => Unary(31);
    public Tensor T => t();

    public Tensor add(Tensor other) => Binary(0, other);
    public Tensor add(double other) => Scalar(0, other);
    public Tensor sub(Tensor other) => Binary(1, other);
    public Tensor sub(double other) => Scalar(1, other);
    public Tensor mul(Tensor other) => Binary(2, other);
    public Tensor mul(double other) => Scalar(2, other);
    public Tensor div(Tensor other) => Binary(3, other);
    public Tensor div(double other) => Scalar(3, other);
    public Tensor pow(Tensor exponent) => Binary(4, exponent);
    public Tensor pow(double exponent) => Scalar(4, exponent);
    public Tensor maximum(Tensor other) => Binary(5, other);
    public Tensor minimum(Tensor other) => Binary(6, other);
    public Tensor remainder(Tensor other) => Binary(7, other);
    public Tensor remainder(double other) => Scalar(7, other);
    public Tensor atan2(Tensor other) => Binary(8, other);
    public Tensor eq(Tensor other) => Binary(9, other);
    public Tensor eq(double other) => Scalar(9, other);
    public Tensor ne(Tensor other) => Binary(10, other);
    public Tensor ne(double other) => Scalar(10, other);
    public Tensor lt(Tensor other) => Binary(11, other);
    public Tensor lt(double other) => Scalar(11, other);
    public Tensor le(Tensor other) => Binary(12, other);
    public Tensor le(double other) => Scalar(12, other);
    public Tensor gt(Tensor other) => Binary(13, other);
    public Tensor gt(double other) => Scalar(13, other);
    public Tensor ge(Tensor other) => Binary(14, other);
    public Tensor ge(double other) => Scalar(14, other);
    public Tensor logical_and(Tensor other) => Binary(15, other);
    public Tensor logical_or(Tensor other) => Binary(16, other);
    public Tensor logical_xor(Tensor other) => Binary(17, other);
    public Tensor matmul(Tensor other) => Binary(18, other);
    public Tensor mm(Tensor other) => Binary(18, other);
    public Tensor floor_divide(Tensor other) => Binary(19, other);
    public Tensor dot(Tensor other) => Binary(20, other);
    public Tensor outer(Tensor other) => Binary(21, other);

    public Tensor clamp(double? min = null, double? max = null) =>
        new(Native.nbt_clamp(Handle, min.HasValue ? 1 : 0, min ?? 0, max.HasValue ? 1 : 0, max ?? 0));
    public Tensor clip(double? min = null, double? max = null) => clamp(min, max);
    public Tensor softmax(long dim) => new(Native.nbt_softmax(Handle, dim, 0));
    public Tensor log_softmax(long dim) => new(Native.nbt_softmax(Handle, dim, 1));

    // ---- in place (the optimisers' and initialisers' tools); they return this tensor
    Tensor InPlace(int op, Tensor other, double alpha = 1) { Native.Check(Native.nbt_binary_(op, Handle, other.Handle, alpha)); return this; }
    Tensor InPlace(int op, double v, double extra = 0) { Native.Check(Native.nbt_scalar_(op, Handle, v, 0, 0, extra)); return this; }
    public Tensor add_(Tensor other, double alpha = 1) => InPlace(0, other, alpha);
    public Tensor add_(double other) => InPlace(0, other);
    /// <summary>Adds an integer (keeps integer tensors integer, e.g. counters).</summary>
    public Tensor add_(long other) { Native.Check(Native.nbt_scalar_(0, Handle, 0, other, 1, 0)); return this; }
    public Tensor sub_(Tensor other, double alpha = 1) => InPlace(1, other, alpha);
    public Tensor sub_(double other) => InPlace(1, other);
    public Tensor mul_(Tensor other) => InPlace(2, other);
    public Tensor mul_(double other) => InPlace(2, other);
    public Tensor div_(Tensor other) => InPlace(3, other);
    public Tensor div_(double other) => InPlace(3, other);
    public Tensor pow_(double other) => InPlace(4, other);
    public Tensor copy_(Tensor source) => InPlace(50, source);
    public Tensor fill_(double value) => InPlace(50, value);
    public Tensor zero_() => InPlace(50, 0.0);
    public Tensor clamp_min_(double min) => InPlace(51, min);
    public Tensor clamp_max_(double max) => InPlace(52, max);
    public Tensor uniform_(double from = 0, double to = 1) => InPlace(60, from, to);
    public Tensor normal_(double mean = 0, double std = 1) => InPlace(61, mean, std);

    // ---- operators: tensor ∘ tensor and tensor ∘ scalar (integer scalars keep integer dtypes)
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, double b) => a.Scalar(0, b);
    public static Tensor operator +(Tensor a, long b) => a.Scalar(0, b);
    public static Tensor operator +(double a, Tensor b) => b.Scalar(0, a);
    public static Tensor operator +(long a, Tensor b) => b.Scalar(0, a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, double b) => a.Scalar(1, b);
    public static Tensor operator -(Tensor a, long b) => a.Scalar(1, b);
    public static Tensor operator -(double a, Tensor b) => b.Scalar(100, a);
    public static Tensor operator -(long a, Tensor b) => b.Scalar(100, a);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, double b) => a.Scalar(2, b);
    public static Tensor operator *(Tensor a, long b) => a.Scalar(2, b);
    public static Tensor operator *(double a, Tensor b) => b.Scalar(2, a);
    public static Tensor operator *(long a, Tensor b) => b.Scalar(2, a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, double b) => a.Scalar(3, b);
    public static Tensor operator /(double a, Tensor b) => b.Scalar(101, a);
    public static Tensor operator %(Tensor a, Tensor b) => a.remainder(b);
    public static Tensor operator %(Tensor a, long b) => a.Scalar(7, b);
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator <(Tensor a, double b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator >(Tensor a, double b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator <=(Tensor a, double b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator >=(Tensor a, double b) => a.ge(b);
    public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    public static Tensor operator ^(Tensor a, Tensor b) => a.logical_xor(b);
    public static Tensor operator !(Tensor a) => a.logical_not();
    /// <summary>Power with a scalar base: torch.pow(2.0, x).</summary>
    public Tensor rpow(double baseValue) => Scalar(102, baseValue);

    public bool equal(Tensor other) { var r = Native.nbt_equal(Handle, other.Handle); if (r < 0) throw Native.Error(); return r == 1; }
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false)
    {
        var r = Native.nbt_allclose(Handle, other.Handle, rtol, atol, equal_nan ? 1 : 0);
        if (r < 0) throw Native.Error();
        return r == 1;
    }
}
