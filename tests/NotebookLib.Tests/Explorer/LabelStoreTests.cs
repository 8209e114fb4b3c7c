using Microsoft.Data.Sqlite;
using NotebookLib.Explorer;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Explorer;

/// <summary>The label store keeps every change as a new row, survives a reopen, and says clearly why it
/// cannot save when its file is not SQLite or is read-only, touching nothing.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class LabelStoreTests
{
    [Fact]
    public async Task A_changed_label_is_a_new_row_and_the_history_cannot_be_rewritten()
    {
        var db = Path.Combine(Repo.TempDir("labels"), "labels.sqlite");
        await using (var store = new LabelStore(db))
        {
            Assert.Null(store.Problem);
            await store.AddAsync(5, "five", "ann", 1);
            await store.AddAsync(5, "five", "ann", 2);
            await store.AddAsync(6, "six", "ann", 0);
            await store.AddAsync(6, "six", "ann", null);    // cleared
            Assert.Equal(new Dictionary<int, int> { [5] = 2 }, store.CurrentOf("ann"));
            Assert.Equal([1, 2, 0, null], store.History().Select(r => r.Label));
        }
        using var raw = new SqliteConnection($"Data Source={db};Pooling=False");
        raw.Open();
        using var cmd = raw.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
        cmd.CommandText = "UPDATE labels SET label = 0 WHERE seq = 1";
        var e = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        Assert.Contains("never changed in place", e.Message);
        await using var reopened = new LabelStore(db);
        Assert.Equal(new Dictionary<int, int> { [5] = 2 }, reopened.CurrentOf("ann"));
        Assert.Equal(4, reopened.RowCount);
    }

    [Fact]
    public async Task A_retried_request_key_is_stored_once()
    {
        var db = Path.Combine(Repo.TempDir("labels"), "labels.sqlite");
        await using var store = new LabelStore(db);
        var first = await store.AddAsync(1, "one", "ann", 1, request: "r-1");
        var again = await store.AddAsync(1, "one", "ann", 1, request: "r-1");
        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal(1, store.RowCount);
        Assert.Single(store.History());
    }

    [Fact]
    public async Task A_file_that_is_not_SQLite_is_named_and_left_untouched()
    {
        var db = Path.Combine(Repo.TempDir("labels"), "notes.sqlite");
        var text = string.Concat(Enumerable.Repeat("these are my notes, not a database\n", 200));
        File.WriteAllText(db, text);
        await using (var store = new LabelStore(db))
        {
            Assert.False(store.CanWrite);
            Assert.Contains("is not an SQLite database", store.Problem);
            Assert.Contains(db, store.Problem);
            var e = await Assert.ThrowsAsync<LabelStoreException>(() => store.AddAsync(1, "one", "ann", 1));
            Assert.Contains("not an SQLite database", e.Message);
        }
        Assert.Equal(text, File.ReadAllText(db));
        Assert.False(File.Exists(db + "-wal"));
    }

    [Fact]
    public async Task A_read_only_database_shows_its_labels_and_refuses_new_ones()
    {
        var db = Path.Combine(Repo.TempDir("labels"), "labels.sqlite");
        await using (var store = new LabelStore(db)) await store.AddAsync(2, "two", "ann", 1);
        var before = File.ReadAllBytes(db);
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            await using var store = new LabelStore(db);
            Assert.Contains("read-only", store.Problem);
            Assert.Equal(new Dictionary<int, int> { [2] = 1 }, store.CurrentOf("ann"));
            await Assert.ThrowsAsync<LabelStoreException>(() => store.AddAsync(3, "three", "ann", 0));
        }
        finally { File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
        Assert.Equal(before, File.ReadAllBytes(db));
    }
}
