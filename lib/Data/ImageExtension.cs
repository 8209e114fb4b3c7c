using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>A generated image extension: its name (EXTNAME), its pixels and its own header cards.</summary>
public sealed record ImageExtension(string Name, Image Image, FitsHeader Header)
{
    public override string ToString() => $"{Name}: {Image}";
}
