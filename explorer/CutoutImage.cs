namespace NotebookLib.Explorer;

/// <summary>One cutout as the explorer sees it: row-major float pixels (pixel (x, y) at y * Width + x).</summary>
public readonly record struct CutoutImage(float[] Pixels, int Width, int Height)
{
    public static CutoutImage Of(float[] pixels, int width, int height) =>
        width > 0 && height > 0 && pixels.Length == (long)width * height
            ? new CutoutImage(pixels, width, height)
            : throw new ArgumentException($"a {width}×{height} cutout needs {(long)width * height} pixels, not {pixels.Length}", nameof(pixels));
}
