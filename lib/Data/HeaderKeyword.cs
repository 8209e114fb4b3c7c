namespace NotebookLib.Data;

/// <summary>One FITS header card a generator sets: keyword (≤ 8 characters, upper case), value
/// (string, bool, int, long or double) and comment. Generators stay pure functions and return these;
/// whoever writes the FITS file turns them into cards.</summary>
public sealed record HeaderKeyword(string Name, object Value, string Comment = "")
{
    public override string ToString() => $"{Name,-8}= {Value} / {Comment}";
}

/// <summary>A generated image extension: name (EXTNAME), shape (rows × columns, or planes × rows ×
/// columns), pixel values in row-major order, and its own header keywords.</summary>
public sealed record ImageExtension(string Name, int[] Shape, Array Pixels, IReadOnlyList<HeaderKeyword> Header)
{
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);
}

public static class HeaderKeywordExtensions
{
    /// <summary>The value of <paramref name="name"/>, or an error naming the keyword and what is there.</summary>
    public static object Get(this IReadOnlyList<HeaderKeyword> header, string name) =>
        header.FirstOrDefault(k => k.Name == name)?.Value
        ?? throw new KeyNotFoundException($"header keyword {name} is missing; present: {string.Join(", ", header.Select(k => k.Name))}");
}
