using NotebookLib.Configuration;

namespace NotebookLib.Data;

/// <summary>Index sets of a split (train / validation / test, or train / test), disjoint and covering
/// every sample once, each sorted ascending.</summary>
public sealed record DataSplit(IReadOnlyList<string> Names, IReadOnlyList<int[]> Parts)
{
    public int[] this[string name] => Parts[IndexOf(name)];
    public int[] Train => this["train"];
    public int[] Validation => this["validation"];
    public int[] Test => this["test"];

    int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++) if (Names[i] == name) return i;
        throw new KeyNotFoundException($"this split has no part '{name}'; it has {string.Join(", ", Names)}");
    }

    /// <summary>The items of <paramref name="items"/> in part <paramref name="name"/>.</summary>
    public T[] Take<T>(IReadOnlyList<T> items, string name) => Array.ConvertAll(this[name], i => items[i]);

    public override string ToString() => string.Join(", ", Names.Zip(Parts, (n, p) => $"{n} {p.Length}"));
}

/// <summary>
/// Seeded splits like scikit-learn's train_test_split(stratify=y): each class is shuffled and cut in
/// the given fractions on its own, so that every part keeps the class proportions (within one sample
/// per class). The same labels and seed give the same split on every machine.
/// </summary>
public static class Splits
{
    /// <summary>70/15/15 train/validation/test, stratified by <paramref name="labels"/>.</summary>
    public static DataSplit TrainValidationTest<TLabel>(IReadOnlyList<TLabel> labels, double train = 0.70,
        double validation = 0.15, int? seed = null) where TLabel : notnull =>
        Stratified(labels, [train, validation, 1 - train - validation], ["train", "validation", "test"], seed);

    /// <summary>80/20 train/test, stratified by <paramref name="labels"/>.</summary>
    public static DataSplit TrainTest<TLabel>(IReadOnlyList<TLabel> labels, double train = 0.80, int? seed = null) where TLabel : notnull =>
        Stratified(labels, [train, 1 - train], ["train", "test"], seed);

    /// <summary>An unstratified split of <paramref name="count"/> samples (all one class).</summary>
    public static DataSplit Random(int count, double[] fractions, string[] names, int? seed = null) =>
        Stratified(new int[count], fractions, names, seed);

    public static DataSplit Stratified<TLabel>(IReadOnlyList<TLabel> labels, double[] fractions, string[] names, int? seed = null)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (fractions.Length != names.Length)
            throw new ArgumentException($"{fractions.Length} fractions but {names.Length} part names");
        if (fractions.Any(f => f < 0 || double.IsNaN(f)) || Math.Abs(fractions.Sum() - 1) > 1e-9)
            throw new ArgumentException($"fractions must be ≥ 0 and sum to 1, not [{string.Join(", ", fractions)}]");
        var rng = Rng.ForStream(Seeds.Resolve(seed), 0x5917);
        var parts = names.Select(_ => new List<int>()).ToArray();
        // Classes in order of first appearance, so the split does not depend on hashing.
        var classes = new Dictionary<TLabel, List<int>>();
        var order = new List<TLabel>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (!classes.TryGetValue(labels[i], out var list)) { classes[labels[i]] = list = []; order.Add(labels[i]); }
            list.Add(i);
        }
        // Remainders go first to the parts furthest below their overall target, so that small classes
        // do not all land in the first part.
        var assigned = new double[fractions.Length];
        foreach (var label in order)
        {
            var members = classes[label];
            rng.Shuffle(members);
            var counts = fractions.Select(f => (int)Math.Floor(f * members.Count)).ToArray();
            for (var left = members.Count - counts.Sum(); left > 0; left--)
            {
                var k = Enumerable.Range(0, fractions.Length).Where(j => fractions[j] > 0)
                    .OrderByDescending(j => fractions[j] * members.Count - counts[j] + 1e-3 * (fractions[j] * labels.Count - assigned[j]))
                    .First();
                counts[k]++;
            }
            var at = 0;
            for (var k = 0; k < counts.Length; k++)
            {
                parts[k].AddRange(members.Skip(at).Take(counts[k]));
                at += counts[k];
                assigned[k] += counts[k];
            }
        }
        return new DataSplit(names, parts.Select(p => { var a = p.ToArray(); Array.Sort(a); return a; }).ToArray());
    }
}
