namespace NotebookLib.Fits;

/// <summary>An HDU to write with <see cref="FitsWriter"/>: extra header cards and an EXTNAME.</summary>
public abstract class WritableHdu
{
    /// <summary>EXTNAME; null or empty for none.</summary>
    public string? Name { get; init; }
    /// <summary>Extra cards (OBJECT, EXPTIME, HISTORY, …). Structural keywords (SIMPLE, BITPIX,
    /// NAXISn, EXTEND, XTENSION, PCOUNT, GCOUNT, TFIELDS, TTYPEn, TFORMn, …, BSCALE, BZERO, BLANK)
    /// are written by the writer and must not be given here.</summary>
    public FitsHeader Header { get; init; } = new();
}

/// <summary>
/// An image HDU to write (the first one becomes the primary). Data of any pixel type; the file's
/// BITPIX defaults to the data's (ushort → 16 with BZERO 32768, uint → 32 with BZERO 2^31, sbyte →
/// 8 with BZERO −128, as astropy writes them). Give <see cref="Bitpix"/>, <see cref="BScale"/> and
/// <see cref="BZero"/> to store real data as scaled integers: stored = round((value − BZERO) / BSCALE);
/// NaN becomes <see cref="Blank"/>, and a value that does not fit is an error naming the HDU.
/// </summary>
public sealed class ImageHdu : WritableHdu
{
    public FitsArray? Data { get; }
    public int? Bitpix { get; init; }
    public double? BScale { get; init; }
    public double? BZero { get; init; }
    /// <summary>Stored value for NaN pixels in an integer image (default: the smallest value of the type).</summary>
    public long? Blank { get; init; }

    public ImageHdu(FitsArray? data) => Data = data;
    /// <summary>An image HDU with no data (NAXIS = 0), e.g. an empty primary.</summary>
    public ImageHdu() { }
}

/// <summary>A binary-table HDU to write from columns (see <see cref="FitsColumn"/>'s public constructor).</summary>
public sealed class BinTableHdu : WritableHdu
{
    public IReadOnlyList<FitsColumn> Columns { get; }

    public BinTableHdu(params IEnumerable<FitsColumn> columns)
    {
        Columns = columns.ToList();
        if (Columns.Count == 0) throw new ArgumentException("a binary table needs at least one column");
        var rows = Columns[0].RowCount;
        var bad = Columns.FirstOrDefault(c => c.RowCount != rows);
        if (bad is not null)
            throw new ArgumentException($"columns differ in length: '{Columns[0].Name}' has {rows} rows, '{bad.Name}' has {bad.RowCount}");
    }
}
