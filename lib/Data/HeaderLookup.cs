using System.Globalization;

namespace NotebookLib.Data;

/// <summary>Typed look-ups in a generator's header keywords, in the shape the imaging steps take
/// (<c>Func&lt;string, double?&gt;</c>, e.g. for ADU → ADU/frame).</summary>
public static class HeaderLookup
{
    /// <summary>The keyword's value as a number, or null when it is missing or not numeric.</summary>
    public static double? TryGetDouble(this IReadOnlyList<HeaderKeyword> header, string name)
    {
        ArgumentNullException.ThrowIfNull(header);
        var value = header.FirstOrDefault(k => k.Name == name)?.Value;
        return value switch
        {
            null or bool => null,
            string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
