using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using NotebookLib.Configuration;
using NotebookLib.Display;

namespace NotebookLib.Data;

/// <summary>Data a manifest describes that cannot be had here (offline, not downloadable, not
/// installed); the message names the manifest and says what to do.</summary>
public sealed class DataUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Progress of one file's download.</summary>
public sealed record FetchProgress(string Manifest, string File, long Bytes, long? Total, bool Done)
{
    public double? Fraction => Total is > 0 ? Math.Min(1, Bytes / (double)Total) : null;
    public override string ToString() =>
        $"{Manifest}/{File}: {Bytes / 1048576.0:F1}" + (Total is long t ? $" of {t / 1048576.0:F1} MiB ({Fraction:P0})" : " MiB") + (Done ? ", done" : "");
}

/// <summary>
/// Gets a manifest's files into the data cache (environment.json runtime.dataCache): downloads with
/// progress into NAME.part, resumes an interrupted .part with an HTTP Range request, checks size and
/// SHA-256, and only then renames it to its final name, so that no partial or corrupt file ever sits
/// under the final name. Installed (Debian) files are checked where they are. Anything that cannot
/// be had raises <see cref="DataUnavailableException"/> naming the manifest and what to do.
/// </summary>
public sealed class DataFetcher
{
    readonly HttpClient http;

    public DataFetcher(string? cacheFolder = null, HttpClient? client = null, TimeSpan? timeout = null)
    {
        CacheFolder = Path.GetFullPath(cacheFolder ?? EnvironmentSettings.Current.DataCache);
        http = client ?? new HttpClient { Timeout = timeout ?? TimeSpan.FromMinutes(10) };
    }

    public string CacheFolder { get; }
    /// <summary>Called as bytes arrive (at most every 200 ms, and when a file is done). By default a
    /// notebook shows one updating line per file and the console gets a line per update.</summary>
    public Action<FetchProgress>? Progress { get; set; }
    /// <summary>Check SHA-256 of files that are already there (installed or cached); off skips the hash, not the size.</summary>
    public bool VerifyExisting { get; set; } = true;

    /// <summary>All files of <paramref name="manifest"/>, as local paths in manifest order.</summary>
    public IReadOnlyList<string> Fetch(DataManifest manifest) =>
        FetchAsync(manifest).GetAwaiter().GetResult();

