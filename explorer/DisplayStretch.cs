namespace NotebookLib.Explorer;

/// <summary>How pixel values become grey levels, per cutout: linear between the minimum and maximum,
/// log and asinh (astropy's LogStretch a=1000 and AsinhStretch a=0.1 on the min–max normalised values),
/// or linear between IRAF's zscale limits.</summary>
public enum DisplayStretch
{
    Linear,
    Log,
    Asinh,
    ZScale,
}
