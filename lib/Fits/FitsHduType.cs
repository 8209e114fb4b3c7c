namespace NotebookLib.Fits;

/// <summary>The kind of an HDU, as astropy names its HDU classes.</summary>
public enum FitsHduType
{
    /// <summary>The first HDU (astropy's PrimaryHDU), with or without an image.</summary>
    Primary,
    /// <summary>An IMAGE extension (ImageHDU), or a tile-compressed image (CompImageHDU, <see cref="FitsHdu.IsCompressed"/>).</summary>
    Image,
    /// <summary>A BINTABLE extension (BinTableHDU).</summary>
    BinaryTable,
    /// <summary>A TABLE extension (TableHDU).</summary>
    AsciiTable,
    /// <summary>A random-groups primary HDU (GroupsHDU): its data come from <see cref="FitsHdu.ReadGroups"/>.</summary>
    RandomGroups,
    /// <summary>An extension of a type the standard does not define (astropy's NonstandardExtHDU): its data
    /// are raw bytes, from <see cref="FitsHdu.ReadRawImage"/>.</summary>
    Nonstandard,
}
