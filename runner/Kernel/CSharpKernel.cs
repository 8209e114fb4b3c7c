using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookLib.Kernel;

/// <summary>
/// The execution core: C# submissions on Roslyn scripting, each continuing the previous one's script
/// state as the .NET Interactive C# kernel does. It knows nothing of notebooks: the runner feeds it
/// cells, and an interactive kernel could feed it requests.
/// </summary>
public sealed class CSharpKernel
{
    /// <summary>The namespaces a .NET Interactive C# cell has without asking: exactly the real kernel's,
    /// so that a cell relying on one more (System.IO's Path) fails here as it would there. The real
    /// kernel's `using static Microsoft.DotNet.Interactive.Kernel` (display, HTML) is <see cref="KernelGlobals"/>.</summary>
    public static IReadOnlyList<string> DefaultImports => KernelLanguage.DotNetInteractive.Imports;

    static readonly Lazy<IReadOnlyList<MetadataReference>> frameworkReferences = new(LoadFrameworkReferences);
    static readonly ConcurrentDictionary<string, bool> probedFolders = new();

    readonly KernelGlobals globals;
    ScriptOptions options;
    ScriptState<object>? state;
    IKernelOutput? activeOutput;
    int submissions;

    /// <param name="baseDirectory">Where relative #r paths are resolved: the notebook's folder.</param>
    public CSharpKernel(string baseDirectory)
    {
        BaseDirectory = Path.GetFullPath(baseDirectory);
        ConsoleRouter.Install();
        globals = new KernelGlobals(() => KernelContext.Current ?? activeOutput);
        options = ScriptOptions.Default
            .WithReferences(frameworkReferences.Value)
            .AddReferences(typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly,
                           typeof(Microsoft.AspNetCore.Html.HtmlString).Assembly,
                           typeof(KernelGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(BaseDirectory))
            .WithSourceResolver(new SourceFileResolver([], BaseDirectory))
            .WithEmitDebugInformation(true)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(true)
            .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
    }

    public string BaseDirectory { get; }

    /// <summary>Variables declared so far, newest value of each name.</summary>
    public IReadOnlyDictionary<string, object?> Variables =>
        state?.Variables.GroupBy(v => v.Name).ToDictionary(g => g.Key, g => (object?)g.Last().Value) ?? new Dictionary<string, object?>();

    /// <summary>
    /// Compiles and runs one C# submission. Output (Console, display) goes to <paramref name="output"/>.
    /// On timeout the submission's thread is abandoned (a running .NET thread cannot be stopped safely):
    /// the kernel must not be used afterwards, which the runner guarantees by stopping.
    /// </summary>
    public async Task<SubmissionResult> SubmitAsync(string source, IKernelOutput output, string cellName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        submissions++;
        CellDirectives directives;
        try
        {
            directives = CellDirectives.Parse(source);
            foreach (var (path, line) in directives.References) AddReference(path, line);
        }
        catch (Exception e) when (e is KernelDirectiveException or FileNotFoundException or BadImageFormatException or FileLoadException)
        {
            return new SubmissionResult(SubmissionStatus.CompilationFailed, Exception: e, Diagnostics: [e.Message]);
        }
        if (directives.IsMarkdown) return new SubmissionResult(SubmissionStatus.Succeeded);

        var cellOptions = options.WithFilePath(Path.Combine(BaseDirectory, cellName));
        // From a UTF-8 stream rather than a string: Roslyn emits debug information (cell line numbers in
        // stack traces) only for source text with a known encoding.
        var code = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(directives.Code));
        var script = state is null
            ? CSharpScript.Create<object>(code, cellOptions, typeof(KernelGlobals))
            : state.Script.ContinueWith<object>(code, cellOptions);
        var diagnostics = script.Compile(cancellationToken);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var messages = errors.Select(Describe).ToList();
            return new SubmissionResult(SubmissionStatus.CompilationFailed, Diagnostics: messages,
                ErrorLine: errors[0].Location.GetLineSpan().StartLinePosition.Line + 1);
        }
        // The real kernel prints a cell's compiler warnings on stderr (e.g. CS8632, a nullable annotation
        // outside a nullable context); so does the runner, so a notebook looks the same in both.
        foreach (var w in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
            output.WriteStream("stderr", Describe(w) + "\n");
        var hasValue = EndsWithExpression(script.GetCompilation().SyntaxTrees.Last());

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var previous = state;
        var run = Task.Run(async () =>
        {
            using var _ = KernelContext.Enter(output);
            activeOutput = output;
            try
            {
                return previous is null
                    ? await script.RunAsync(globals, _ => true, cts.Token).ConfigureAwait(false)
                    : await script.RunFromAsync(previous, _ => true, cts.Token).ConfigureAwait(false);
            }
            finally { activeOutput = null; }
        }, CancellationToken.None);

        var finished = await Task.WhenAny(run, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        if (finished != run)
        {
            cts.Cancel();
            return new SubmissionResult(SubmissionStatus.TimedOut,
                Exception: new TimeoutException($"{cellName} did not finish within {timeout.TotalSeconds:0.###} s"));
        }
        ScriptState<object> next;
        try { next = await run.ConfigureAwait(false); }
        catch (Exception e)
        {
            return new SubmissionResult(SubmissionStatus.Failed, Exception: e, ErrorLine: LineOf(e, cellName));
        }
        state = next;
        if (next.Exception is { } ex)
            return new SubmissionResult(SubmissionStatus.Failed, Exception: ex, ErrorLine: LineOf(ex, cellName));
        return new SubmissionResult(SubmissionStatus.Succeeded, hasValue, next.ReturnValue);
    }

    /// <summary>A submission has a value when its last statement is an expression without a semicolon.</summary>
    static bool EndsWithExpression(SyntaxTree tree) =>
        tree.GetRoot() is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax unit
        && unit.Members.LastOrDefault() is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax
        { Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true } };

