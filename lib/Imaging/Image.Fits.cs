using NotebookLib.Fits;

namespace NotebookLib.Imaging;

public sealed partial class Image
{
    /// <summary>A 2-D image of a FITS file (by default the first HDU with pixels): float32, BSCALE/BZERO
    /// applied, BLANK → NaN, as astropy's <c>fits.getdata</c>.</summary>
    public static Image Read(string path, int? hdu = null) => FromFitsArray(FitsFile.GetData(path, hdu));

    /// <summary>A 2-D float array of lib/Fits ([height, width], FITS order reversed as numpy's) as an
    /// image (shared, not copied).</summary>
    public static Image FromFitsArray(FitsArray<float> array) => array.Shape.Length == 2
        ? new Image(array.Shape[1], array.Shape[0], array.Data)
        : throw new ArgumentException($"an image needs a 2-D array, this one has shape ({string.Join(", ", array.Shape)})", nameof(array));

    /// <summary>The same pixels as a [Height, Width] array for the FITS writer (shared, not copied;
    /// the mask is not written): <c>new ImageHdu(image.ToFitsArray())</c>.</summary>
    public FitsArray<float> ToFitsArray() => new(Pixels, Height, Width);
}

/// <summary>Reading an image HDU into the one image type (lib/Fits itself stays array-level, as astropy).</summary>
public static class FitsImages
{
    /// <summary>A 2-D image (or plane <paramref name="plane"/> of a cube) as an <see cref="Image"/>:
    /// float32, BSCALE/BZERO applied, BLANK → NaN. Uncompressed images of plain files take the direct path.</summary>
    public static Image ReadImage2D(this FitsHdu hdu, int plane = 0) => Image.FromFitsArray(hdu.ReadPlane(plane));

    /// <summary>The rectangle x..x+width-1, y..y+height-1 (0-based) of a 2-D image, reading only those pixels.</summary>
    public static Image ReadSection(this FitsHdu hdu, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(hdu);
        // Tables, random groups and empty HDUs are refused by the array-level read, naming the HDU.
        if (hdu.IsImage && hdu.HasData && hdu.Shape.Length != 2)
            throw new ArgumentException($"ReadSection(x, y, width, height) needs a 2-D image, HDU {hdu.Index} has shape ({string.Join(", ", hdu.Shape)})");
        return Image.FromFitsArray(hdu.ReadSection<float>([y, x], [height, width]));
    }
}
