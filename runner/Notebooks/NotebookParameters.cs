using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NotebookLib.Configuration;

namespace NotebookLib.Notebooks;

/// <summary>
/// Parameters the papermill way: the cell tagged "parameters" declares defaults
/// (`var scale = "default";`, `int epochs = 5;`); given values are injected in a new cell tagged
/// "injected-parameters" right after it, re-declaring each with its default's type. The settings that
/// the environment owns (<see cref="EnvironmentNames"/>) are injected from it too, unless given.
/// </summary>
public static class NotebookParameters
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>Parameters that come from the environment (environment.json runtime.*, NOTEBOOKLIB_*) when a
    /// notebook declares them and the command line does not give them.</summary>
    public static readonly IReadOnlyList<string> EnvironmentNames = ["scale", "seed", "device"];

    /// <summary>The parameters a notebook declares: name → (C# type or null for var, default literal).</summary>
    public static IReadOnlyDictionary<string, (string? Type, ExpressionSyntax Default)> Declared(Notebook notebook)
    {
        var cell = notebook.Cells.FirstOrDefault(c => c.Type == CellType.Code && c.HasTag(ParametersTag));
        var result = new Dictionary<string, (string?, ExpressionSyntax)>();
        if (cell is null) return result;
        var root = CSharpSyntaxTree.ParseText(cell.Source, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetRoot();
        foreach (var decl in root.DescendantNodes().OfType<VariableDeclarationSyntax>())
        {
            var type = decl.Type.IsVar ? null : decl.Type.ToString();
            foreach (var v in decl.Variables)
                if (v.Initializer is not null) result[v.Identifier.Text] = (type, v.Initializer.Value);
        }
        return result;
    }

    /// <summary>The environment's scale, seed and device for each of them that the parameters cell declares
    /// and <paramref name="given"/> leaves out, as text; a value that equals the declared default is left
    /// out too, so a run on the defaults injects nothing.</summary>
    public static Dictionary<string, string> FromEnvironment(Notebook notebook, IReadOnlyDictionary<string, string> given,
        EnvironmentSettings settings, string source = "notebook")
    {
        var declared = Declared(notebook);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in EnvironmentNames)
        {
            if (given.ContainsKey(name) || !declared.TryGetValue(name, out var d)) continue;
            var value = name switch
            {
                "scale" => settings.Scale,
                "seed" => settings.Seed.ToString(CultureInfo.InvariantCulture),
                _ => settings.Device,
            };
            if (Literal(name, value, d.Type, d.Default, $"{source} ({Origin(name)})") != d.Default.ToString()) result[name] = value;
        }
        return result;
    }

    static string Origin(string name) => $"environment.json runtime.{name} or NOTEBOOKLIB_{name.ToUpperInvariant()}";

    /// <summary>Inserts the injected-parameters cell: the given values, then those
    /// <paramref name="fromEnvironment"/> adds (see <see cref="FromEnvironment"/>). Unknown names, values that
    /// do not parse as the default's type, or parameters for a notebook without a parameters cell are errors.</summary>
    public static void Inject(Notebook notebook, IReadOnlyDictionary<string, string> values, string source = "notebook",
        IReadOnlyDictionary<string, string>? fromEnvironment = null)
    {
        notebook.Cells.RemoveAll(c => c.HasTag(InjectedTag));
        fromEnvironment ??= new Dictionary<string, string>();
        if (values.Count == 0 && fromEnvironment.Count == 0) return;
        var index = notebook.Cells.FindIndex(c => c.Type == CellType.Code && c.HasTag(ParametersTag));
        if (index < 0)
            throw new ArgumentException($"{source}: no cell is tagged '{ParametersTag}', so it takes no parameters (given: {string.Join(", ", values.Keys)})");
        var declared = Declared(notebook);
        var unknown = values.Keys.Where(k => !declared.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{source}: unknown parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}; the parameters cell declares: {string.Join(", ", declared.Keys)}");

        var lines = new List<string> { "// Parameters given for this run" };
        foreach (var (name, text) in values)
        {
            var (type, @default) = declared[name];
            lines.Add($"{type ?? "var"} {name} = {Literal(name, text, type, @default, source)};");
        }
        foreach (var (name, text) in fromEnvironment.Where(kv => !values.ContainsKey(kv.Key)))
        {
            var (type, @default) = declared[name];
            lines.Add($"{type ?? "var"} {name} = {Literal(name, text, type, @default, $"{source} ({Origin(name)})")};   // {Origin(name)}");
        }
        notebook.Cells.Insert(index + 1, NotebookCell.Code(string.Join("\n", lines), InjectedTag));
    }

    /// <summary>Parses "k=v" pairs from the command line.</summary>
    public static Dictionary<string, string> ParsePairs(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in pairs)
        {
            var eq = p.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--param '{p}': expected name=value");
            result[p[..eq].Trim()] = p[(eq + 1)..];
        }
        return result;
    }

    static string Literal(string name, string text, string? type, ExpressionSyntax @default, string source)
    {
        var kind = type ?? @default switch
        {
            LiteralExpressionSyntax l when l.IsKind(SyntaxKind.StringLiteralExpression) => "string",
            LiteralExpressionSyntax l when l.IsKind(SyntaxKind.TrueLiteralExpression) || l.IsKind(SyntaxKind.FalseLiteralExpression) => "bool",
            LiteralExpressionSyntax l when l.IsKind(SyntaxKind.NumericLiteralExpression) => l.Token.Value switch
            {
                int => "int",
                long => "long",
                double => "double",
                float => "float",
                decimal => "decimal",
                _ => "double",
            },
            PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax n } when n.IsKind(SyntaxKind.NumericLiteralExpression) => n.Token.Value is int ? "int" : "double",
            _ => "string",
        };
        var ci = CultureInfo.InvariantCulture;
        string Bad() => throw new ArgumentException($"{source}: parameter {name} is {kind}, and '{text}' is not a {kind}");
        return kind switch
        {
            "string" or "string?" => SymbolDisplay.FormatLiteral(text, quote: true),
            "bool" => bool.TryParse(text, out var b) ? (b ? "true" : "false") : Bad(),
            "int" => int.TryParse(text, NumberStyles.Integer, ci, out var i) ? i.ToString(ci) : Bad(),
            "long" => long.TryParse(text, NumberStyles.Integer, ci, out var l) ? l.ToString(ci) + "L" : Bad(),
            "double" => double.TryParse(text, NumberStyles.Float, ci, out var d) ? d.ToString("R", ci) + "d" : Bad(),
            "float" => float.TryParse(text, NumberStyles.Float, ci, out var f) ? f.ToString("R", ci) + "f" : Bad(),
            "decimal" => decimal.TryParse(text, NumberStyles.Float, ci, out var m) ? m.ToString(ci) + "m" : Bad(),
            _ => throw new ArgumentException($"{source}: parameter {name} has type {kind}, which cannot be given on the command line (use string, bool, int, long, float, double or decimal)"),
        };
    }
}
