using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Display;

/// <summary>How this layer's own values show in a notebook: progress as HTML with a plain-text twin, scraps in scrapbook's format.</summary>
static class Formatters
{
    [ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<ProgressSnapshot>((p, w) => w.Write(p.ToHtml()), "text/html");
        Formatter.Register<ProgressSnapshot>((p, w) => w.Write(p.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ProgressSnapshot), "text/html", "text/plain");
        // A scrap is data for programs; its text/plain twin keeps front ends without a renderer for the
        // scrap MIME type (VS Code) from showing an error in its place.
        Formatter.Register<Scrap>((s, w) => w.Write(s.ToJson().ToJsonString()), Scrapbook.MimeType);
        Formatter.Register<Scrap>((s, w) => w.Write("scrap " + s), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(Scrap), Scrapbook.MimeType, "text/plain");
    }
}
