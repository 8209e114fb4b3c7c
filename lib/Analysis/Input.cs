using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NotebookLib.Analysis;

/// <summary>Checks and views of the float32 sample matrices (n samples × d features, row-major
/// <c>float[,]</c>) that every estimator takes. A <c>float[,]</c> is one contiguous row-major block,
/// so kernels see it as a flat span without copying.</summary>
internal static class Input
{
    public static ReadOnlySpan<float> Flat(float[,] x) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(x)), x.Length);

    public static Span<float> FlatMut(float[,] x) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(x)), x.Length);

    public static ReadOnlySpan<float> Row(float[,] x, int i) => Flat(x).Slice(i * x.GetLength(1), x.GetLength(1));

    /// <summary>Rejects null, empty and non-finite matrices; returns (n, d).</summary>
    public static (int N, int D) Check(float[,] x, string estimator, int minSamples = 1, string param = "X")
    {
        ArgumentNullException.ThrowIfNull(x, param);
        int n = x.GetLength(0), d = x.GetLength(1);
        if (n == 0 || d == 0) throw new ArgumentException($"{estimator}: {param} is empty ({n}×{d}); it needs samples × features", param);
        if (n < minSamples) throw new ArgumentException($"{estimator}: {param} has {n} samples but at least {minSamples} are needed", param);
        var flat = Flat(x);
        for (int k = 0; k < flat.Length; k++)
            if (!float.IsFinite(flat[k]))
                throw new ArgumentException($"{estimator}: {param}[{k / d}, {k % d}] is {flat[k]}; remove or impute NaN/Inf samples first", param);
        return (n, d);
    }

    /// <summary>A matrix passed to Predict/Transform must have the features the model was fitted on.</summary>
    public static int CheckFeatures(float[,] x, int fittedD, string estimator, string param = "X")
    {
        var (n, d) = Check(x, estimator, 1, param);
        if (d != fittedD) throw new ArgumentException($"{estimator}: {param} is {n}×{d} but the model was fitted on {fittedD} features", param);
        return n;
    }

    public static void CheckFitted(bool fitted, string estimator)
    {
        if (!fitted) throw new InvalidOperationException($"{estimator} is not fitted yet: call Fit first");
    }

    public static float[,] ToMatrix(float[] flat, int n, int d)
    {
        var m = new float[n, d];
        flat.AsSpan(0, n * d).CopyTo(FlatMut(m));
        return m;
    }

    public static float[,] ToMatrix(double[] flat, int n, int d)
    {
        var m = new float[n, d];
        var s = FlatMut(m);
        for (int i = 0; i < n * d; i++) s[i] = (float)flat[i];
        return m;
    }

    public static int Threads => Math.Max(1, NotebookLib.Configuration.EnvironmentSettings.Current.EffectiveThreads);

    public static ParallelOptions Parallel => new() { MaxDegreeOfParallelism = Threads };
}
