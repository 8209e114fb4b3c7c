using System.Collections.Concurrent;
using System.Reflection;

namespace NotebookLib.Display;

/// <summary>
/// The cell output of the real .NET Interactive kernel (VS Code Polyglot Notebooks, the Jupyter kernel
/// of the dotnet tool Microsoft.dotnet-interactive), reached by reflection: displays and in-place updates
/// go through its KernelInvocationContext, so progress bars and training curves update live there as in
/// our runner. Reflection rather than a package reference: the kernel's assemblies are already loaded
/// whenever this can apply, and the package (1.0.0-beta.26120.1) would bring Roslyn's workspaces, Visual
/// Basic, System.Composition and System.Reactive into every notebook's #r folder and the runner, and pin
/// one kernel build against the many that VS Code ships.
/// </summary>
internal sealed class InteractiveKernelOutput : IKernelOutput
{
    const string KernelAssembly = "Microsoft.DotNet.Interactive";

    static volatile Api? api;
    static int watching;

    readonly object context;
    readonly ConcurrentDictionary<string, object> shown = new();

    InteractiveKernelOutput(object context) => this.context = context;

    /// <summary>The running cell of the real kernel, or null when this process hosts none (our runner,
    /// a console application) or no cell is running.</summary>
    public static IKernelOutput? Current()
    {
        var a = api ?? Find();
        return a?.Current.GetValue(null) is { } context ? new InteractiveKernelOutput(context) : null;
    }

    /// <summary>True when the real kernel's API is loaded in this process.</summary>
    public static bool KernelLoaded => (api ?? Find()) is not null;

    public void WriteStream(string name, string text)
    {
        // The kernel already sends Console.Out and Console.Error to the running cell.
        (name == "stderr" ? Console.Error : Console.Out).Write(text);
    }

    public DisplayedValue Display(object? value, params string[] mimeTypes)
    {
        // Exactly the MIME types our runner writes (the formatter's preferred ones and text/plain), which
        // the kernel formats with the same Formatter our types registered with.
        var types = mimeTypes.Length > 0 ? mimeTypes : MimeFormatter.DefaultMimeTypes(value).ToArray();
        var displayed = Invoke(api!.Display, null, context, value, types)!;
        var id = (string?)displayed.GetType().GetProperty("DisplayId")?.GetValue(displayed) ?? Guid.NewGuid().ToString("N");
        shown[id] = displayed;
        return new DisplayedValue(this, id, types);
    }

    public void Update(DisplayedValue displayed, object? value)
    {
        if (!shown.TryGetValue(displayed.DisplayId, out var target))
            throw new InvalidOperationException("this displayed value belongs to another cell");
        Invoke(target.GetType().GetMethod("Update", [typeof(object)])
               ?? throw new MissingMethodException(target.GetType().FullName, "Update(object)"), target, value);
    }

    static object? Invoke(MethodInfo method, object? target, params object?[] args)
    {
        try { return method.Invoke(target, args); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Looks through the loaded assemblies once; later loads are seen as they happen.</summary>
    static Api? Find()
    {
        if (Interlocked.Exchange(ref watching, 1) == 1) return api;
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => { if (e.LoadedAssembly.GetName().Name == KernelAssembly) api = Api.From(e.LoadedAssembly); };
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == KernelAssembly);
        return assembly is null ? api : api = Api.From(assembly);
    }

    /// <summary>The two members used: KernelInvocationContext.Current and
    /// KernelInvocationContextExtensions.Display(context, value, params string[] mimeTypes).</summary>
    sealed record Api(PropertyInfo Current, MethodInfo Display)
    {
        public static Api? From(Assembly kernel)
        {
            var current = kernel.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext")?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
            var display = kernel.GetType("Microsoft.DotNet.Interactive.KernelInvocationContextExtensions")?.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .FirstOrDefault(m => m.Name == "Display" && m.GetParameters() is [_, { ParameterType: var v }, { ParameterType: var t }] && v == typeof(object) && t == typeof(string[]));
            return current is null || display is null ? null : new Api(current, display);
        }
    }
}
