namespace NotebookLib.Explorer;

/// <summary>The images the explorer shows, by id 0..Count-1; an image may be read lazily (from its file)
/// and must be safe to read from several threads.</summary>
public interface ICutouts
{
    int Count { get; }
    /// <summary>A stable name (file name, or "cube[i]", or the notebook's id) stored with each label.</summary>
    string NameOf(int id);
    CutoutImage Read(int id);
}
