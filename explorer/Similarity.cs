namespace NotebookLib.Explorer;

/// <summary>Similarity of cutouts by their look: each is shrunk to 16 × 16, made zero-mean and unit-norm,
/// and compared by cosine. The thumbnails are made once, on the first request.</summary>
public sealed class Similarity(ICutouts cutouts)
{
    const int Side = 16;
    float[][]? thumbs;
    readonly Lock gate = new();

    /// <summary>The cosine similarity of every image to <paramref name="id"/>.</summary>
    public double[] To(int id)
    {
        var t = Thumbnails();
        var q = t[id];
        var s = new double[t.Length];
        for (var i = 0; i < t.Length; i++)
        {
            double dot = 0;
            for (var k = 0; k < q.Length; k++) dot += q[k] * t[i][k];
            s[i] = dot;
        }
        return s;
    }

    float[][] Thumbnails()
    {
        lock (gate)
        {
            if (thumbs is not null) return thumbs;
            var t = new float[cutouts.Count][];
            Parallel.For(0, t.Length, i =>
            {
                var g = CutoutRenderer.Render(cutouts.Read(i), Side, DisplayStretch.Linear, false);
                var v = g.Select(b => (float)b).ToArray();
                var mean = v.Average();
                for (var k = 0; k < v.Length; k++) v[k] -= mean;
                var norm = MathF.Sqrt(v.Sum(x => x * x));
                if (norm > 0) for (var k = 0; k < v.Length; k++) v[k] /= norm;
                t[i] = v;
            });
            return thumbs = t;
        }
    }
}
