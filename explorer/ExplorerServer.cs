using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NotebookLib.Explorer;

/// <summary>
/// The explorer's web application: Kestrel with minimal APIs over one set of cutouts and one label store.
/// The page (wwwroot, embedded) uses the same HTTP API that scripts call; README.md documents it.
/// </summary>
public sealed class ExplorerServer : IAsyncDisposable
{
    const int MaxTileCells = 256;
    readonly ICutouts cutouts;
    readonly CutoutMetadata metadata;
    readonly ExplorerOptions options;
    readonly TileCache tiles;
    readonly Similarity similarity;
    readonly Lock consensusGate = new();
    (long Rows, Consensus Value)? consensus;
    WebApplication? app;
    int disposed;

    public LabelStore Store { get; }
    public string Url { get; private set; } = "";
    /// <summary>The token every request must carry (off 127.0.0.1); null on the loopback address.</summary>
    public string? Token { get; }
    public ICutouts Cutouts => cutouts;
    public IReadOnlyList<string> Classes => options.Classes;

    public ExplorerServer(ICutouts cutouts, CutoutMetadata? metadata, ExplorerOptions options)
    {
        options.Validate();
        if (cutouts.Count == 0) throw new ArgumentException("the explorer needs at least one cutout", nameof(cutouts));
        if (metadata is not null && metadata.Count != cutouts.Count)
            throw new ArgumentException($"metadata for {metadata.Count} images, but there are {cutouts.Count} cutouts", nameof(metadata));
        this.cutouts = cutouts;
        this.metadata = metadata ?? new CutoutMetadata(cutouts.Count);
        this.options = options;
        var address = ParseHost(options.Host);
        Token = IPAddress.IsLoopback(address) ? options.Token : options.Token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        tiles = new TileCache(options.TileCacheBytes);
        similarity = new Similarity(cutouts);
        Store = new LabelStore(options.Database);
    }

