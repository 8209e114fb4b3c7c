using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.RealKernel;

/// <summary>One real .NET Interactive kernel for a test class (it takes seconds to start), asked first,
/// while nothing has been submitted yet, what its C# cells have without asking.</summary>
public sealed class RealKernelFixture : IDisposable
{
    /// <summary>C# run in the real kernel: its imports (script options and the `using` lines of the set-up
    /// submissions it made before ours), its magic commands and its helper functions, as JSON.</summary>
    const string LanguageQuery = """
        var csharp = (Microsoft.DotNet.Interactive.CSharp.CSharpKernel)Microsoft.DotNet.Interactive.KernelExtensions.FindKernelByName(Microsoft.DotNet.Interactive.Kernel.Root, "csharp");
        var imports = new SortedSet<string>(StringComparer.Ordinal);
        var statics = new SortedSet<string>(StringComparer.Ordinal);
        for (var s = csharp.ScriptState?.Script; s is not null; s = s.Previous)
        {
            imports.UnionWith(s.Options.Imports);
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(s.Code, @"^\s*using\s+(static\s+)?([\w.]+)\s*;", System.Text.RegularExpressions.RegexOptions.Multiline))
                (m.Groups[1].Success ? statics : imports).Add(m.Groups[2].Value);
        }
        var version = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(Microsoft.DotNet.Interactive.Kernel).Assembly)!.InformationalVersion.Split('+')[0];
        var helpers = typeof(Microsoft.DotNet.Interactive.Kernel).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(m => !m.IsSpecialName).Select(m => m.Name + "(" + string.Join(", ", m.GetParameters().Select(p => p.ParameterType.FullName)) + ")").OrderBy(n => n, StringComparer.Ordinal);
        Console.Write(System.Text.Json.JsonSerializer.Serialize(new
        {
            kernel = "Microsoft.DotNet.Interactive " + version,
            imports,
            staticImports = statics,
            csharpDirectives = csharp.KernelInfo.SupportedDirectives.Select(d => d.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal),
            compositeDirectives = Microsoft.DotNet.Interactive.Kernel.Root.KernelInfo.SupportedDirectives.Select(d => d.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal),
            helpers,
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        """;

    public RealKernelFixture()
    {
        Kernel = RealKernelProcess.Start(Repo.Root);
        var reply = Kernel.Submit(LanguageQuery);
        if (!reply.Succeeded) throw new InvalidOperationException($"the language query failed in the real kernel: {reply.Error}");
        LanguageJson = reply.StandardOutput;
    }

    public RealKernelProcess Kernel { get; }

    /// <summary>What the kernel said about its language (the KernelLanguage fields and its helpers).</summary>
    public string LanguageJson { get; }

    public void Dispose() => Kernel.Dispose();
}
