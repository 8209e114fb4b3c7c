using System.Text.RegularExpressions;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Display;

/// <summary>The real kernel shows a value in exactly its preferred MIME types, so every library type that
/// names them must name text/plain too (VS Code and Jupyter fall back to it, and it is what a log shows).</summary>
public class PlainTextTwinTests
{
    [Fact]
    public void Every_preferred_mime_type_list_in_the_library_includes_text_plain()
    {
        var calls = Directory.EnumerateFiles(Repo.PathOf("lib"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"SetPreferredMimeTypesFor\((?<args>[^;]*)\);").Select(m => (File: Path.GetRelativePath(Repo.Root, f), m.Groups["args"].Value)))
            .ToList();
        Assert.True(calls.Count >= 10, $"only {calls.Count} calls found");
        Assert.All(calls, c => Assert.True(c.Value.Contains("\"text/plain\"") || c.Value.Contains("PlainText"), $"{c.File}: SetPreferredMimeTypesFor({c.Value}) leaves out text/plain"));
    }
}
