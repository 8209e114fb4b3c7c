using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>How far a change moves samples in a feature space, measured against that space's own spacing.</summary>
/// <param name="Shift">Per pair, the euclidean distance between the changed sample and the same sample unchanged.</param>
/// <param name="Spacing">Per pair, the distance from the unchanged sample to its nearest reference sample: how far
/// apart neighbouring samples lie where the pair sits. A shift well below the spacing leaves the changed sample
/// among its unchanged neighbours; a shift well above it moves the sample out of their reach.</param>
public sealed record PairShift(double[] Shift, double[] Spacing)
{
    /// <summary>The pairs are the rows of <paramref name="changed"/> and <paramref name="unchanged"/> (the same
    /// samples with and without a change, e.g. one image with and without an artifact, known from a generator's
    /// truth); <paramref name="reference"/> holds other unchanged samples (e.g. the clean images).</summary>
    public static PairShift Measure(float[,] changed, float[,] unchanged, float[,] reference, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(unchanged);
        ArgumentNullException.ThrowIfNull(reference);
        int n = changed.GetLength(0), d = changed.GetLength(1);
        if (unchanged.GetLength(0) != n || unchanged.GetLength(1) != d || reference.GetLength(1) != d)
            throw new ArgumentException($"changed ({n} × {d}), unchanged ({unchanged.GetLength(0)} × {unchanged.GetLength(1)}) and reference (… × {reference.GetLength(1)}) must pair up row by row and share their columns");
        var shift = new double[n];
        for (var i = 0; i < n; i++)
        {
            double s = 0;
            for (var j = 0; j < d; j++) { double u = changed[i, j] - unchanged[i, j]; s += u * u; }
            shift[i] = Math.Sqrt(s);
        }
        var spacing = new double[n];
        if (n > 0)
        {
            var nearest = new NearestNeighbors(1, device: device).Fit(reference).Kneighbors(unchanged).Distances;
            for (var i = 0; i < n; i++) spacing[i] = nearest[i, 0];
        }
        return new PairShift(shift, spacing);
    }

    /// <summary>The fraction of pairs whose shift exceeds their spacing.</summary>
    public double MovedOut => Shift.Length == 0 ? double.NaN : Shift.Zip(Spacing).Count(p => p.First > p.Second) / (double)Shift.Length;
}
