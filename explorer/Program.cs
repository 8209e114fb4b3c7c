using System.Globalization;
using System.Text.Json;

namespace NotebookLib.Explorer;

/// <summary>The command line behind `./nb explore`: serve a folder, a FITS cube or generated demo cutouts
/// until Ctrl+C.</summary>
public static class Program
{
    const string Usage = """
        usage: ./nb explore <folder-or-fits-cube> [options]
               ./nb explore --demo 10000 [options]
          --classes a,b,c | FILE   class names (digit keys 0-9); FILE: one per line or a JSON array
                                   (default: classes.txt or classes.json beside the source)
          --metadata FILE.csv      per-image columns; an "image" or "name" column matches rows to images
          --db FILE.sqlite         the label database (default: beside the source)
          --host 127.0.0.1         another address is served only with a token (made if not given)
          --port 8765              0: any free port
          --token TOKEN
        """;

    public static async Task<int> Main(string[] args)
    {
        ICutouts cutouts;
        CutoutMetadata? metadata = null;
        ExplorerOptions options;
        try
        {
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            var positional = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] is "-h" or "--help") { Console.WriteLine(Usage); return 0; }
                if (args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
                    named[args[i][2..]] = args[++i];
                }
                else positional.Add(args[i]);
            }
            var unknown = named.Keys.Except(["classes", "metadata", "db", "host", "port", "token", "demo", "seed"]).ToList();
            if (unknown.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
            string db;
            IReadOnlyList<string>? classes = named.TryGetValue("classes", out var c) ? ReadClasses(c) : null;
            if (named.TryGetValue("demo", out var demo))
            {
                if (positional.Count > 0) throw new ArgumentException("give either a source or --demo N, not both");
                var n = int.Parse(demo, CultureInfo.InvariantCulture);
                var seed = named.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 42;
                (var generated, metadata) = DemoCutouts.Generate(n, seed: seed);
                cutouts = generated;
                classes ??= DemoCutouts.Classes;
                db = Path.Combine("build", "explorer", $"demo-{n}-labels.sqlite");
            }
            else
            {
                if (positional.Count != 1) throw new ArgumentException(positional.Count == 0 ? "name a folder of FITS cutouts or a FITS cube" : "one source at a time");
                var source = positional[0];
                cutouts = CutoutSource.Open(source);
                var beside = Directory.Exists(source) ? source : Path.GetDirectoryName(Path.GetFullPath(source))!;
                classes ??= new[] { "classes.txt", "classes.json" }.Select(f => Path.Combine(beside, f)).Where(File.Exists).Select(ReadClasses).FirstOrDefault();
                db = Directory.Exists(source) ? Path.Combine(source, "explorer-labels.sqlite") : source + ".labels.sqlite";
            }
            if (named.TryGetValue("metadata", out var csv)) metadata = CutoutMetadata.FromCsv(csv, cutouts);
            options = new ExplorerOptions
            {
                Database = named.GetValueOrDefault("db") ?? db,
                Host = named.GetValueOrDefault("host") ?? "127.0.0.1",
                Port = named.TryGetValue("port", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 8765,
                Token = named.GetValueOrDefault("token"),
            };
            if (classes is not null) options = options with { Classes = classes };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException or NotebookLib.Fits.FitsException)
        {
            Console.Error.WriteLine($"explore: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        await using var server = new ExplorerServer(cutouts, metadata, options);
        try { await server.StartAsync(); }
        catch (IOException e)
        {
            Console.Error.WriteLine($"explore: cannot listen on {options.Host}:{options.Port} ({e.Message}); choose another --port (0: any free one)");
            return 2;
        }
        if (server.Store.Problem is { } problem) Console.Error.WriteLine($"warning: {problem}");
        Console.WriteLine($"cutouts explorer: {server.Url}");
        Console.WriteLine($"  {cutouts.Count} images, classes {string.Join(", ", options.Classes.Select((n, i) => $"{i} {n}"))}; labels in {server.Store.Path}; Ctrl+C stops");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
        try { await Task.Delay(Timeout.Infinite, stop.Token); }
        catch (OperationCanceledException) { }
        return 0;
    }

    static string[] ReadClasses(string value)
    {
        if (!File.Exists(value)) return value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var text = File.ReadAllText(value).Trim();
        return text.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(text) ?? []
            : text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
