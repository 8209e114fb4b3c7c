using System.Reflection;
using System.Text.Json;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.RealKernel;

/// <summary>The runner's C# is the real kernel's: the same imports and magic commands (as the pinned
/// dotnet tool reports them about itself), the same helper functions, and a cell that fails to compile
/// in one fails in the other.</summary>
[Collection(RealKernelCollection.Name)]
public class KernelLanguageTests(RealKernelFixture real)
{
    [Fact]
    public void Recorded_language_equals_what_the_pinned_kernel_reports()
    {
        var reported = KernelLanguage.Parse(real.LanguageJson);
        var recorded = KernelLanguage.DotNetInteractive;
        var same = reported.Kernel == recorded.Kernel
            && reported.Imports.SequenceEqual(recorded.Imports)
            && reported.StaticImports.SequenceEqual(recorded.StaticImports)
            && reported.CSharpDirectives.SequenceEqual(recorded.CSharpDirectives)
            && reported.CompositeDirectives.SequenceEqual(recorded.CompositeDirectives);
        Assert.True(same, "runner/Kernel/dotnet-interactive-csharp.json differs from what the kernel reports; "
            + "its fields should read (helpers aside):\n" + real.LanguageJson);
        Assert.Equal(recorded.Imports, CSharpKernel.DefaultImports);
    }

    [Fact]
    public void Runner_magics_are_the_real_kernels()
    {
        string[] ours = ["#r", "#!csharp", "#!c#", "#!C#", "#!markdown"];
        Assert.All(ours, d => Assert.Contains(d, KernelLanguage.DotNetInteractive.Directives));
    }

    [Fact]
    public void Cell_globals_are_the_real_kernels_static_helpers()
    {
        var helpers = JsonDocument.Parse(real.LanguageJson).RootElement.GetProperty("helpers").EnumerateArray().Select(h => h.GetString()).ToHashSet();
        var ours = typeof(KernelGlobals).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name + "(" + string.Join(", ", m.GetParameters().Select(p => p.ParameterType.FullName)) + ")").ToList();
        Assert.NotEmpty(ours);
        Assert.All(ours, o => Assert.Contains(o, helpers));
    }

    [Theory]
    [InlineData("var p = Path.Combine(\"a\", \"b\");", "CS0103")]          // System.IO is not imported
    [InlineData("var t = new Thread(() => { });", "CS0246")]               // nor System.Threading
    [InlineData("var h = new HttpClient();", "CS0246")]                    // nor System.Net.Http
    [InlineData("var f = Formatter.ListExpansionLimit;", "CS0103")]         // nor the Formatting namespace
    [InlineData("var sb = new StringBuilder(); var l = new List<int> { 1 }.Select(x => x).ToList(); var a = new ArrayList(); await Task.Yield(); display(HTML(\"<b>ok</b>\"));", null)]
    public async Task A_cell_compiles_in_the_runner_exactly_when_it_compiles_in_the_real_kernel(string code, string? error)
    {
        var there = real.Kernel.Submit(code);
        var here = await NotebookHarness.RunAsync(code);
        if (error is null)
        {
            Assert.True(there.Succeeded, there.Error);
            Assert.True(here.Succeeded, here.Error);
        }
        else
        {
            Assert.False(there.Succeeded);
            Assert.Contains(error, there.Error);
            Assert.False(here.Succeeded);
            Assert.Contains(error, here.Error);
        }
    }
}