    static IPAddress ParseHost(string host) =>
        host == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var a) ? a
        : throw new ArgumentException($"'{host}' is not an IP address to listen on (127.0.0.1, 0.0.0.0, ::1, …)");

    /// <summary>Starts listening; <see cref="Url"/> is then the address to open (with the token when there is one).</summary>
    public async Task StartAsync(CancellationToken cancel = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        var address = ParseHost(options.Host);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, options.Port));
        builder.Services.ConfigureHttpJsonOptions(j => j.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
        app = builder.Build();
        app.Use(Guard);
        Routes(app);
        await app.StartAsync(cancel).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = bound.Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/') + "/" + (Token is null ? "" : "?token=" + Token);
    }

    /// <summary>The token check (when there is one) and one JSON error for anything unexpected: the server keeps serving.</summary>
    async Task Guard(HttpContext ctx, Func<Task> next)
    {
        if (Token is not null)
        {
            var given = ctx.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..]
                : ctx.Request.Query["token"].FirstOrDefault() ?? ctx.Request.Cookies["explorer-token"];
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(Token)))
            {
                await Error(StatusCodes.Status401Unauthorized, "this explorer is served off 127.0.0.1 and needs its token (?token=…, or Authorization: Bearer …)").ExecuteAsync(ctx).ConfigureAwait(false);
                return;
            }
            if (ctx.Request.Query.ContainsKey("token"))
                ctx.Response.Cookies.Append("explorer-token", Token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
        }
        try { await next().ConfigureAwait(false); }
        catch (Exception e) when (!ctx.Response.HasStarted && e is not OperationCanceledException)
        {
            await Error(StatusCodes.Status500InternalServerError, $"{ctx.Request.Path} failed: {e.Message}").ExecuteAsync(ctx).ConfigureAwait(false);
        }
    }

    static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    void Routes(WebApplication web)
    {
        web.MapGet("/", () => Page("index.html"));
        web.MapGet("/app.js", () => Page("app.js"));
        web.MapGet("/app.css", () => Page("app.css"));
        web.MapGet("/favicon.ico", () => Results.NoContent());
        web.MapGet("/api/info", Info);
        web.MapGet("/api/view", View);
        web.MapGet("/api/tile", Tile);
        web.MapGet("/api/images/{id:int}", ImageInfo);
        web.MapGet("/api/images/{id:int}/png", ImagePng);
        web.MapPost("/api/labels", (Delegate)PostLabel);
        web.MapGet("/api/labels", GetLabels);
        web.MapGet("/api/labels.csv", () => Results.Text(HistoryCsv(), "text/csv"));
        web.MapGet("/api/consensus", GetConsensus);
        web.MapGet("/api/consensus.csv", () => Results.Text(Current().ToCsv(), "text/csv"));
        web.MapGet("/api/next", Next);
        web.MapFallback((HttpContext ctx) => Error(StatusCodes.Status404NotFound, $"no such page or API: {ctx.Request.Method} {ctx.Request.Path}"));
    }

    static IResult Page(string name)
    {
        using var s = typeof(ExplorerServer).Assembly.GetManifestResourceStream("wwwroot/" + name)
                      ?? throw new InvalidOperationException($"the page's {name} is missing from the assembly");
        using var m = new MemoryStream();
        s.CopyTo(m);
        var type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : name.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/html";
        return Results.Bytes(m.ToArray(), type + "; charset=utf-8");
    }

    IResult Info() => Results.Json(new
    {
        title = options.Title,
        count = cutouts.Count,
        classes = options.Classes,
        columns = metadata.Numeric.Keys.Order(StringComparer.Ordinal).ToArray(),
        textColumns = metadata.Text.Keys.Order(StringComparer.Ordinal).ToArray(),
        anomalyColumn = metadata.Numeric.ContainsKey(options.AnomalyColumn) ? options.AnomalyColumn : null,
        database = Store.Path,
        storeProblem = Store.Problem,
        labels = Store.RowCount,
    });

    /// <summary>The consensus, recomputed only when a label was committed since the last time.</summary>
    internal Consensus Current()
    {
        lock (consensusGate)
        {
            var rows = Store.RowCount;
            if (consensus is { } c && c.Rows == rows) return c.Value;
            // Labels from an earlier run with more classes (or images) than this one are kept in the store, not counted.
            var current = Store.Current();
            foreach (var mine in current.Values)
                foreach (var (image, label) in mine.ToList())
                    if (label >= options.Classes.Count || image >= cutouts.Count) mine.Remove(image);
            var value = Consensus.Compute(options.Classes, cutouts.NameOf, current);
            consensus = (rows, value);
            return value;
        }
    }

    IResult View(HttpContext ctx)
    {
        var q = ctx.Request.Query;
        var user = q["user"].FirstOrDefault() ?? "";
        IEnumerable<int> ids = Enumerable.Range(0, cutouts.Count);
        var mine = Store.CurrentOf(user);
        switch (q["filter"].FirstOrDefault() ?? "all")
        {
            case "all": break;
            case "unlabelled": ids = ids.Where(i => !mine.ContainsKey(i)); break;
            case "labelled": ids = ids.Where(mine.ContainsKey); break;
            case "class":
                if (!int.TryParse(q["class"], CultureInfo.InvariantCulture, out var k) || k < 0 || k >= options.Classes.Count)
                    return Error(400, $"filter=class needs class=0..{options.Classes.Count - 1}");
                var con = Current();
                ids = ids.Where(i => con[i]?.DawidSkene == k);
                break;
            case var f: return Error(400, $"unknown filter '{f}': all, unlabelled, labelled or class");
        }
        if (q.ContainsKey("sample"))
        {
            if (!int.TryParse(q["sample"], CultureInfo.InvariantCulture, out var n) || n < 1) return Error(400, "sample needs a positive count");
            var seed = int.TryParse(q["seed"], CultureInfo.InvariantCulture, out var s) ? s : 1;
            var pool = ids.ToArray();
            new Random(seed).Shuffle(pool);
            ids = pool.Take(n).Order();
        }
        var desc = q["desc"] == "1";
        switch (q["sort"].FirstOrDefault() ?? "index")
        {
            case "index": if (desc) ids = ids.Reverse(); break;
            case "column":
                var name = q["column"].FirstOrDefault() ?? "";
                if (!metadata.Numeric.TryGetValue(name, out var col))
                    return Error(400, $"no numeric metadata column '{name}'; there are: {string.Join(", ", metadata.Numeric.Keys)}");
                ids = desc ? ids.OrderByDescending(i => double.IsNaN(col[i]) ? double.NegativeInfinity : col[i]).ThenBy(i => i)
                           : ids.OrderBy(i => double.IsNaN(col[i]) ? double.PositiveInfinity : col[i]).ThenBy(i => i);
                break;
            case "similar":
                if (!int.TryParse(q["to"], CultureInfo.InvariantCulture, out var to) || to < 0 || to >= cutouts.Count)
                    return Error(400, $"sort=similar needs to=0..{cutouts.Count - 1}");
                var sim = similarity.To(to);
                ids = ids.OrderByDescending(i => sim[i]).ThenBy(i => i);
                break;
            case "next":
                var set = ids.ToHashSet();
                ids = AskNextOrder(user).Where(set.Contains);
                break;
            case var s: return Error(400, $"unknown sort '{s}': index, column, similar or next");
        }
        var list = ids.ToArray();
        return Results.Json(new { total = cutouts.Count, count = list.Length, ids = list });
    }

    int[] AskNextOrder(string user)
    {
        var score = metadata.Numeric.GetValueOrDefault(options.AnomalyColumn);
        return AskNext.Order(cutouts.Count, Current(), Store.CurrentOf(user).Keys.ToHashSet(), score);
    }

    IResult Next(HttpContext ctx)
    {
        var user = ctx.Request.Query["user"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(user)) return Error(400, "GET /api/next needs ?user=name");
        var limit = int.TryParse(ctx.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : 50;
        return Results.Json(new { user, ids = AskNextOrder(user).Take(limit).ToArray() });
    }

    IResult Tile(HttpContext ctx)
    {
        var q = ctx.Request.Query;
        var raw = q["ids"].FirstOrDefault() ?? "";
        var parts = raw.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > MaxTileCells) return Error(400, $"a tile takes 1 to {MaxTileCells} ids (ids=3,4,5; -1 for an empty cell), not {parts.Length}");
        var ids = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], CultureInfo.InvariantCulture, out ids[i]) || ids[i] < -1 || ids[i] >= cutouts.Count)
                return Error(ids[i] >= cutouts.Count ? 404 : 400, $"tile id '{parts[i]}' is not an image: ids are 0..{cutouts.Count - 1}");
        var cols = int.TryParse(q["cols"], CultureInfo.InvariantCulture, out var c) ? c : 8;
        var size = int.TryParse(q["size"], CultureInfo.InvariantCulture, out var s) ? s : 64;
        if (cols is < 1 or > 64) return Error(400, $"cols must be 1..64, not {cols}");
        if (size is < 8 or > 512) return Error(400, $"size must be 8..512 px, not {size}");
        DisplayStretch stretch;
        try { stretch = CutoutRenderer.ParseStretch(q["stretch"]); }
        catch (ArgumentException e) { return Error(400, e.Message); }
        var invert = q["invert"] == "1";
        var key = $"{raw}|{cols}|{size}|{stretch}|{invert}";
        var png = tiles.GetOrAdd(key, () => CutoutRenderer.Tile(cutouts, ids, cols, size, stretch, invert));
        ctx.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.Bytes(png, "image/png");
    }

    IResult ImageInfo(int id)
    {
        if (id < 0 || id >= cutouts.Count) return UnknownImage(id);
        var img = cutouts.Read(id);
        var labels = Store.Current().Where(u => u.Value.ContainsKey(id)).ToDictionary(u => u.Key, u => u.Value[id]);
        var c = Current()[id];
        return Results.Json(new
        {
            id,
            name = cutouts.NameOf(id),
            width = img.Width,
            height = img.Height,
            metadata = metadata.Row(id),
            labels,
            consensus = c is null ? null : new { majority = c.Majority, agreement = c.Agreement, tie = c.Tie, dawidSkene = c.DawidSkene, confidence = c.Confidence, votes = c.Votes },
        });
    }

    IResult ImagePng(int id, HttpContext ctx)
    {
        if (id < 0 || id >= cutouts.Count) return UnknownImage(id);
        var q = ctx.Request.Query;
        var size = int.TryParse(q["size"], CultureInfo.InvariantCulture, out var s) ? s : 256;
        if (size is < 8 or > 1024) return Error(400, $"size must be 8..1024 px, not {size}");
        DisplayStretch stretch;
        try { stretch = CutoutRenderer.ParseStretch(q["stretch"]); }
        catch (ArgumentException e) { return Error(400, e.Message); }
        return Results.Bytes(CutoutRenderer.Single(cutouts.Read(id), size, stretch, q["invert"] == "1"), "image/png");
    }

    IResult UnknownImage(int id) => Error(404, $"no image {id}: this explorer holds {cutouts.Count} images, ids 0..{cutouts.Count - 1}");

    async Task<IResult> PostLabel(HttpContext ctx)
    {
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted).ConfigureAwait(false); }
        catch (JsonException e) { return Error(400, $"the body is not JSON ({e.Message}); send {{\"image\": id, \"label\": class, \"user\": name}}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Error(400, $"the body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object {{\"image\": id, \"label\": class, \"user\": name}}");
            if (!root.TryGetProperty("image", out var im) || im.ValueKind != JsonValueKind.Number || !im.TryGetInt32(out var image))
                return Error(400, "\"image\" must be an integer image id");
            if (image < 0 || image >= cutouts.Count) return UnknownImage(image);
            if (!root.TryGetProperty("user", out var us) || us.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(us.GetString()))
                return Error(400, "\"user\" must be a non-empty name");
            var user = us.GetString()!.Trim();
            if (user.Length > 64) return Error(400, $"\"user\" is {user.Length} characters long; at most 64");
            int? label;
            if (!root.TryGetProperty("label", out var lb)) return Error(400, "\"label\" is missing: a class number, or null to clear");
            if (lb.ValueKind == JsonValueKind.Null) label = null;
            else if (lb.ValueKind == JsonValueKind.Number && lb.TryGetInt32(out var l))
            {
                if (l < 0 || l >= options.Classes.Count)
                    return Error(400, $"label {l} is not a class: the classes are {string.Join(", ", options.Classes.Select((n, i) => $"{i} {n}"))} (null clears)");
                label = l;
            }
            else return Error(400, $"\"label\" must be an integer class (or null to clear), not {lb.GetRawText()}");
            string? request = null;
            if (root.TryGetProperty("request", out var rq))
            {
                if (rq.ValueKind != JsonValueKind.String || rq.GetString()!.Length is 0 or > 128) return Error(400, "\"request\" must be a string of 1 to 128 characters");
                request = rq.GetString();
            }
            try
            {
                var row = await Store.AddAsync(image, cutouts.NameOf(image), user, label, request).ConfigureAwait(false);
                return Results.Json(new { seq = row.Seq, image = row.Image, user = row.User, label = row.Label, time = row.Time });
            }
            catch (LabelStoreException e) { return Error(StatusCodes.Status503ServiceUnavailable, e.Message); }
        }
    }

    IResult GetLabels(HttpContext ctx)
    {
        var user = ctx.Request.Query["user"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(user)) return Error(400, "GET /api/labels needs ?user=name");
        var mine = Store.CurrentOf(user.Trim());
        return Results.Json(new { user = user.Trim(), labels = mine.OrderBy(kv => kv.Key).Select(kv => new { image = kv.Key, label = kv.Value }).ToArray() });
    }

    IResult GetConsensus()
    {
        var c = Current();
        return Results.Json(new
        {
            classes = c.Classes,
            users = c.Users,
            images = c.Rows.Select(r => new { image = r.Image, name = r.Name, votes = r.Votes, majority = r.Majority, agreement = r.Agreement, tie = r.Tie, dawidSkene = r.DawidSkene, confidence = r.Confidence }).ToArray(),
            confusions = c.Confusions,
        });
    }

    string HistoryCsv()
    {
        var sb = new StringBuilder("seq,image,name,user,label,time\n");
        foreach (var r in Store.History())
            sb.Append(r.Seq.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.Image.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(r.Image < cutouts.Count ? Consensus.Csv(cutouts.NameOf(r.Image)) : "").Append(',').Append(Consensus.Csv(r.User)).Append(',')
              .Append(r.Label is int l ? (l < options.Classes.Count ? Consensus.Csv(options.Classes[l]) : l.ToString(CultureInfo.InvariantCulture)) : "").Append(',')
              .Append(r.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;   // Stop, then Dispose: once
        if (app is not null)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