    public async Task<IReadOnlyList<string>> FetchAsync(DataManifest manifest, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Kind == "synthetic")
            throw new InvalidOperationException($"data manifest '{manifest.Name}' describes synthetic data: call {manifest.Origin.Generator ?? "its generator"} instead of fetching");
        if (manifest.Files.Count == 0)
            throw Unavailable(manifest, null, "it lists no files that can be fetched automatically");
        var paths = new List<string>();
        foreach (var f in manifest.Files) paths.Add(await FetchFileAsync(manifest, f, cancel).ConfigureAwait(false));
        return paths;
    }

    public string FetchFile(DataManifest manifest, DataFile file) => FetchFileAsync(manifest, file).GetAwaiter().GetResult();

    public async Task<string> FetchFileAsync(DataManifest manifest, DataFile file, CancellationToken cancel = default)
    {
        var target = manifest.LocalPath(file, CacheFolder);
        if (File.Exists(target))
        {
            var problem = Check(target, file, VerifyExisting);
            if (problem is null) return target;
            if (file.Path is not null)
                throw new InvalidDataException($"data manifest '{manifest.Name}' ({manifest.Source ?? "in memory"}): installed file {target} {problem}; reinstall the Debian package {manifest.Origin.DebianPackage}");
            File.Delete(target); // a stale or corrupt copy in the cache: fetch it again
        }
        if (file.Path is not null)
            throw Unavailable(manifest, file, $"{file.Path} is not installed" +
                (manifest.Origin.DebianPackage is string pkg ? $": run ./nb setup (it installs the Debian package {pkg})" : ""));
        if (manifest.Downloadable == false || file.Url is null)
            throw Unavailable(manifest, file, manifest.Downloadable == false ? "its files cannot be downloaded automatically" : "the manifest gives no download URL for it");
        await DownloadAsync(manifest, file, target, cancel).ConfigureAwait(false);
        return target;
    }

    async Task DownloadAsync(DataManifest manifest, DataFile file, string target, CancellationToken cancel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var part = target + ".part";
        long have = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (file.Size is long size && have > size) { File.Delete(part); have = 0; }
        var report = Progress ?? DefaultProgress();
        if (!(file.Size is long known && have == known))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
            if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancel.IsCancellationRequested)
            {
                throw Unavailable(manifest, file, $"{file.Url} cannot be reached ({e.Message}); this machine may be offline", e, have);
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable) { File.Delete(part); have = 0; }
                else if (!response.IsSuccessStatusCode)
                    throw Unavailable(manifest, file, $"{file.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, have);
                var append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
                if (!append) have = 0; // the server ignored the range: start again
                var total = file.Size ?? (response.Content.Headers.ContentLength is long cl ? cl + have : null);
                try
                {
                    await using var source = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
                    await using var sink = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None);
                    var buffer = new byte[1 << 16];
                    var last = DateTime.UtcNow;
                    int n;
                    while ((n = await source.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
                    {
                        await sink.WriteAsync(buffer.AsMemory(0, n), cancel).ConfigureAwait(false);
                        have += n;
                        if ((DateTime.UtcNow - last).TotalMilliseconds >= 200)
                        {
                            last = DateTime.UtcNow;
                            report(new(manifest.Name, file.Name, have, total, false));
                        }
                    }
                    await sink.FlushAsync(cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !cancel.IsCancellationRequested)
                {
                    throw Unavailable(manifest, file, $"the download from {file.Url} was interrupted ({e.Message})", e, have);
                }
                if (total is long t && have < t)
                    throw Unavailable(manifest, file, $"the download from {file.Url} stopped after {have} of {t} bytes", null, have);
            }
        }
        var problem = Check(part, file, verifyHash: true);
        if (problem is not null)
        {
            File.Delete(part);
            throw new InvalidDataException($"data manifest '{manifest.Name}' ({manifest.Source ?? "in memory"}): the file {file.Name} downloaded from {file.Url} {problem}; it was deleted. The server may hold another version than the manifest describes.");
        }
        File.Move(part, target, overwrite: true);
        report(new(manifest.Name, file.Name, new FileInfo(target).Length, file.Size, true));
    }

    /// <summary>Null when the file agrees with the manifest's size and (if asked) SHA-256; otherwise what differs.</summary>
    public static string? Check(string path, DataFile file, bool verifyHash = true)
    {
        var length = new FileInfo(path).Length;
        if (file.Size is long size && length != size) return $"has {length} bytes, the manifest says {size}";
        if (verifyHash && file.Sha256 is string want)
        {
            var got = Sha256Of(path);
            if (!string.Equals(got, want, StringComparison.OrdinalIgnoreCase)) return $"has SHA-256 {got}, the manifest says {want}";
        }
        return null;
    }

    public static string Sha256Of(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    DataUnavailableException Unavailable(DataManifest m, DataFile? file, string why, Exception? inner = null, long partial = 0)
    {
        var what = file is null ? "" : $" file {file.Name}:";
        var target = file is null ? Path.Combine(CacheFolder, m.Name) : m.LocalPath(file, CacheFolder);
        var msg = $"data manifest '{m.Name}' ({m.Source ?? "in memory"}):{what} {why}.";
        if (partial > 0) msg += $" {partial} bytes are kept in {target}.part; fetching again resumes from there.";
        if (m.Instructions is string how) msg += $" To get it by hand: {how}";
        else if (file?.Url is string url) msg += $" To get it by hand: download {url} to {target}" + (file.Sha256 is string h ? $" (SHA-256 {h})." : ".");
        if (m.Fallback is string fb) msg += $" Notebooks run without it on {fb}.";
        return new DataUnavailableException(msg, inner);
    }

    static Action<FetchProgress> DefaultProgress()
    {
        var output = KernelContext.Current;
        if (output is null) return p => Console.Error.WriteLine(p.ToString());
        var shown = new Dictionary<string, DisplayedValue>();
        return p =>
        {
            var text = p.ToString();
            if (shown.TryGetValue(p.File, out var d)) d.Update(text);
            else shown[p.File] = output.Display(text, "text/plain");
        };
    }
}
