namespace NotebookLib.Analysis;

// How good a ranking is: of similar-image search (precision@k of the neighbours) and of anomaly scores
// (precision of the k highest scores).
public static partial class Metrics
{
    /// <summary>
    /// Precision@k of a similarity search, per query: the fraction of the first <paramref name="k"/> neighbours of
    /// query q (row q of <paramref name="neighbors"/>, as <see cref="NearestNeighbors.Kneighbors"/> returns them for the
    /// fitted samples themselves) whose kind is the query's own, kinds[q].
    /// </summary>
    public static double[] PrecisionAtK<T>(Neighbors neighbors, IReadOnlyList<T> kinds, int k = 10)
    {
        ArgumentNullException.ThrowIfNull(neighbors);
        ArgumentNullException.ThrowIfNull(kinds);
        int nq = neighbors.Indices.GetLength(0), available = neighbors.Indices.GetLength(1);
        if (k < 1 || k > available) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the {available} neighbours found");
        if (nq > kinds.Count) throw new ArgumentException($"{nq} queries but only {kinds.Count} kinds: row q of the neighbours must be sample q", nameof(kinds));
        var cmp = EqualityComparer<T>.Default;
        var p = new double[nq];
        for (var q = 0; q < nq; q++)
        {
            var same = 0;
            for (var j = 0; j < k; j++)
            {
                var i = neighbors.Indices[q, j];
                if ((uint)i >= (uint)kinds.Count) throw new ArgumentException($"neighbour {i} of query {q} has no kind ({kinds.Count} kinds)", nameof(kinds));
                if (cmp.Equals(kinds[i], kinds[q])) same++;
            }
            p[q] = (double)same / k;
        }
        return p;
    }

    /// <summary>Precision of the <paramref name="k"/> highest scores (ties broken by index): the fraction of them
    /// that are positives, e.g. the planted oddities among the top-25 anomaly scores.</summary>
    public static double PrecisionAtTop(IReadOnlyList<double> scores, IReadOnlyList<bool> positive, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        if (scores.Count != positive.Count) throw new ArgumentException($"{scores.Count} scores but {positive.Count} truths");
        if (k < 1 || k > scores.Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {scores.Count}");
        var top = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k);
        return top.Count(i => positive[i]) / (double)k;
    }
}
