namespace NotebookLib.Explorer;

/// <summary>The label store cannot save: the database is not SQLite, is read-only, or a write failed.
/// The message says which file and why; nothing already committed is touched.</summary>
public sealed class LabelStoreException(string message, Exception? inner = null) : Exception(message, inner);
