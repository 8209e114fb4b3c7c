using System.Net;
using System.Text;
using System.Text.Json;
using NotebookLib.Explorer;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Explorer;

/// <summary>The HTTP API that the page and scripts use, on an in-process server at 127.0.0.1.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ApiTests
{
    static async Task<(HttpStatusCode Status, string Error)> Fails(Task<HttpResponseMessage> call)
    {
        using var r = await call;
        var body = await r.Content.ReadAsStringAsync();
        Assert.False(r.IsSuccessStatusCode, $"expected a failure, got {(int)r.StatusCode} {body}");
        Assert.StartsWith("application/json", r.Content.Headers.ContentType?.ToString());
        return (r.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!);
    }

    [Fact]
    public async Task Posted_labels_are_listed_per_user_and_aggregated_in_the_consensus()
    {
        await using var host = await ExplorerHost.StartAsync();
        foreach (var (user, image, label) in new[] { ("ann", 3, 1), ("bob", 3, 1), ("cat", 3, 0), ("ann", 7, 2), ("ann", 7, 3) })
        {
            using var r = await host.PostLabel(new { image, label, user });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        var ann = await host.GetJson("api/labels?user=ann");
        Assert.Equal([(3, 1), (7, 3)], ann.GetProperty("labels").EnumerateArray().Select(l => (l.GetProperty("image").GetInt32(), l.GetProperty("label").GetInt32())));
        var consensus = await host.GetJson("api/consensus");
        var rows = consensus.GetProperty("images").EnumerateArray().ToDictionary(r => r.GetProperty("image").GetInt32());
        Assert.Equal(2, rows.Count);
        Assert.Equal(1, rows[3].GetProperty("majority").GetInt32());
        Assert.Equal(2.0 / 3, rows[3].GetProperty("agreement").GetDouble(), 9);
        Assert.Equal(1, rows[3].GetProperty("dawidSkene").GetInt32());
        Assert.Equal(3, rows[7].GetProperty("majority").GetInt32());
        Assert.Equal(["ann", "bob", "cat"], consensus.GetProperty("users").EnumerateArray().Select(u => u.GetString()));
        // Clearing is a new row too; the history keeps all six changes.
        using (var r = await host.PostLabel(new { image = 7, label = (int?)null, user = "ann" })) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Single((await host.GetJson("api/labels?user=ann")).GetProperty("labels").EnumerateArray());
        var history = await host.Http.GetStringAsync("api/labels.csv");
        Assert.Equal(7, history.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var csv = await host.Http.GetStringAsync("api/consensus.csv");
        Assert.StartsWith("image,name,votes,majority,agreement", csv);
        Assert.Contains("3,demo-00003,3,spiral,0.6667,false,spiral,", csv);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_and_the_server_keeps_serving_and_loses_nothing()
    {
        await using var host = await ExplorerHost.StartAsync(count: 50);
        using (var ok = await host.PostLabel(new { image = 1, label = 2, user = "ann" })) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var (status, error) = await Fails(host.PostLabel(new { image = 50, label = 1, user = "ann" }));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no image 50", error);
        Assert.Contains("0..49", error);
        (status, error) = await Fails(host.PostLabel(new { image = 2, label = 4, user = "ann" }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("label 4 is not a class", error);
        Assert.Contains("3 artifact", error);
        (status, error) = await Fails(host.PostLabel(new { image = 2, label = -1, user = "ann" }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, error) = await Fails(host.Http.PostAsync("api/labels", new StringContent("{\"image\": 2, \"label\": ", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not JSON", error);
        (status, error) = await Fails(host.Http.PostAsync("api/labels", new StringContent("[1, 2]", Encoding.UTF8, "application/json")));
        Assert.Contains("not an object", error);
        (status, error) = await Fails(host.PostLabel(new { image = "two", label = 1, user = "ann" }));
        Assert.Contains("\"image\" must be an integer", error);
        (status, error) = await Fails(host.PostLabel(new { image = 2, label = 1 }));
        Assert.Contains("\"user\"", error);
        (status, error) = await Fails(host.PostLabel(new { image = 2, label = 1.5, user = "ann" }));
        Assert.Contains("\"label\" must be an integer", error);
        (status, error) = await Fails(host.Http.GetAsync("api/labels"));
        Assert.Contains("?user=", error);
        (status, _) = await Fails(host.Http.GetAsync("api/tile?ids=1,99&size=32"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, error) = await Fails(host.Http.GetAsync("api/view?sort=column&column=nope"));
        Assert.Contains("anomaly", error);

        // Still serving, and the one good label is there, alone.
        using (var ok = await host.PostLabel(new { image = 3, label = 0, user = "ann" })) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var labels = (await host.GetJson("api/labels?user=ann")).GetProperty("labels").EnumerateArray().ToList();
        Assert.Equal([(1, 2), (3, 0)], labels.Select(l => (l.GetProperty("image").GetInt32(), l.GetProperty("label").GetInt32())));
        Assert.Equal(2, host.Server.Store.RowCount);
    }

    [Fact]
    public async Task A_database_that_is_not_SQLite_answers_503_with_its_name_and_the_images_stay_browsable()
    {
        var db = Path.Combine(Repo.TempDir("explorer"), "labels.sqlite");
        File.WriteAllText(db, "not a database, but someone's notes that must survive\n");
        await using (var host = await ExplorerHost.StartAsync(count: 20, database: db))
        {
            var (status, error) = await Fails(host.PostLabel(new { image = 1, label = 1, user = "ann" }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("not an SQLite database", error);
            Assert.Contains(db, error);
            Assert.Contains("not an SQLite database", (await host.GetJson("api/info")).GetProperty("storeProblem").GetString());
            using var tile = await host.Http.GetAsync("api/tile?ids=0,1,2,3&cols=2&size=32");
            Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        }
        Assert.Equal("not a database, but someone's notes that must survive\n", File.ReadAllText(db));
    }

    [Fact]
    public async Task A_read_only_database_answers_503_and_still_lists_its_labels()
    {
        var db = Path.Combine(Repo.TempDir("explorer"), "labels.sqlite");
        await using (var first = await ExplorerHost.StartAsync(count: 20, database: db))
        {
            using var r = await first.PostLabel(new { image = 4, label = 2, user = "ann" });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            await using var host = await ExplorerHost.StartAsync(count: 20, database: db);
            var (status, error) = await Fails(host.PostLabel(new { image = 5, label = 1, user = "ann" }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("read-only", error);
            var labels = (await host.GetJson("api/labels?user=ann")).GetProperty("labels").EnumerateArray().ToList();
            Assert.Equal((4, 2), (labels.Single().GetProperty("image").GetInt32(), labels.Single().GetProperty("label").GetInt32()));
        }
        finally { File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
    }

    [Fact]
    public async Task Tiles_are_PNGs_of_the_asked_cells_and_views_filter_sort_and_sample()
    {
        await using var host = await ExplorerHost.StartAsync(count: 100);
        using var tile = await host.Http.GetAsync("api/tile?ids=0,1,2,3,4,-1&cols=3&size=40&stretch=zscale&invert=1");
        Assert.Equal("image/png", tile.Content.Headers.ContentType?.MediaType);
        var png = await tile.Content.ReadAsByteArrayAsync();
        Assert.Equal(120, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));   // IHDR width: 3 cells
        Assert.Equal(80, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));    // height: 2 rows

        using (var r = await host.PostLabel(new { image = 10, label = 3, user = "ann" })) r.EnsureSuccessStatusCode();
        var unlabelled = (await host.GetJson("api/view?user=ann&filter=unlabelled")).GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(99, unlabelled.Count);
        Assert.DoesNotContain(10, unlabelled);
        var artifacts = (await host.GetJson("api/view?filter=class&class=3")).GetProperty("ids").EnumerateArray().Select(e => e.GetInt32());
        Assert.Equal([10], artifacts);
        var byScore = (await host.GetJson("api/view?sort=column&column=anomaly&desc=1")).GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var (_, metadata) = DemoCutouts.Generate(100, size: 24);
        var anomaly = metadata.Numeric["anomaly"];
        Assert.Equal(Enumerable.Range(0, 100).OrderByDescending(i => anomaly[i]).ThenBy(i => i), byScore);
        var similar = (await host.GetJson("api/view?sort=similar&to=7")).GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(7, similar[0]);
        var sample = (await host.GetJson("api/view?sample=10&seed=3")).GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(10, sample.Distinct().Count());
        var next = (await host.GetJson("api/next?user=bob&limit=5")).GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(10, next[0]);   // ann's lone label is the least settled consensus
    }

    [Fact]
    public async Task With_a_token_every_request_needs_it_and_off_loopback_one_is_made()
    {
        await using var host = await ExplorerHost.StartAsync(count: 10, token: "s3cret");
        Assert.EndsWith("?token=s3cret", host.Server.Url);
        using var anonymous = new HttpClient { BaseAddress = host.Http.BaseAddress };
        var (status, error) = await Fails(anonymous.GetAsync("api/info"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("token", error);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("api/info?token=s3cret")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/info")).StatusCode);   // Bearer

        var (cutouts, _) = DemoCutouts.Generate(2, size: 8);
        await using var offHost = new ExplorerServer(cutouts, null, new ExplorerOptions { Host = "0.0.0.0", Database = Path.Combine(Repo.TempDir("explorer"), "l.sqlite") });
        Assert.Equal(32, offHost.Token?.Length);   // never started: no traffic leaves 127.0.0.1
    }
}
