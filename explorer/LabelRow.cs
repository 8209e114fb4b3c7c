namespace NotebookLib.Explorer;

/// <summary>One committed label change: its row number in the store, the image, the user, the label
/// (null when the user cleared it) and the UTC time it was committed.</summary>
public sealed record LabelRow(long Seq, int Image, string User, int? Label, DateTimeOffset Time);
