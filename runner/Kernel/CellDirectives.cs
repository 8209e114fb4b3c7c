using System.Text.RegularExpressions;

namespace NotebookLib.Kernel;

/// <summary>
/// The lines of a cell that are for the kernel, not the compiler: `#!csharp` / `#!c#` (this is C#),
/// `#!markdown` (this cell is prose), and `#r "path.dll"` (reference an assembly). They are blanked in
/// the code handed to Roslyn so that compiler line numbers stay those of the cell. These are a subset
/// of the real kernel's magic commands (<see cref="KernelLanguage"/>); the others are refused by name.
/// </summary>
public sealed partial record CellDirectives(string Code, IReadOnlyList<(string Path, int Line)> References, bool IsMarkdown)
{
    [GeneratedRegex("""^\s*#r\s+"(?<path>[^"]+)"\s*;?\s*$""")]
    private static partial Regex ReferenceLine();

    [GeneratedRegex(@"^\s*#!(?<magic>\S+)")]
    private static partial Regex MagicLine();

    public static CellDirectives Parse(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var references = new List<(string, int)>();
        var isMarkdown = false;
        var sawCode = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (ReferenceLine().Match(line) is { Success: true } r)
            {
                var path = r.Groups["path"].Value;
                if (path.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                    throw new KernelDirectiveException($"line {i + 1}: #r \"{path}\": NuGet package references are not supported by this runner (no NuGet feed at execution time); reference a built .dll instead");
                references.Add((path, i + 1));
                lines[i] = "";
            }
            else if (MagicLine().Match(line) is { Success: true } m)
            {
                var magic = m.Groups["magic"].Value;
                switch (magic)
                {
                    case "csharp" or "c#" or "C#":
                        break;
                    case "markdown" when !sawCode:
                        isMarkdown = true;
                        break;
                    default:
                        throw new KernelDirectiveException(KernelLanguage.DotNetInteractive.Directives.Contains("#!" + magic, StringComparer.Ordinal)
                            ? $"line {i + 1}: #!{magic} is a magic command of the .NET Interactive kernel that this runner does not implement: it executes C# cells (#!csharp) and skips prose (#!markdown at the top of a cell)"
                            : $"line {i + 1}: unknown magic command #!{magic}: neither this runner nor the .NET Interactive kernel knows it");
                }
                lines[i] = "";
            }
            else if (line.Trim().Length > 0) sawCode = true;
            if (isMarkdown) break;
        }
        return new CellDirectives(string.Join('\n', lines), references, isMarkdown);
    }
}

/// <summary>A kernel directive (#r, #!…) that cannot be honoured; the message names the line.</summary>
public sealed class KernelDirectiveException(string message) : Exception(message);
