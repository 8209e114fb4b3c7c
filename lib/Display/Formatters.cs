using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Display;

/// <summary>How this layer's own values show in a notebook: progress as HTML with a plain-text twin.</summary>
static class Formatters
{
    [ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<ProgressSnapshot>((p, w) => w.Write(p.ToHtml()), "text/html");
        Formatter.Register<ProgressSnapshot>((p, w) => w.Write(p.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ProgressSnapshot), "text/html", "text/plain");
    }
}
