using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace NotebookLib.Explorer;

/// <summary>
/// Every label every expert gave, in one SQLite file in WAL mode: one appended row per change (a trigger
/// refuses updates and deletes), so the history is never overwritten. <see cref="AddAsync"/> returns only
/// once its row is committed with synchronous=FULL — the WAL is fsynced at each commit, so an acknowledged
/// label survives a killed process and a power cut alike (NORMAL would survive the first only). To keep
/// that affordable, one writer groups the changes waiting at that moment into one transaction: one fsync
/// for many labels (group commit). The current labels are kept in memory for reading.
/// </summary>
public sealed class LabelStore : IAsyncDisposable
{
    const int MaxBatch = 2048;
    readonly SqliteConnection? connection;
    readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task writer;
    readonly Lock gate = new();
    readonly Dictionary<string, Dictionary<int, int>> current = new(StringComparer.Ordinal);
    long rows;

    public string Path { get; }
    /// <summary>Null when labels can be saved; otherwise why not (not SQLite, read-only, …).</summary>
    public string? Problem { get; private set; }
    public bool CanWrite => Problem is null;
    public long RowCount { get { lock (gate) return rows; } }

    static LabelStore() => SqliteNative.EnsureResolvable();

    sealed record Pending(int Image, string ImageName, string User, int? Label, string? Request, TaskCompletionSource<LabelRow> Done);

