namespace NotebookLib.Imaging;

/// <summary>
/// Simple robust statistics of one raw frame, of the kind an observatory's calibration QC computes on every
/// frame (ESO's QC1 parameters: level, saturation, structure): the fraction of pixels at or below zero (lost
/// rows), the fraction at the saturation level, the illumination range ln(p99 − p1), and how strongly the frame
/// steps from row to row and from column to column (stripes: pick-up noise at a fixed period). Each is one
/// number a frame can be compared on with its own type's frames.
/// </summary>
/// <param name="ZeroFraction">Fraction of pixels ≤ 0 (a raw frame has a bias level, so lost rows read 0).</param>
/// <param name="SaturatedFraction">Fraction of pixels ≥ the saturation level.</param>
/// <param name="LogRange">ln(max(p99 − p1, 1)): the illumination, which a wrong exposure or an unlit lamp moves.</param>
/// <param name="RowSteps">ln(1 + RMS) of the row-to-row step profile (for each row, the median over columns of
/// row r + 1 − row r) less its running median over 15 rows: a smooth scene steps smoothly, stripes along the rows
/// step sharply at every edge, in every column at once.</param>
/// <param name="ColumnSteps">The same across columns (stripes along the columns).</param>
public sealed record FrameStatistics(double ZeroFraction, double SaturatedFraction, double LogRange, double RowSteps, double ColumnSteps)
{
    /// <summary>The statistics' names, in <see cref="ToArray"/>'s order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["zero fraction", "saturated fraction", "log range", "row steps", "column steps"];

    /// <summary>The smallest spread each statistic is compared with (a fraction of 0.2 % of the pixels, 10 % in range,
    /// 20 % in step size), so that a statistic that hardly varies among good frames does not turn noise into outliers.</summary>
    public static IReadOnlyList<double> Floors { get; } = [0.002, 0.002, 0.1, 0.2, 0.2];

    /// <summary>The window of the running median the step profiles are compared with.</summary>
    public const int SmoothingWindow = 15;

    public double[] ToArray() => [ZeroFraction, SaturatedFraction, LogRange, RowSteps, ColumnSteps];

    /// <summary>The statistics of <paramref name="image"/>; pixels at or above <paramref name="saturation"/> count as saturated.</summary>
    public static FrameStatistics Measure(Image image, float saturation = 65535f)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        if (w < 2 || h < 2) throw new ArgumentException($"frame statistics need at least 2 × 2 pixels, the image is {w} × {h}", nameof(image));
        var p = image.Pixels;
        long zero = 0, saturated = 0;
        foreach (var v in p)
        {
            if (v <= 0) zero++;
            if (v >= saturation) saturated++;
        }
        var sorted = (float[])p.Clone();
        Array.Sort(sorted);
        var range = Quantile(sorted, 0.99) - Quantile(sorted, 0.01);
        var rowSteps = new double[h - 1];
        var step = new float[w];
        for (var r = 0; r < h - 1; r++)
        {
            for (var x = 0; x < w; x++) step[x] = p[(r + 1) * w + x] - p[r * w + x];
            rowSteps[r] = Median(step);
        }
        var columnSteps = new double[w - 1];
        var colStep = new float[h];
        for (var x = 0; x < w - 1; x++)
        {
            for (var r = 0; r < h; r++) colStep[r] = p[r * w + x + 1] - p[r * w + x];
            columnSteps[x] = Median(colStep);
        }
        return new FrameStatistics(zero / (double)p.Length, saturated / (double)p.Length, Math.Log(Math.Max(range, 1)),
            Math.Log(1 + Roughness(rowSteps)), Math.Log(1 + Roughness(columnSteps)));
    }

    /// <summary>RMS of a profile less its running median (window <see cref="SmoothingWindow"/>, shrinking at the ends).</summary>
    static double Roughness(double[] profile)
    {
        var n = profile.Length;
        var half = SmoothingWindow / 2;
        double sum = 0;
        var window = new List<double>(SmoothingWindow);
        for (var i = 0; i < n; i++)
        {
            window.Clear();
            for (var j = Math.Max(0, i - half); j <= Math.Min(n - 1, i + half); j++) window.Add(profile[j]);
            window.Sort();
            var m = window.Count % 2 == 1 ? window[window.Count / 2] : 0.5 * (window[window.Count / 2 - 1] + window[window.Count / 2]);
            sum += (profile[i] - m) * (profile[i] - m);
        }
        return Math.Sqrt(sum / n);
    }

    static double Median(float[] values)
    {
        var s = (float[])values.Clone();
        Array.Sort(s);
        var m = s.Length;
        return m % 2 == 1 ? s[m / 2] : 0.5 * ((double)s[m / 2 - 1] + s[m / 2]);
    }

    /// <summary>Linear-interpolated quantile of sorted values (NumPy's default).</summary>
    static double Quantile(float[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * ((double)sorted[hi] - sorted[lo]);
    }
}
