using System.Diagnostics;
using System.Text.Json;
using NotebookLib.Tests.Support;
using Xunit.Abstractions;

namespace NotebookLib.Tests.Explorer;

/// <summary>The explorer in a real browser (Debian's Chromium through playwright-core) over 10,000 generated
/// cutouts: two experts log in, move with the keyboard, label ten images each, reload, and see their labels
/// and the consensus; what the page shows is checked against what the server stored. Screenshots stay
/// under build/test-artifacts/explorer/.</summary>
[Collection(ExplorerLoadCollection.Name)]
public class ExplorerBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_experts_label_by_keyboard_and_after_a_reload_see_their_labels_and_the_consensus()
    {
        await using var host = await ExplorerHost.StartAsync(count: 10_000);
        var artifacts = Repo.PathOf("build", "test-artifacts", "explorer");
        var r = RunChromium(host.Server.Url, artifacts);
        output.WriteLine(r.ToString());

        Assert.Empty(r.GetProperty("errors").EnumerateArray());
        Assert.Empty(r.GetProperty("externalRequests").EnumerateArray());
        Assert.Contains("10000 images", r.GetProperty("title").GetString());
        // Only what is on screen was asked for: a handful of tiles, not the 157 that hold 10,000 cutouts.
        var atStart = r.GetProperty("tileRequestsAtStart").GetInt32();
        Assert.InRange(atStart, 1, 24);
        Assert.Equal(atStart, r.GetProperty("tileImages").GetInt32());

        var moved = r.GetProperty("moved");
        var cols = moved.GetProperty("cols").GetInt32();
        Assert.Equal((3, 2), (moved.GetProperty("col").GetInt32(), moved.GetProperty("row").GetInt32()));
        var first = 2 * cols + 3;                     // index order: image id = position
        Assert.StartsWith($"#{first} demo-{first:D5}", r.GetProperty("focusName").GetString());
        var after = r.GetProperty("afterLabels");
        Assert.Equal(first + 10, after.GetProperty("row").GetInt32() * cols + after.GetProperty("col").GetInt32());

        var images = Enumerable.Range(first, 10).ToArray();
        int[] alice = [1, 2, 0, 3, 1, 1, 2, 0, 3, 1], bob = [1, 2, 0, 3, 1, 0, 0, 0, 0, 0];
        static IEnumerable<(int, int)> Pairs(JsonElement badges) =>
            badges.EnumerateArray().Select(b => (b.GetProperty("image").GetInt32(), b.GetProperty("label").GetInt32())).Order();
        Assert.Equal(images.Zip(alice), Pairs(r.GetProperty("alice")));
        Assert.Contains("9990 shown", r.GetProperty("hiddenStatus").GetString());
        Assert.Equal(0, r.GetProperty("badgesWhileHidden").GetInt32());
        Assert.Equal(96, r.GetProperty("zoomedIn").GetInt32());
        Assert.Equal(64, r.GetProperty("zoomedBack").GetInt32());
        Assert.True(r.GetProperty("helpShown").GetBoolean());
        Assert.True(r.GetProperty("helpClosed").GetBoolean());
        Assert.Equal(10, r.GetProperty("bobSeesAlice").GetInt32());

        // After the reload: bob is remembered, his badges and the consensus badges are drawn.
        Assert.Equal("user: bob", r.GetProperty("userAfterReload").GetString());
        Assert.Equal(images.Zip(bob), Pairs(r.GetProperty("bob")));
        var shown = r.GetProperty("consensus").EnumerateArray().ToDictionary(b => b.GetProperty("image").GetInt32());
        Assert.Equal(images, shown.Keys.Order());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(alice[i], shown[images[i]].GetProperty("label").GetInt32());
            Assert.EndsWith("100%", shown[images[i]].GetProperty("text").GetString());
        }
        Assert.EndsWith("50%", shown[images[5]].GetProperty("text").GetString());
        Assert.Contains("tie", r.GetProperty("focusConsensus").GetString());
        Assert.Contains("alice", r.GetProperty("focusLabels").GetString());
        Assert.Contains("bob", r.GetProperty("focusLabels").GetString());

        // What the page showed is what the server stored.
        var stored = await host.GetJson("api/labels?user=alice");
        Assert.Equal(images.Zip(alice), stored.GetProperty("labels").EnumerateArray().Select(l => (l.GetProperty("image").GetInt32(), l.GetProperty("label").GetInt32())));
        var consensus = (await host.GetJson("api/consensus")).GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(10, consensus.Count);
        Assert.All(consensus, c => Assert.Equal(shown[c.GetProperty("image").GetInt32()].GetProperty("label").GetInt32(), c.GetProperty("dawidSkene").GetInt32()));
        foreach (var shot in new[] { "1-mosaic.png", "2-alice-labelled.png", "3-bob-after-reload.png" })
            Assert.True(new FileInfo(Path.Combine(artifacts, shot)).Length > 10_000, $"screenshot {shot} is missing or empty");
    }

    static JsonElement RunChromium(string url, string outDir)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        psi.ArgumentList.Add(Repo.PathOf("tests", "NotebookLib.Tests", "Explorer", "explorer-check.cjs"));
        psi.ArgumentList.Add(url);
        psi.ArgumentList.Add(outDir);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(150)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish with the explorer in 150 s: {err.Result}");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"the explorer's browser check failed (exit {p.ExitCode}): {err.Result}");
        return JsonDocument.Parse(stdout.Result).RootElement.Clone();
    }
}
