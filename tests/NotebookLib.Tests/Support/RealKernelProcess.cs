using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookLib.Tests.Support;

/// <summary>
/// The real .NET Interactive kernel (the dotnet tool environment.json pins, installed by ./nb setup),
/// driven over its stdio protocol: each submission is a SubmitCode command envelope, and the reply is
/// every event up to CommandSucceeded or CommandFailed.
/// </summary>
public sealed class RealKernelProcess : IDisposable
{
    readonly Process process;
    readonly BlockingCollection<string> lines = new();
    readonly StringBuilder stderr = new();
    int tokens;

    RealKernelProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is null) lines.CompleteAdding(); else lines.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The dotnet-interactive executable in environment.json's dotnet.toolPath.</summary>
    public static string ToolExecutable
    {
        get
        {
            var env = JsonNode.Parse(File.ReadAllText(Repo.PathOf("environment.json")))!;
            var path = Repo.PathOf((string)env["dotnet"]!["toolPath"]!, "dotnet-interactive");
            return File.Exists(path) ? path
                : throw new FileNotFoundException($"the .NET Interactive kernel is not installed at {path}: run ./nb setup (it installs the dotnet tools environment.json pins)", path);
        }
    }

    /// <summary>The environment that keeps the tool quiet (no telemetry banner in the protocol stream).</summary>
    public static void Quiet(ProcessStartInfo psi)
    {
        psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    }

    /// <summary>The environment of a Jupyter process that starts the pinned kernel through its installed spec:
    /// JUPYTER_PATH beside the tool, config and runtime folders under <paramref name="folder"/>, and <see cref="Quiet"/>.</summary>
    public static void ForJupyter(ProcessStartInfo psi, string folder)
    {
        psi.Environment["JUPYTER_PATH"] = Path.Combine(Path.GetDirectoryName(ToolExecutable)!, "jupyter");
        psi.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(folder, "jupyter-config");
        psi.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(folder, "jupyter-runtime");
        Quiet(psi);
    }

    public static RealKernelProcess Start(string workingDirectory)
    {
        var psi = new ProcessStartInfo(ToolExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add("stdio");
        psi.ArgumentList.Add("--working-dir");
        psi.ArgumentList.Add(workingDirectory);
        Quiet(psi);
        return new RealKernelProcess(Process.Start(psi)!);
    }

    /// <summary>Runs C# code as one cell and returns the events it produced.</summary>
    public KernelReply Submit(string code, TimeSpan? timeout = null)
    {
        var token = "t" + Interlocked.Increment(ref tokens);
        var envelope = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        process.StandardInput.WriteLine(envelope.ToJsonString());
        process.StandardInput.Flush();
        var events = new List<KernelEvent>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !lines.TryTake(out var line, left))
                throw new TimeoutException($"the .NET Interactive kernel did not finish the submission in time (or exited); stderr:\n{Stderr}");
            if (!line.TrimStart().StartsWith('{')) continue;
            JsonElement root;
            try { root = JsonDocument.Parse(line).RootElement.Clone(); }
            catch (JsonException) { continue; }
            if (!root.TryGetProperty("eventType", out var type)) continue;
            var commandToken = root.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("token", out var t) ? t.GetString() : null;
            var ev = new KernelEvent(type.GetString()!, root.GetProperty("event"), commandToken);
            events.Add(ev);
            if (commandToken == token && ev.Type is "CommandSucceeded" or "CommandFailed")
                return new KernelReply(ev.Type == "CommandSucceeded", ev.Type == "CommandFailed" ? ev.Event.GetProperty("message").GetString() : null, events);
        }
    }

    public string Stderr { get { lock (stderr) return stderr.ToString(); } }

    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        process.Dispose();
    }
}

/// <summary>One kernel event: its type (DisplayedValueProduced, …), its body, and the token of the command it belongs to.</summary>
public sealed record KernelEvent(string Type, JsonElement Event, string? CommandToken);

/// <summary>What a submission came to.</summary>
public sealed record KernelReply(bool Succeeded, string? Error, IReadOnlyList<KernelEvent> Events)
{
    /// <summary>Everything the cell wrote to standard output.</summary>
    public string StandardOutput => string.Concat(Events.Where(e => e.Type == "StandardOutputValueProduced")
        .SelectMany(e => e.Event.GetProperty("formattedValues").EnumerateArray())
        .Select(v => v.GetProperty("value").GetString()));
}
