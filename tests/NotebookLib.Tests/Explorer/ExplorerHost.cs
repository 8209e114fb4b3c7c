using System.Net.Http.Json;
using System.Text.Json;
using NotebookLib.Explorer;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Explorer;

/// <summary>An explorer served in-process on 127.0.0.1 at a free port, over generated demo cutouts.</summary>
public sealed class ExplorerHost : IAsyncDisposable
{
    public ExplorerServer Server { get; }
    public HttpClient Http { get; }
    public string Database { get; }

    ExplorerHost(ExplorerServer server, string database)
    {
        Server = server;
        Database = database;
        Http = new HttpClient { BaseAddress = new Uri(server.Url.Split('?')[0]), Timeout = TimeSpan.FromSeconds(30) };
        if (server.Token is { } token) Http.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    public static async Task<ExplorerHost> StartAsync(int count = 200, string? database = null, string? token = null)
    {
        database ??= Path.Combine(Repo.TempDir("explorer"), "labels.sqlite");
        var (cutouts, metadata) = DemoCutouts.Generate(count, size: 24);
        var server = new ExplorerServer(cutouts, metadata, new ExplorerOptions { Classes = DemoCutouts.Classes, Database = database, Token = token });
        await server.StartAsync();
        return new ExplorerHost(server, database);
    }

    public Task<HttpResponseMessage> PostLabel(object body) => Http.PostAsJsonAsync("api/labels", body);

    public async Task<JsonElement> GetJson(string path)
    {
        using var r = await Http.GetAsync(path);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"GET {path}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
