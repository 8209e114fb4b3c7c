using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookLib.IO;

namespace NotebookLib.Notebooks;

/// <summary>
/// reports/index.html: every notebook run into a folder, with its status, run time, scraps and each
/// scrap's change since the previous run, so that a regression is seen at a glance. The state lives in
/// reports/index.json beside it (this run's and the previous run's scraps per notebook); notebooks not
/// run this time keep their last entry.
/// </summary>
public static class ReportIndex
{
    public const string JsonName = "index.json";
    public const string HtmlName = "index.html";

    /// <summary>One executed notebook: its name (file name without .ipynb), where its report went, and the result.</summary>
    public sealed record Entry(string Name, string ReportFile, RunResult Result);

    /// <summary>Adds this run's notebooks to the index in <paramref name="folder"/> and rewrites index.json and index.html.</summary>
    public static void Update(string folder, IEnumerable<Entry> runs)
    {
        var path = Path.Combine(folder, JsonName);
        var index = Load(path);
        foreach (var run in runs)
        {
            var previous = index[run.Name] as JsonObject;
            var pm = run.Result.Notebook.Metadata["papermill"];
            index[run.Name] = new JsonObject
            {
                ["status"] = run.Result.Succeeded ? "ok" : "failed",
                ["error"] = run.Result.Error,
                ["report"] = run.ReportFile,
                ["executed"] = (string?)pm?["start_time"],
                ["duration"] = Math.Round(run.Result.Duration.TotalSeconds, 1),
                ["parameters"] = pm?["parameters"]?.DeepClone(),
                ["scraps"] = NotebookScraps.ToJson(NotebookScraps.Of(run.Result.Notebook)),
                ["previousScraps"] = previous?["scraps"]?.DeepClone(),
                ["previousExecuted"] = previous?["executed"]?.DeepClone(),
            };
        }
        var sorted = new JsonObject(index.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(path, sorted.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        AtomicFile.WriteAllText(Path.Combine(folder, HtmlName), Render(sorted));
    }

    static JsonObject Load(string path)
    {
        if (!File.Exists(path)) return new JsonObject();
        try { return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? new JsonObject(); }
        catch (JsonException e)
        {
            // A damaged index loses its history, not the run: say so and start afresh.
            Console.Error.WriteLine($"warning: {path} is not valid JSON ({e.Message}); starting a new report index");
            return new JsonObject();
        }
    }

    /// <summary>How a scrap moved since the previous run: "new", "=", a signed difference with the
    /// relative change for numbers, or "changed" (from what) for other values.</summary>
    public static string Change(JsonNode? now, JsonNode? before, bool hadBefore)
    {
        if (!hadBefore) return "new";
        var a = new Scrap("", now);
        var b = new Scrap("", before);
        if (JsonNode.DeepEquals(now, before)) return "=";
        if (a.Number is { } x && b.Number is { } y)
        {
            var diff = x - y;
            var rel = y != 0 ? $" ({(diff / Math.Abs(y)).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture)})" : "";
            return (diff >= 0 ? "▲ +" : "▼ ") + diff.ToString("G4", CultureInfo.InvariantCulture) + rel;
        }
        return $"changed (was {b.Text})";
    }

    static string Render(JsonObject index)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NotebookLib reports</title><style>")
            .Append(Css).Append("</style></head><body><main><h1>NotebookLib reports</h1>")
            .Append("<table class=\"index\"><thead><tr><th>notebook</th><th>status</th><th>run time</th><th>executed</th><th>scrap</th><th>value</th><th>change since the previous run</th></tr></thead><tbody>");
        foreach (var (name, node) in index)
        {
            if (node is not JsonObject e) continue;
            var status = (string?)e["status"] ?? "?";
            var scraps = e["scraps"] as JsonObject ?? new JsonObject();
            var previous = e["previousScraps"] as JsonObject;
            var rows = Math.Max(1, scraps.Count);
            var report = (string?)e["report"];
            var head = $"<td rowspan=\"{rows}\">" + (report is null ? Esc(name) : $"<a href=\"{Esc(report)}\">{Esc(name)}</a>") + "</td>"
                + $"<td rowspan=\"{rows}\" class=\"{(status == "ok" ? "ok" : "bad")}\" title=\"{Esc((string?)e["error"] ?? "")}\">{Esc(status)}</td>"
                + $"<td rowspan=\"{rows}\">{(double?)e["duration"]:0.0} s</td><td rowspan=\"{rows}\">{Esc((string?)e["executed"] ?? "")}</td>";
            if (scraps.Count == 0) { html.Append("<tr>").Append(head).Append("<td colspan=\"3\" class=\"none\">no scraps</td></tr>"); continue; }
            var first = true;
            foreach (var (scrapName, data) in scraps)
            {
                var hadBefore = previous is not null && previous.ContainsKey(scrapName);
                var change = Change(data, hadBefore ? previous![scrapName] : null, hadBefore);
                var cls = change is "=" ? "same" : change.StartsWith('▲') ? "up" : change.StartsWith('▼') ? "down" : "moved";
                html.Append("<tr>").Append(first ? head : "")
                    .Append($"<td>{Esc(scrapName)}</td><td>{Esc(new Scrap(scrapName, data).Text)}</td><td class=\"{cls}\">{Esc(change)}</td></tr>");
                first = false;
            }
        }
        html.Append("</tbody></table></main></body></html>\n");
        return html.ToString();
    }

    static string Esc(string s) => WebUtility.HtmlEncode(s);

    const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#fafafa;color:#222}
        main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem 4rem;background:#fff}
        table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ddd;padding:.3rem .6rem;vertical-align:top}
        .ok{color:#1a7f37;font-weight:bold}.bad{color:#cf222e;font-weight:bold}.none,.same{color:#888}
        .up,.down,.moved{font-weight:bold;background:#fff8c5}
        """;
}
