using NotebookLib.Imaging;

namespace NotebookLib.Analysis;

/// <summary>How well a predicted mask covers a true one, pixel by pixel.</summary>
public sealed record MaskOverlap(long TruePixels, long PredictedPixels, long Intersection, long Union)
{
    /// <summary>Intersection over union (Jaccard index); 1 when both masks are empty.</summary>
    public double IoU => Union == 0 ? 1 : Intersection / (double)Union;
    /// <summary>Dice coefficient, 2|A∩B| / (|A| + |B|); 1 when both masks are empty.</summary>
    public double Dice => TruePixels + PredictedPixels == 0 ? 1 : 2.0 * Intersection / (TruePixels + PredictedPixels);
    /// <summary>Fraction of predicted pixels that are true (0 when nothing is predicted).</summary>
    public double Precision => PredictedPixels == 0 ? 0 : Intersection / (double)PredictedPixels;
    /// <summary>Fraction of true pixels that are predicted (0 when nothing is true).</summary>
    public double Recall => TruePixels == 0 ? 0 : Intersection / (double)TruePixels;
}

public static partial class Metrics
{
    /// <summary>Pixel overlap of a predicted mask with the true mask (same size), optionally only where
    /// <paramref name="where"/> is set (e.g. outside the reference border).</summary>
    public static MaskOverlap MaskOverlap(Mask truth, Mask predicted, Mask? where = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Width != predicted.Width || truth.Height != predicted.Height)
            throw new ArgumentException($"the true mask is {truth.Width}×{truth.Height} but the predicted one {predicted.Width}×{predicted.Height}");
        if (where is not null && (where.Width != truth.Width || where.Height != truth.Height))
            throw new ArgumentException($"the masks are {truth.Width}×{truth.Height} but the region is {where.Width}×{where.Height}");
        bool[] tp = truth.Pixels, pp = predicted.Pixels;
        var wp = where?.Pixels;
        long t = 0, p = 0, both = 0, any = 0;
        for (var i = 0; i < tp.Length; i++)
        {
            if (wp is not null && !wp[i]) continue;
            bool a = tp[i], b = pp[i];
            if (a) t++;
            if (b) p++;
            if (a && b) both++;
            if (a || b) any++;
        }
        return new MaskOverlap(t, p, both, any);
    }

    /// <summary>Intersection over union of two masks: scikit-learn's jaccard_score on the flattened masks
    /// (which gives 0 when both are empty; here an empty pair scores 1, nothing was missed).</summary>
    public static double JaccardScore(Mask truth, Mask predicted) => MaskOverlap(truth, predicted).IoU;
}