    static string Describe(Diagnostic d)
    {
        var pos = d.Location.GetLineSpan().StartLinePosition;
        var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"line {pos.Line + 1}, column {pos.Character + 1}: {severity} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>The line of the cell where <paramref name="e"/> was thrown (the innermost frame in the cell's code).</summary>
    internal static int? LineOf(Exception e, string cellName)
    {
        for (var x = e; x is not null; x = x.InnerException)
            foreach (var frame in new StackTrace(x, fNeedFileInfo: true).GetFrames())
                if (frame.GetFileName() is { } file && Path.GetFileName(file) == cellName && frame.GetFileLineNumber() > 0)
                    return frame.GetFileLineNumber();
        return null;
    }

    /// <summary>#r "path.dll", relative to the notebook's folder. An assembly already loaded by name is
    /// used as it is (the notebook's #r of NotebookLib.dll inside the runner that is NotebookLib), so that
    /// types and registered formatters stay one.</summary>
    void AddReference(string path, int line)
    {
        var full = Path.GetFullPath(Path.Combine(BaseDirectory, path));
        if (!File.Exists(full))
            throw new FileNotFoundException($"line {line}: #r \"{path}\": file not found: {full}", full);
        var name = AssemblyName.GetAssemblyName(full);
        var assembly = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        if (assembly is null)
        {
            ProbeFolder(Path.GetDirectoryName(full)!);
            assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
        }
        options = string.IsNullOrEmpty(assembly.Location)
            ? options.AddReferences(MetadataReference.CreateFromFile(full))
            : options.AddReferences(assembly);
    }

    /// <summary>Lets a referenced assembly's dependencies load from its own folder, as Polyglot does.</summary>
    static void ProbeFolder(string folder)
    {
        if (!probedFolders.TryAdd(folder, true)) return;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
    }

    static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        // Every assembly of the shared frameworks this process runs on (Microsoft.NETCore.App and
        // Microsoft.AspNetCore.App), as a .NET Interactive C# kernel sees them.
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var frameworkDirs = new[] { typeof(object).Assembly.Location, typeof(Microsoft.AspNetCore.Html.HtmlString).Assembly.Location }
            .Select(Path.GetDirectoryName).ToHashSet();
        return tpa.Where(p => frameworkDirs.Contains(Path.GetDirectoryName(p)) && IsManaged(p))
                  .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    static bool IsManaged(string path)
    {
        try { AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }
}
