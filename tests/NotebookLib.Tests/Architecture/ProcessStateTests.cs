using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Architecture;

/// <summary>Tests run in parallel, so a test that seeds or counts something the whole process shares
/// races with every other test: it must run in a collection with parallelisation disabled (xunit runs
/// those alone, after the parallel ones).</summary>
public class ProcessStateTests
{
    /// <summary>What a test may not touch in parallel, as it is written in the tests' source: libtorch's
    /// global generator (seeded directly, or by Trainer and CoTeaching, which seed it), the live tensor
    /// count, environment variables and the console's writers.</summary>
    static readonly string[] SharedState =
        ["manual_seed", "LiveCount", "SetEnvironmentVariable", "SetOut", "SetError", "SetIn", "Trainer", "CoTeaching"];

    [Fact]
    public void Tests_that_use_process_wide_state_run_in_a_non_parallel_collection()
    {
        var tests = Repo.PathOf("tests", "NotebookLib.Tests");
        var users = new List<(string Class, string What, string Where)>();
        foreach (var file in Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var what = name.Identifier.Text;
                if (!SharedState.Contains(what) || name.Parent is UsingDirectiveSyntax) continue;
                if (name.Ancestors().OfType<ClassDeclarationSyntax>().LastOrDefault() is not { } cls) continue;
                var ns = name.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
                var line = tree.GetLineSpan(name.Span).StartLinePosition.Line + 1;
                users.Add(($"{ns}.{cls.Identifier.Text}", what, $"{Path.GetRelativePath(tests, file)}:{line}"));
            }
        }
        // The scan itself is checked: the known users are found.
        Assert.Contains(users, u => u.Class.EndsWith(".MemoryTests") && u.What == "LiveCount");
        Assert.Contains(users, u => u.Class.EndsWith(".TrainerTests") && u.What == "manual_seed");
        Assert.DoesNotContain(users, u => u.Class == typeof(ProcessStateTests).FullName);

        var assembly = typeof(ProcessStateTests).Assembly;
        var serial = assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributesData())
            .Where(a => a.AttributeType == typeof(CollectionDefinitionAttribute)
                        && a.NamedArguments.Any(n => n.MemberName == nameof(CollectionDefinitionAttribute.DisableParallelization) && (bool)n.TypedValue.Value!))
            .Select(a => (string)a.ConstructorArguments[0].Value!)
            .ToHashSet();
        string? CollectionOf(string className) => assembly.GetType(className)?.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute))?.ConstructorArguments[0].Value as string;

        var racing = users.Where(u => !(CollectionOf(u.Class) is { } c && serial.Contains(c)))
            .Select(u => $"{u.Class} uses {u.What} at {u.Where}").Distinct().ToList();
        Assert.True(racing.Count == 0, "tests outside a non-parallel collection that use process-wide state:\n" + string.Join("\n", racing));
    }
}
