using System.Text.Json.Nodes;

namespace NotebookLib.Notebooks;

/// <summary>The values a notebook glued (<see cref="Scrapbook.glue"/>), read from its outputs as
/// scrapbook reads them: every display output of the scrap MIME type, the last value of a name winning,
/// in the order the names first appeared.</summary>
public static class NotebookScraps
{
    public static IReadOnlyList<Scrap> Of(Notebook notebook)
    {
        var byName = new Dictionary<string, Scrap>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var cell in notebook.Cells.Where(c => c.Type == CellType.Code))
            foreach (var output in cell.Outputs.OfType<DisplayOutput>())
                if (output.Data.TryGetPropertyValue(Scrapbook.MimeType, out var content) && Scrapbook.Read(content) is { } scrap)
                {
                    if (!byName.ContainsKey(scrap.Name)) order.Add(scrap.Name);
                    byName[scrap.Name] = scrap;
                }
        return order.Select(n => byName[n]).ToList();
    }

    /// <summary>name → data, as scrapbook's <c>scraps.data_dict</c>.</summary>
    public static JsonObject ToJson(IEnumerable<Scrap> scraps) =>
        new(scraps.Select(s => KeyValuePair.Create(s.Name, s.Data?.DeepClone())));
}
