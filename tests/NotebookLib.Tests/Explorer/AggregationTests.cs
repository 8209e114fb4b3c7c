using NotebookLib.Explorer;

namespace NotebookLib.Tests.Explorer;

/// <summary>Majority vote, Dawid–Skene and the ask-me-next order against cases worked by hand, and
/// Dawid–Skene against majority on a simulated crowd with known truth.</summary>
public class AggregationTests
{
    [Fact]
    public void Majority_vote_gives_the_most_frequent_label_and_its_share()
    {
        var m = MajorityVote.Of([2, 0, 2, 1, 2], 3);
        Assert.Equal(2, m.Label);
        Assert.Equal(5, m.Votes);
        Assert.Equal(0.6, m.Agreement, 12);
        Assert.False(m.Tie);
        var tie = MajorityVote.Of([1, 0], 2);
        Assert.True(tie.Tie);
        Assert.Equal(0, tie.Label);           // ties go to the lowest class
        Assert.Equal(-1, MajorityVote.Of([], 2).Label);
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityVote.Of([3], 3));
    }

    [Fact]
    public void Dawid_Skene_posterior_of_one_item_is_the_product_worked_by_hand()
    {
        // Priors (0.5, 0.5); expert 0 said class 0, expert 1 said class 1:
        // P(0) ∝ 0.5·0.9·0.4 = 0.18, P(1) ∝ 0.5·0.2·0.7 = 0.07 → 0.72, 0.28.
        double[][][] confusions = [[[0.9, 0.1], [0.2, 0.8]], [[0.6, 0.4], [0.3, 0.7]]];
        var p = DawidSkene.Posterior([0.5, 0.5], confusions, [(0, 0), (1, 1)]);
        Assert.Equal(0.72, p[0], 12);
        Assert.Equal(0.28, p[1], 12);
    }

    [Fact]
    public void Dawid_Skene_on_unanimous_experts_returns_their_labels_with_confidence_near_one()
    {
        var truth = new[] { 0, 1, 2, 1, 0, 2, 2, 1 };
        var labels = new List<(int, int, int)>();
        for (var i = 0; i < truth.Length; i++)
            for (var e = 0; e < 3; e++) labels.Add((i, e, truth[i]));
        var ds = new DawidSkene(3).Fit(truth.Length, 3, labels);
        Assert.Equal(truth, ds.Labels);
        Assert.All(ds.Posteriors, p => Assert.True(p.Max() > 0.99, $"posterior {string.Join(", ", p)}"));
        // Each expert's estimated confusion is close to the identity.
        Assert.All(ds.Confusions, c => Assert.All(Enumerable.Range(0, 3), k => Assert.True(c[k][k] > 0.95)));
    }

    [Fact]
    public void Dawid_Skene_beats_majority_when_most_experts_are_biased()
    {
        // Three careful experts (80 % right) and four biased ones who answer "0" four times in five
        // whatever they see: the majority follows the biased four; Dawid–Skene learns that their "0"
        // says nothing, and does as well as a vote of the careful three alone (which knows who they are).
        var rng = new Random(7);
        const int items = 600, k = 3, careful = 3, experts = 7;
        var truth = Enumerable.Range(0, items).Select(_ => rng.Next(k)).ToArray();
        var labels = new List<(int Item, int Expert, int Label)>();
        for (var i = 0; i < items; i++)
            for (var e = 0; e < experts; e++)
            {
                int l;
                if (e < careful) l = rng.NextDouble() < 0.8 ? truth[i] : (truth[i] + 1 + rng.Next(k - 1)) % k;
                else l = rng.NextDouble() < 0.8 ? 0 : rng.Next(k);
                labels.Add((i, e, l));
            }
        var ds = new DawidSkene(k).Fit(items, experts, labels);
        int[] Vote(Func<int, bool> who) => Enumerable.Range(0, items)
            .Select(i => MajorityVote.Of(labels.Where(t => t.Item == i && who(t.Expert)).Select(t => t.Label), k).Label).ToArray();
        double Accuracy(int[] p) => truth.Zip(p).Count(q => q.First == q.Second) / (double)items;
        var dsAccuracy = Accuracy(ds.Labels);
        var majorityAccuracy = Accuracy(Vote(_ => true));
        var carefulAccuracy = Accuracy(Vote(e => e < careful));
        Assert.True(dsAccuracy > majorityAccuracy + 0.3, $"Dawid–Skene {dsAccuracy:F3} vs majority {majorityAccuracy:F3}");
        Assert.True(dsAccuracy >= carefulAccuracy - 0.02, $"Dawid–Skene {dsAccuracy:F3} vs the careful experts' vote {carefulAccuracy:F3}");
        // The careful experts' diagonals come out near 0.8; a biased expert says 0 to any class.
        Assert.InRange(ds.Confusions[0][1][1], 0.7, 0.9);
        Assert.True(ds.Confusions[3][2][0] > 0.7, $"biased expert's P(says 0 | class 2) = {ds.Confusions[3][2][0]:F2}");
    }

    static Consensus Of(params (string User, int Image, int Label)[] labels)
    {
        var current = labels.GroupBy(l => l.User).ToDictionary(g => g.Key, g => g.ToDictionary(l => l.Image, l => l.Label));
        return Consensus.Compute(["a", "b"], i => $"img{i}", current);
    }

    [Fact]
    public void Consensus_rows_carry_majority_agreement_and_Dawid_Skene_per_labelled_image()
    {
        var c = Of(("ann", 0, 1), ("bob", 0, 1), ("cat", 0, 0), ("ann", 3, 0));
        Assert.Equal([0, 3], c.Rows.Select(r => r.Image));
        Assert.Equal(1, c[0]!.Majority);
        Assert.Equal(2.0 / 3, c[0]!.Agreement, 12);
        Assert.Equal(1, c[0]!.DawidSkene);
        Assert.Equal(1.0, c[3]!.Agreement);
        Assert.Null(c[1]);
        var csv = c.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("image,name,votes,majority,agreement,tie,dawid_skene,confidence,p_a,p_b", csv[0]);
        Assert.StartsWith("0,img0,3,b,0.6667,false,b,", csv[1]);
        Assert.Equal(3, csv.Length);
    }

    [Fact]
    public void Consensus_as_a_DataFrame_holds_the_rows_and_columns_of_the_CSV()
    {
        var c = Of(("ann", 0, 1), ("bob", 0, 1), ("cat", 0, 0), ("ann", 3, 0));
        var df = c.ToDataFrame();
        Assert.Equal(["image", "name", "votes", "majority", "agreement", "tie", "dawid_skene", "confidence", "p_a", "p_b"],
                     df.Columns.Select(col => col.Name));
        Assert.Equal(2, df.Rows.Count);
        Assert.Equal(0, (int)df["image"][0]!);
        Assert.Equal("b", (string)df["majority"][0]!);
        Assert.Equal(2.0 / 3, (double)df["agreement"][0]!, 12);
        Assert.Equal(3, (int)df["image"][1]!);
        Assert.Equal(1.0, (double)df["p_a"][1]! + (double)df["p_b"][1]!, 9);
    }

    [Fact]
    public void Ask_next_puts_disagreements_first_then_unlabelled_by_anomaly_and_skips_the_users_own()
    {
        // ann and bob agree on images 10-29 (so both look reliable), disagree on image 0, and only ann
        // labelled image 1; images 2-9 are unlabelled, with anomaly scores.
        var labels = new List<(string, int, int)> { ("ann", 0, 0), ("bob", 0, 1), ("ann", 1, 1) };
        for (var i = 10; i < 30; i++) labels.AddRange([("ann", i, i % 2), ("bob", i, i % 2)]);
        var c = Of([.. labels]);
        var anomaly = new double[30];
        double[] scores = [0.3, 0.9, 0.1, 0.5, 0.7, 0.2, 0.8, 0.4];
        scores.CopyTo(anomaly, 2);
        var forCat = AskNext.Order(30, c, new HashSet<int>(), anomaly);
        Assert.Equal([0, 1, 3, 8, 6, 5, 9, 2, 7, 4], forCat.Take(10));
        Assert.Equal(Enumerable.Range(10, 20), forCat.Skip(10));      // settled last
        var forAnn = AskNext.Order(30, c, c.Rows.Where(r => r.Image < 2 || r.Image >= 10).Select(r => r.Image).ToHashSet(), anomaly);
        Assert.Equal([3, 8, 6, 5, 9, 2, 7, 4], forAnn);
    }
}
