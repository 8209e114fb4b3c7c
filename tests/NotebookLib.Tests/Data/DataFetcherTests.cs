using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NotebookLib.Data;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Data;

public class DataFetcherTests
{
    static byte[] Body(int n) { var b = new byte[n]; new Random(1).NextBytes(b); return b; }

    static DataManifest Manifest(string url, byte[] body, string? sha = null) => new()
    {
        Name = "test-set",
        Title = "test",
        Description = "a test dataset",
        Kind = "remote",
        Notebooks = ["01"],
        Origin = new() { Provider = "a test" },
        Licence = "CC0",
        Citation = "none",
        Instructions = "copy the file by hand",
        Files = [new DataFile { Name = "frame.fits", Url = url, Size = body.Length, Sha256 = sha ?? Convert.ToHexStringLower(SHA256.HashData(body)) }],
    };

    [Fact]
    public void Downloads_a_good_file_verifies_it_and_reports_progress()
    {
        var body = Body(300_000);
        using var server = new LocalHttpServer(body);
        var cache = Repo.TempDir("fetch-good");
        var seen = new List<FetchProgress>();
        var fetcher = new DataFetcher(cache) { Progress = seen.Add };
        var paths = fetcher.Fetch(Manifest(server.Url("frame.fits"), body));
        Assert.Equal([Path.Combine(cache, "test-set", "frame.fits")], paths);
        Assert.Equal(body, File.ReadAllBytes(paths[0]));
        Assert.True(seen[^1].Done);
        Assert.Equal(body.Length, seen[^1].Bytes);
        Assert.False(File.Exists(paths[0] + ".part"));
        // A second fetch finds the verified file and does not ask the server again.
        var requests = server.Ranges.Count;
        Assert.Equal(paths, fetcher.Fetch(Manifest(server.Url("frame.fits"), body)));
        Assert.Equal(requests, server.Ranges.Count);
    }

    [Fact]
    public void A_wrong_checksum_leaves_no_file_under_the_final_name_and_names_both_hashes()
    {
        var body = Body(50_000);
        using var server = new LocalHttpServer(body);
        var cache = Repo.TempDir("fetch-bad");
        var wrong = new string('0', 64);
        var e = Assert.Throws<InvalidDataException>(() => new DataFetcher(cache) { Progress = _ => { } }.Fetch(Manifest(server.Url("frame.fits"), body, wrong)));
        Assert.Contains("test-set", e.Message);
        Assert.Contains(wrong, e.Message);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(body)), e.Message);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(cache, "test-set")));
    }

    [Fact]
    public void An_interrupted_download_keeps_a_part_file_and_the_next_fetch_resumes_with_a_range_request()
    {
        var body = Body(200_000);
        using var server = new LocalHttpServer(body, cutFirstResponseAfter: 70_000);
        var cache = Repo.TempDir("fetch-resume");
        var fetcher = new DataFetcher(cache) { Progress = _ => { } };
        var m = Manifest(server.Url("frame.fits"), body);
        var target = Path.Combine(cache, "test-set", "frame.fits");
        var e = Assert.Throws<DataUnavailableException>(() => fetcher.Fetch(m));
        Assert.Contains("interrupted", e.Message + e.InnerException?.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("resumes", e.Message);
        Assert.False(File.Exists(target));
        Assert.Equal(70_000, new FileInfo(target + ".part").Length);

        Assert.Equal(target, fetcher.Fetch(m)[0]);
        Assert.Equal(body, File.ReadAllBytes(target));
        Assert.Equal([null, "bytes=70000-"], server.Ranges);
        Assert.False(File.Exists(target + ".part"));
    }

    [Fact]
    public void With_no_server_the_error_names_the_manifest_and_what_to_do()
    {
        // A port that was free a moment ago: nothing listens there.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var cache = Repo.TempDir("fetch-offline");
        var m = Manifest($"http://127.0.0.1:{port}/frame.fits", Body(10));
        var e = Assert.Throws<DataUnavailableException>(() => new DataFetcher(cache, timeout: TimeSpan.FromSeconds(5)).Fetch(m));
        Assert.Contains("'test-set'", e.Message);
        Assert.Contains("offline", e.Message);
        Assert.Contains("copy the file by hand", e.Message);
        Assert.False(File.Exists(Path.Combine(cache, "test-set", "frame.fits")));
    }

    [Fact]
    public void Talk_datasets_that_cannot_be_downloaded_say_so_and_name_their_fallback()
    {
        var m = DataManifest.Named("euclid-nisp-calblock-f-006-darks");
        Assert.Equal("DpdNispRawFrame", m.Origin.ProductType);
        var e = Assert.Throws<DataUnavailableException>(() => new DataFetcher(Repo.TempDir("fetch-euclid")).Fetch(m));
        Assert.Contains("euclid-nisp-calblock-f-006-darks", e.Message);
        Assert.Contains("synthetic-nisp-slew-darks", e.Message);
        Assert.Contains(m.Instructions!, e.Message);
    }

    [Fact]
    public void Debian_frames_are_found_where_the_package_installed_them_and_verified()
    {
        var m = DataManifest.Named("gemini-gmos-astroscrappy");
        var paths = new DataFetcher(Repo.TempDir("fetch-debian")).Fetch(m);
        Assert.Equal(m.Files.Select(f => f.Path), paths);
        var missing = m with { Files = [m.Files[0] with { Path = "/usr/share/nowhere/gmos.fits" }] };
        var e = Assert.Throws<DataUnavailableException>(() => new DataFetcher(Repo.TempDir("fetch-debian")).Fetch(missing));
        Assert.Contains("./nb setup", e.Message);
        Assert.Contains("python3-astroscrappy", e.Message);
    }
}
