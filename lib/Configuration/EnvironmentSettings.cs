using System.Text.Json.Nodes;

namespace NotebookLib.Configuration;

/// <summary>
/// Runtime defaults from environment.json's "runtime" section, each overridable by an environment
/// variable (NOTEBOOKLIB_DEVICE, _THREADS, _SEED, _DATA_CACHE, _SCALE, _CELL_TIMEOUT, _LIBTORCH).
/// environment.json is the one place that names them; this class only reads it.
/// </summary>
public sealed record EnvironmentSettings
{
    /// <summary>"cpu", "cuda", "cuda:N" or "auto" (cuda when a GPU is there); see <see cref="DeviceName"/>.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>Intra-op threads for libtorch and the managed parallel loops; 0 means all cores.</summary>
    public int Threads { get; init; }
    public int Seed { get; init; } = 42;
    /// <summary>Absolute path of the folder that fetched and generated data go to.</summary>
    public string DataCache { get; init; } = "";
    /// <summary>Notebook scale: "smoke", "default" or "full".</summary>
    public string Scale { get; init; } = "default";
    public double CellTimeoutSeconds { get; init; } = 1800;
    /// <summary>CMake prefix of the libtorch the shim is built against; null for Debian's.</summary>
    public string? LibtorchPrefix { get; init; }
    /// <summary>The folder holding environment.json (the repository root), or null when none was found.</summary>
    public string? Root { get; init; }

    /// <summary>Threads with 0 resolved to the machine's core count.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    static readonly Lazy<EnvironmentSettings> current = new(() => Load());

    /// <summary>The settings of this process: environment.json found from the working directory
    /// or from NotebookLib.dll's folder upwards (or NOTEBOOKLIB_ENVIRONMENT), then environment variables.</summary>
    public static EnvironmentSettings Current => current.Value;

    public static EnvironmentSettings Load(string? environmentJson = null, IDictionary<string, string?>? variables = null)
    {
        string? Var(string name) => variables is null ? Environment.GetEnvironmentVariable(name)
            : variables.TryGetValue(name, out var v) ? v : null;

        environmentJson ??= Var("NOTEBOOKLIB_ENVIRONMENT") ?? FindEnvironmentJson();
        var s = new EnvironmentSettings();
        if (environmentJson is not null)
        {
            JsonNode? doc;
            try { doc = JsonNode.Parse(File.ReadAllText(environmentJson)); }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                throw new InvalidDataException($"{environmentJson}: cannot read environment.json: {e.Message}", e);
            }
            var rt = doc?["runtime"];
            s = s with
            {
                Root = Path.GetDirectoryName(Path.GetFullPath(environmentJson)),
                Device = (string?)rt?["device"] ?? s.Device,
                Threads = (int?)rt?["threads"] ?? s.Threads,
                Seed = (int?)rt?["seed"] ?? s.Seed,
                DataCache = (string?)rt?["dataCache"] ?? s.DataCache,
                Scale = (string?)rt?["scale"] ?? s.Scale,
                CellTimeoutSeconds = (double?)rt?["cellTimeoutSeconds"] ?? s.CellTimeoutSeconds,
                LibtorchPrefix = (string?)doc?["libtorch"]?["cmakePrefixPath"],
            };
        }
        s = s with
        {
            Device = Var("NOTEBOOKLIB_DEVICE") ?? s.Device,
            Threads = ParseInt(Var("NOTEBOOKLIB_THREADS"), "NOTEBOOKLIB_THREADS") ?? s.Threads,
            Seed = ParseInt(Var("NOTEBOOKLIB_SEED"), "NOTEBOOKLIB_SEED") ?? s.Seed,
            DataCache = Var("NOTEBOOKLIB_DATA_CACHE") ?? s.DataCache,
            Scale = Var("NOTEBOOKLIB_SCALE") ?? s.Scale,
            CellTimeoutSeconds = ParseInt(Var("NOTEBOOKLIB_CELL_TIMEOUT"), "NOTEBOOKLIB_CELL_TIMEOUT") ?? s.CellTimeoutSeconds,
            LibtorchPrefix = Var("NOTEBOOKLIB_LIBTORCH") ?? s.LibtorchPrefix,
        };
        DeviceName.Check(s.Device, "device (environment.json runtime.device or NOTEBOOKLIB_DEVICE)");
        if (s.Scale is not ("smoke" or "default" or "full"))
            throw new ArgumentException($"scale must be smoke, default or full, not '{s.Scale}' (environment.json runtime.scale or NOTEBOOKLIB_SCALE)");
        if (s.Threads < 0)
            throw new ArgumentException($"threads must be 0 (all cores) or positive, not {s.Threads}");
        var cacheBase = s.Root ?? Directory.GetCurrentDirectory();
        var cache = string.IsNullOrEmpty(s.DataCache) ? ".cache/data" : s.DataCache;
        return s with { DataCache = Path.GetFullPath(Path.Combine(cacheBase, cache)) };
    }

    static int? ParseInt(string? value, string name) =>
        value is null ? null
        : int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i
        : throw new ArgumentException($"{name} must be an integer, not '{value}'");

    static string? FindEnvironmentJson()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory,
                                      Path.GetDirectoryName(typeof(EnvironmentSettings).Assembly.Location) ?? "" })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "environment.json");
                // The copy beside NotebookLib.dll is found last: the repository's own file wins.
                if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "lib", "NotebookLib.csproj")))
                    return candidate;
            }
        }
        var besideDll = Path.Combine(AppContext.BaseDirectory, "environment.json");
        return File.Exists(besideDll) ? besideDll : null;
    }
}
