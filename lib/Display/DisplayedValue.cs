namespace NotebookLib.Display;

/// <summary>A handle on a shown value, as .NET Interactive's display() returns: Update replaces
/// the output in place (an updating progress display, a figure redrawn each epoch).</summary>
public sealed class DisplayedValue
{
    readonly IKernelOutput owner;

    /// <summary>Made by an <see cref="IKernelOutput"/> when it shows a value.</summary>
    public DisplayedValue(IKernelOutput owner, string displayId, string[] mimeTypes)
    {
        this.owner = owner;
        DisplayId = displayId;
        MimeTypes = mimeTypes;
    }

    public string DisplayId { get; }
    /// <summary>The MIME types asked for at display time; empty means the formatter's choice.</summary>
    public IReadOnlyList<string> MimeTypes { get; }

    public void Update(object? value) => owner.Update(this, value);
}
