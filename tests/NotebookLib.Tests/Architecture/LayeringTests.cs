namespace NotebookLib.Tests.Architecture;

/// <summary>The library's areas only look down. The display layer, the runner and the benchmarks are
/// separate assemblies (the compiler keeps them apart); inside NotebookLib.dll this test does.</summary>
public class LayeringTests
{
    /// <summary>Bottom to top; an area may use the areas of lower rank only (areas of one rank are
    /// independent of each other), so the graph has no cycles. Display is its own assembly below all.</summary>
    static readonly Dictionary<string, int> Rank = new()
    {
        ["Display"] = 0,
        ["Configuration"] = 1,
        ["IO"] = 2,
        ["Fits"] = 3,
        ["Torch"] = 3,
        ["Imaging"] = 4,
        ["Data"] = 5,
        ["Analysis"] = 6,
        ["Plotting"] = 7,
        ["Models"] = 8,
    };

    [Fact]
    public void Every_library_folder_has_a_place_in_the_layers()
    {
        var areas = Directory.GetDirectories(Support.Repo.PathOf("lib")).Select(Path.GetFileName).ToList();
        Assert.All(areas, a => Assert.True(Rank.ContainsKey(a!), $"lib/{a}/ has no rank in LayeringTests.Rank: decide which areas it stands on"));
    }

    [Fact]
    public void Library_areas_use_only_the_areas_below_them()
    {
        var upward = AreaDependencies.Edges
            .Where(e => !Rank.TryGetValue(e.From, out var from) || !Rank.TryGetValue(e.To, out var to) || to >= from)
            .Select(e => $"{e.From} uses {e.To} at {e.Where}")
            .ToList();
        Assert.True(upward.Count == 0, "arrows that point up or sideways:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void The_dependency_scan_sees_the_known_downward_arrows()
    {
        // Guards the scan itself: a broken scan that finds nothing would pass the test above.
        Assert.Contains(AreaDependencies.Edges, e => e.From == "Fits" && e.To == "IO");
        Assert.Contains(AreaDependencies.Edges, e => e.From == "Models" && e.To == "Torch");
        Assert.Contains(AreaDependencies.Edges, e => e.From == "Plotting" && e.To == "Display");
        Assert.Contains(AreaDependencies.Edges, e => e.From == "Data" && e.To == "Imaging");
        Assert.Contains(AreaDependencies.Edges, e => e.From == "Imaging" && e.To == "Fits");
    }
}

public class TestNamingTests
{
    [Fact]
    public void Every_test_is_named_as_a_sentence_with_underscores()
    {
        var style = new System.Text.RegularExpressions.Regex("^[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$");
        var tests = typeof(TestNamingTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes(typeof(FactAttribute), true).Length > 0)
            .ToList();
        Assert.True(tests.Count > 100, $"only {tests.Count} tests found by reflection");
        var odd = tests.Where(m => !style.IsMatch(m.Name)).Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.True(odd.Count == 0, "test names that are not sentences with underscores: " + string.Join(", ", odd));
    }
}
