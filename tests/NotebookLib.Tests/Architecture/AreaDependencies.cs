using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Architecture;

/// <summary>Which library areas (lib/&lt;Area&gt;/, namespace NotebookLib.&lt;Area&gt;) each area's code names:
/// every type, member and extension method a file binds to, found by compiling lib/ with Roslyn.
/// Fully qualified names and extension methods count as much as using directives.</summary>
public static class AreaDependencies
{
    static readonly Lazy<IReadOnlyList<(string From, string To, string Where)>> edges = new(Compute);

    /// <summary>Every (area, area it uses, first file:line where it does so).</summary>
    public static IReadOnlyList<(string From, string To, string Where)> Edges => edges.Value;

    static IReadOnlyList<(string, string, string)> Compute()
    {
        var lib = Repo.PathOf("lib");
        var files = Directory.EnumerateFiles(lib, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")).ToList();
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = tpa.Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => a.Location))
            .Where(p => !Path.GetFileName(p).StartsWith("NotebookLib", StringComparison.Ordinal))
            .Distinct().Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("layers", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        var found = new Dictionary<(string, string), string>();
        foreach (var tree in trees)
        {
            var from = AreaOf(Path.GetRelativePath(lib, tree.FilePath));
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(node).Symbol ?? model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault();
                var ns = symbol switch
                {
                    null or INamespaceSymbol => null,
                    ITypeSymbol t => t.ContainingNamespace,
                    _ => symbol.ContainingType?.ContainingNamespace,
                };
                var to = ns is null ? null : AreaOfNamespace(ns.ToDisplayString());
                if (to is null || to == from) continue;
                var line = tree.GetLineSpan(node.Span).StartLinePosition.Line + 1;
                found.TryAdd((from, to), $"lib/{Path.GetRelativePath(lib, tree.FilePath)}:{line} ({node.Identifier.Text})");
            }
        }
        return found.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value)).OrderBy(e => e.Item1).ThenBy(e => e.Item2).ToList();
    }

    static string AreaOf(string relativePath) => relativePath.Split(Path.DirectorySeparatorChar)[0];

    static string? AreaOfNamespace(string ns)
    {
        var parts = ns.Split('.');
        return parts.Length >= 2 && parts[0] == "NotebookLib" ? parts[1] : null;
    }
}
