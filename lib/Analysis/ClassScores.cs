namespace NotebookLib.Analysis;

/// <summary>One class's precision, recall and F1 (one-against-the-rest), with how many samples truly belong to it
/// (scikit-learn's classification_report row).</summary>
public sealed record ClassScores(string Class, long Support, double Precision, double Recall, double F1);

public static partial class Metrics
{
    /// <summary>Per class of the confusion matrix, its precision, recall and F1 (0 where undefined, as scikit-learn's zero_division=0).</summary>
    public static IReadOnlyList<ClassScores> PerClass(ConfusionMatrix m) =>
        m.Labels.Select((label, i) =>
        {
            var b = m.Binary(label);
            return new ClassScores(m.ClassNames[i], m.RowTotal(i), b.Precision, b.Recall, b.F1);
        }).ToList();

    /// <summary>Per class name, its precision, recall and F1, from true and predicted names (classes in <paramref name="classes"/>'
    /// order, or sorted when null).</summary>
    public static IReadOnlyList<ClassScores> PerClass(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, IReadOnlyList<string>? classes = null)
    {
        if (yTrue.Count != yPred.Count) throw new ArgumentException($"{yTrue.Count} true labels but {yPred.Count} predicted ones");
        var names = classes ?? yTrue.Concat(yPred).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        int Of(string s) => index.TryGetValue(s, out var i) ? i : throw new ArgumentException($"label '{s}' is not one of the classes [{string.Join(", ", names)}]");
        return PerClass(ConfusionMatrix(yTrue.Select(Of).ToArray(), yPred.Select(Of).ToArray(), Enumerable.Range(0, names.Count).ToArray(), names));
    }
}
