using Microsoft.AspNetCore.Html;

namespace NotebookLib.Kernel;

/// <summary>
/// What a C# cell sees besides its own declarations: the functions .NET Interactive's C# kernel
/// gives (display, HTML), with the same signatures, so notebooks run unchanged in Polyglot
/// Notebooks and in this runner. Public because Roslyn scripting binds cells against it.
/// </summary>
public class KernelGlobals
{
    readonly Func<IKernelOutput?> output;

    internal KernelGlobals(Func<IKernelOutput?> output) => this.output = output;

    /// <summary>Shows a value below the cell, formatted for the given MIME types (or the
    /// formatter's preferred ones); the returned handle updates it in place.</summary>
    public DisplayedValue display(object? value = null, params string[] mimeTypes) =>
        (output() ?? throw new InvalidOperationException("display() was called outside a running cell"))
            .Display(value, mimeTypes);

    /// <summary>Raw HTML to display, as .NET Interactive's HTML().</summary>
    public IHtmlContent HTML(string content) => new HtmlString(content);
}
