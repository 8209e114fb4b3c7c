namespace NotebookLib.Fits;

/// <summary>
/// A FITS file that cannot be read or written as asked. The message names the file, the HDU
/// (index, 0 = primary as in astropy, and EXTNAME) and the keyword or column where that applies,
/// then CFITSIO's own explanation when the error came from CFITSIO.
/// </summary>
public sealed class FitsException : IOException
{
    public string? FilePath { get; }
    /// <summary>0-based HDU index (0 = primary), as astropy counts.</summary>
    public int? HduIndex { get; }
    public string? ExtName { get; }
    public string? Keyword { get; }
    /// <summary>CFITSIO's status code, 0 when the error was found by this library.</summary>
    public int Status { get; }
    public string? CfitsioMessage { get; }

    internal FitsException(string what, FitsLocation where, string? keyword = null, int status = 0, string? cfitsio = null, Exception? inner = null)
        : base(Compose(what, where, keyword, cfitsio), inner)
    {
        FilePath = where.File; HduIndex = where.Hdu; ExtName = where.ExtName;
        Keyword = keyword; Status = status; CfitsioMessage = cfitsio;
    }

    static string Compose(string what, FitsLocation where, string? keyword, string? cfitsio)
    {
        var parts = new List<string>();
        if (where.File is not null) parts.Add($"file '{where.File}'");
        if (where.Hdu is int h) parts.Add(string.IsNullOrEmpty(where.ExtName) ? $"HDU {h}" : $"HDU {h} (EXTNAME '{where.ExtName}')");
        if (keyword is not null) parts.Add($"keyword '{keyword}'");
        var head = parts.Count > 0 ? string.Join(", ", parts) + ": " : "";
        return cfitsio is null ? head + what : $"{head}{what}: {cfitsio}";
    }
}

/// <summary>Where in a FITS file something is: for error messages.</summary>
internal readonly record struct FitsLocation(string? File, int? Hdu = null, string? ExtName = null)
{
    /// <summary>Throws a <see cref="FitsException"/> when a CFITSIO call returned a non-zero status.</summary>
    internal void Check(int status, string what, string? keyword = null)
    {
        if (status != 0) throw new FitsException(what, this, keyword, status, Cfitsio.Describe(status));
    }

    internal FitsException Error(string what, string? keyword = null) => new(what, this, keyword);
}
