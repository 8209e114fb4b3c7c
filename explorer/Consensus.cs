using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace NotebookLib.Explorer;

/// <summary>
/// The experts' current labels aggregated: per image the majority vote and the Dawid–Skene consensus,
/// and per expert the confusion matrix Dawid–Skene estimated. Only images with at least one label have a row.
/// </summary>
public sealed class Consensus
{
    public IReadOnlyList<string> Classes { get; }
    public IReadOnlyList<string> Users { get; }
    /// <summary>One row per labelled image, in image order.</summary>
    public IReadOnlyList<ConsensusRow> Rows { get; }
    /// <summary>Each user's estimated confusion matrix, [true class][given label].</summary>
    public IReadOnlyDictionary<string, double[][]> Confusions { get; }
    readonly Dictionary<int, ConsensusRow> byImage;

    Consensus(IReadOnlyList<string> classes, IReadOnlyList<string> users, List<ConsensusRow> rows, Dictionary<string, double[][]> confusions)
    {
        Classes = classes;
        Users = users;
        Rows = rows;
        Confusions = confusions;
        byImage = rows.ToDictionary(r => r.Image);
    }

    public ConsensusRow? this[int image] => byImage.GetValueOrDefault(image);

    /// <summary>Aggregates current labels: user → (image → label).</summary>
    public static Consensus Compute(IReadOnlyList<string> classes, Func<int, string> nameOf,
                                    IReadOnlyDictionary<string, Dictionary<int, int>> current)
    {
        var users = current.Keys.Order(StringComparer.Ordinal).ToList();
        var images = current.Values.SelectMany(d => d.Keys).Distinct().Order().ToList();
        var index = images.Select((img, i) => (img, i)).ToDictionary(p => p.img, p => p.i);
        var triples = new List<(int Item, int Expert, int Label)>();
        var votes = images.Select(_ => new List<int>()).ToArray();
        for (var u = 0; u < users.Count; u++)
            foreach (var (image, label) in current[users[u]])
            {
                triples.Add((index[image], u, label));
                votes[index[image]].Add(label);
            }
        var ds = new DawidSkene(classes.Count).Fit(images.Count, users.Count, triples);
        var rows = new List<ConsensusRow>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var m = MajorityVote.Of(votes[i], classes.Count);
            var p = ds.Posteriors[i];
            rows.Add(new ConsensusRow(images[i], nameOf(images[i]), m.Votes, m.Label, m.Agreement, m.Tie, ds.Labels[i], p[ds.Labels[i]], p));
        }
        var confusions = users.Select((u, e) => (u, ds.Confusions[e])).ToDictionary(p => p.u, p => p.Item2);
        return new Consensus(classes, users, rows, confusions);
    }

    /// <summary>The table as CSV: image, name, votes, majority (class name), agreement, Dawid–Skene label
    /// and confidence, then one posterior column per class.</summary>
    public string ToCsv()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("image,name,votes,majority,agreement,tie,dawid_skene,confidence");
        foreach (var c in Classes) sb.Append(",p_").Append(Csv(c));
        sb.Append('\n');
        foreach (var r in Rows)
        {
            sb.Append(r.Image.ToString(inv)).Append(',').Append(Csv(r.Name)).Append(',').Append(r.Votes.ToString(inv)).Append(',')
              .Append(Csv(Classes[r.Majority])).Append(',').Append(r.Agreement.ToString("0.####", inv)).Append(',')
              .Append(r.Tie ? "true" : "false").Append(',').Append(Csv(Classes[r.DawidSkene])).Append(',')
              .Append(r.Confidence.ToString("0.####", inv));
            foreach (var p in r.Posterior) sb.Append(',').Append(p.ToString("0.####", inv));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The same table as <see cref="ToCsv"/>, as a DataFrame for notebooks to filter, join or save
    /// (class columns hold class names; one posterior column per class).</summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new Int32DataFrameColumn("image", Rows.Select(r => r.Image)),
            new StringDataFrameColumn("name", Rows.Select(r => r.Name)),
            new Int32DataFrameColumn("votes", Rows.Select(r => r.Votes)),
            new StringDataFrameColumn("majority", Rows.Select(r => Classes[r.Majority])),
            new DoubleDataFrameColumn("agreement", Rows.Select(r => r.Agreement)),
            new BooleanDataFrameColumn("tie", Rows.Select(r => r.Tie)),
            new StringDataFrameColumn("dawid_skene", Rows.Select(r => Classes[r.DawidSkene])),
            new DoubleDataFrameColumn("confidence", Rows.Select(r => r.Confidence)),
        };
        for (var c = 0; c < Classes.Count; c++)
            columns.Add(new DoubleDataFrameColumn("p_" + Classes[c], Rows.Select(r => r.Posterior[c])));
        return new DataFrame(columns);
    }

    internal static string Csv(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
