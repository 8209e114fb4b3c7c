using System.Net;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookLib.Data;

/// <summary>Notebook displays of the Data types: a manifest as a card with its origin, licence,
/// citation and file table; generated sets and frames as their one-line summaries.</summary>
static class Formatters
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register()
    {
        Formatter.Register<DataManifest>((m, writer) => writer.Write(ManifestHtml(m)), "text/html");
        Formatter.Register<DataManifest>((m, writer) => writer.Write(m.ToString()), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(DataManifest), "text/html", "text/plain");
        foreach (var t in new[] { typeof(NispSlewDark), typeof(UvesFrame), typeof(HscTransientField), typeof(CfisGalaxySet),
                                  typeof(GalaxyCutoutSet), typeof(ArrayDataset), typeof(DataSplit), typeof(FetchProgress) })
        {
            Formatter.Register(t, (o, writer) => writer.Write(o.ToString()), "text/plain");
            Formatter.SetPreferredMimeTypesFor(t, "text/plain");
        }
    }

    internal static string ManifestHtml(DataManifest m)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var o = m.Origin;
        var origin = new[] { ("provider", o.Provider), ("archive", o.Archive), ("product type", o.ProductType), ("query", o.Query),
                             ("telescope", o.Telescope), ("instrument", o.Instrument), ("Debian package", o.DebianPackage is null ? null : $"{o.DebianPackage} {o.DebianVersion}"),
                             ("generator", o.Generator), ("url", o.Url) }
            .Where(p => p.Item2 is not null).Select(p => $"<tr><th style=\"text-align:left\">{p.Item1}</th><td>{E(p.Item2)}</td></tr>");
        var files = m.Files.Count == 0 ? "<p><i>no files listed</i></p>" :
            "<table><tr><th>file</th><th>size</th><th>shape</th><th>SHA-256</th><th>description</th></tr>" +
            string.Concat(m.Files.Select(f => $"<tr><td>{E(f.Name)}</td><td>{(f.Size is long s ? $"{s / 1e6:F2} MB" : "?")}</td>" +
                $"<td>{(f.Shape is null ? "" : string.Join("×", f.Shape))}</td><td><code>{E(f.Sha256?[..12])}{(f.Sha256 is null ? "unknown" : "…")}</code></td><td>{E(f.Description)}</td></tr>")) +
            "</table>";
        return $"<div><h4>{E(m.Title)} <small>({E(m.Name)}, {E(m.Kind)}, notebooks {E(string.Join(", ", m.Notebooks))})</small></h4>" +
               $"<p>{E(m.Description)}</p><table>{string.Concat(origin)}" +
               $"<tr><th style=\"text-align:left\">licence</th><td>{E(m.Licence)}</td></tr><tr><th style=\"text-align:left\">citation</th><td>{E(m.Citation)}</td></tr>" +
               (m.Fallback is null ? "" : $"<tr><th style=\"text-align:left\">fallback</th><td>{E(m.Fallback)}</td></tr>") + $"</table>{files}</div>";
    }
}
