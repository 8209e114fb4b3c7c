namespace NotebookLib.Display;

/// <summary>Where a running cell's outputs go: stream text and rich displays, in order.
/// The notebook runner implements it per cell; a future interactive kernel can too.</summary>
public interface IKernelOutput
{
    void WriteStream(string name, string text);

    /// <summary>Formats <paramref name="value"/> into a MIME bundle (the formatter's preferred
    /// MIME types and text/plain, or exactly <paramref name="mimeTypes"/> when given) and shows it.</summary>
    DisplayedValue Display(object? value, params string[] mimeTypes);

    /// <summary>Replaces what an earlier display shows (progress bars, live figures).</summary>
    void Update(DisplayedValue displayed, object? value);
}