    public LabelStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            var readOnly = File.Exists(Path) && !OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(Path) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
            var dir = System.IO.Path.GetDirectoryName(Path)!;
            if (!readOnly) Directory.CreateDirectory(dir);
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path,
                Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString());
            connection.Open();
            if (readOnly)
                Problem = $"the label database {Path} is read-only (no write permission): labels are shown but none can be saved; make it writable or start with another database";
            else
                Execute("""
                    PRAGMA journal_mode=WAL;
                    PRAGMA synchronous=FULL;
                    PRAGMA busy_timeout=5000;
                    CREATE TABLE IF NOT EXISTS labels(
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        image INTEGER NOT NULL,
                        image_name TEXT NOT NULL,
                        user TEXT NOT NULL,
                        label INTEGER,
                        time TEXT NOT NULL,
                        request TEXT UNIQUE);
                    CREATE INDEX IF NOT EXISTS labels_by_user ON labels(user, image, seq);
                    CREATE TRIGGER IF NOT EXISTS labels_never_updated BEFORE UPDATE ON labels
                        BEGIN SELECT RAISE(ABORT, 'labels are appended, never changed in place'); END;
                    CREATE TRIGGER IF NOT EXISTS labels_never_deleted BEFORE DELETE ON labels
                        BEGIN SELECT RAISE(ABORT, 'labels are appended, never deleted'); END;
                    """);
            Load();
        }
        catch (SqliteException e)
        {
            Problem = e.SqliteErrorCode == 26 // SQLITE_NOTADB
                ? $"{Path} is not an SQLite database ({e.Message.TrimEnd('.')}); it was left untouched, and no labels can be saved until the explorer is started with another database"
                : $"the label database {Path} cannot be opened: {e.Message}";
            connection?.Dispose();
            connection = null;
        }
        writer = CanWrite ? Task.Run(WriteLoop) : Task.CompletedTask;
    }

    void Execute(string sql)
    {
        using var cmd = connection!.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    void Load()
    {
        using var cmd = connection!.CreateCommand();
        cmd.CommandText = "SELECT image, user, label FROM labels ORDER BY seq";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            rows++;
            Apply(r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2));
        }
    }

    void Apply(int image, string user, int? label)
    {
        if (!current.TryGetValue(user, out var mine)) current[user] = mine = [];
        if (label is int l) mine[image] = l;
        else mine.Remove(image);
    }

    /// <summary>Appends one label change (null clears) and completes once it is committed to disk.
    /// A <paramref name="request"/> key already stored is not stored again (a retried request).</summary>
    public Task<LabelRow> AddAsync(int image, string imageName, string user, int? label, string? request = null)
    {
        if (Problem is not null) return Task.FromException<LabelRow>(new LabelStoreException(Problem));
        var pending = new Pending(image, imageName, user, label, request, new TaskCompletionSource<LabelRow>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending)) return Task.FromException<LabelRow>(new LabelStoreException($"the label store {Path} is closed"));
        return pending.Done.Task;
    }

    async Task WriteLoop()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var p)) batch.Add(p);
            if (batch.Count == 0) continue;
            try
            {
                var committed = Commit(batch);
                lock (gate)
                    foreach (var row in committed)
                    {
                        if (row.Seq < 0) continue;
                        rows++;
                        Apply(row.Image, row.User, row.Label);
                    }
                for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(committed[i] with { Seq = Math.Abs(committed[i].Seq) });
            }
            catch (SqliteException e)
            {
                var why = e.SqliteErrorCode switch
                {
                    8 => $"the label database {Path} became read-only: the label was not saved",   // SQLITE_READONLY
                    26 or 11 => $"the label database {Path} is damaged or not SQLite ({e.Message}): the label was not saved",
                    13 => $"the disk holding {Path} is full: the label was not saved",
                    _ => $"the label database {Path} refused the write ({e.Message}): the label was not saved",
                };
                foreach (var p in batch) p.Done.TrySetException(new LabelStoreException(why, e));
            }
            catch (Exception e)
            {
                foreach (var p in batch) p.Done.TrySetException(new LabelStoreException($"saving to {Path} failed: {e.Message}", e));
            }
        }
    }

    /// <summary>One transaction for the batch. A row whose request key was already stored comes back with
    /// its original (negated) seq, so that it is neither counted nor applied twice.</summary>
    List<LabelRow> Commit(List<Pending> batch)
    {
        var time = DateTimeOffset.UtcNow;
        var stamp = time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var result = new List<LabelRow>(batch.Count);
        using var tx = connection!.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO labels(image, image_name, user, label, time, request) VALUES ($image, $name, $user, $label, $time, $request)
            ON CONFLICT(request) DO NOTHING RETURNING seq
            """;
        var pImage = insert.Parameters.Add("$image", SqliteType.Integer);
        var pName = insert.Parameters.Add("$name", SqliteType.Text);
        var pUser = insert.Parameters.Add("$user", SqliteType.Text);
        var pLabel = insert.Parameters.Add("$label", SqliteType.Integer);
        var pTime = insert.Parameters.Add("$time", SqliteType.Text);
        var pRequest = insert.Parameters.Add("$request", SqliteType.Text);
        using var existing = connection.CreateCommand();
        existing.Transaction = tx;
        existing.CommandText = "SELECT seq, image, user, label, time FROM labels WHERE request = $request";
        var pExisting = existing.Parameters.Add("$request", SqliteType.Text);
        insert.Prepare();
        foreach (var p in batch)
        {
            pImage.Value = p.Image;
            pName.Value = p.ImageName;
            pUser.Value = p.User;
            pLabel.Value = p.Label is int l ? l : DBNull.Value;
            pTime.Value = stamp;
            pRequest.Value = (object?)p.Request ?? DBNull.Value;
            var seq = insert.ExecuteScalar();
            if (seq is long s) { result.Add(new LabelRow(s, p.Image, p.User, p.Label, time)); continue; }
            // A retried request: answer with what was stored the first time.
            pExisting.Value = p.Request;
            using var r = existing.ExecuteReader();
            r.Read();
            result.Add(new LabelRow(-r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), DateTimeOffset.Parse(r.GetString(4), System.Globalization.CultureInfo.InvariantCulture)));
        }
        tx.Commit();
        return result;
    }

    /// <summary>A snapshot of the current labels: user → (image → label).</summary>
    public Dictionary<string, Dictionary<int, int>> Current()
    {
        lock (gate) return current.ToDictionary(kv => kv.Key, kv => new Dictionary<int, int>(kv.Value), StringComparer.Ordinal);
    }

    /// <summary>One user's current labels (image → label).</summary>
    public Dictionary<int, int> CurrentOf(string user)
    {
        lock (gate) return current.TryGetValue(user, out var mine) ? new Dictionary<int, int>(mine) : [];
    }

    /// <summary>Every row ever written, oldest first (the full history, for export and audits).</summary>
    public List<LabelRow> History()
    {
        var list = new List<LabelRow>();
        if (connection is null) return list;
        // A reader of its own: WAL lets it read while the writer commits.
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        reader.Open();
        using var cmd = reader.CreateCommand();
        cmd.CommandText = "SELECT seq, image, user, label, time FROM labels ORDER BY seq";
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new LabelRow(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3),
                                  DateTimeOffset.Parse(r.GetString(4), System.Globalization.CultureInfo.InvariantCulture)));
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        connection?.Dispose();
    }
}
