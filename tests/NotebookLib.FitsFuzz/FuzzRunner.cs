using System.Collections.Concurrent;
using System.Diagnostics;

namespace NotebookLib.FitsFuzz;

/// <summary>The counts a fuzz or conformance run reports, and every failure by name.</summary>
public sealed record FuzzReport(int Files, int Hdus, int Read, int CleanErrors, int RawExceptions, int Mismatches, int Crashes,
    IReadOnlyList<string> Failures, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Files} files, {Hdus} HDUs: {Read} read, {CleanErrors} clean FitsExceptions, {RawExceptions} other exceptions, " +
        $"{Mismatches} direct-vs-CFITSIO mismatches, {Crashes} crashes ({Elapsed.TotalSeconds:F0} s)";
}

/// <summary>
/// Reads files in child processes (`dotnet NotebookLib.FitsFuzz.dll check ...`), a few per child:
/// a child that dies (a native crash, an abort, a hang) takes only itself down; the case it was
/// reading is then run again alone in a fresh child, and the report names its mutation.
/// </summary>
public static class FuzzRunner
{
    static string ChildDll => typeof(FuzzRunner).Assembly.Location;

    /// <summary>Writes the seed files with astropy (Debian python3-astropy) into <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> MakeSeeds(string directory)
    {
        var script = Path.Combine(Path.GetDirectoryName(ChildDll)!, "fuzz_seeds.py");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(directory);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"fuzz_seeds.py failed (exit {p.ExitCode}): {err.Result}");
        return Directory.GetFiles(directory).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Makes and reads up to <paramref name="maxCases"/> corrupted files from the seeds, stopping
    /// early when <paramref name="budget"/> is spent; the same <paramref name="seed"/> gives the same files.</summary>
    public static FuzzReport Fuzz(IReadOnlyList<string> seeds, int seed, int maxCases, TimeSpan budget, string workDir,
        int perChild = 8, int parallel = 2, Action<string>? log = null)
    {
        Directory.CreateDirectory(workDir);
        var mutator = new Mutator(seeds, seed);
        var cases = Enumerable.Range(0, maxCases).Select(i => mutator.Make(i, workDir)).ToList();
        return Check(cases, budget, perChild, parallel, log);
    }

    /// <summary>Reads the given files in child processes and counts the outcomes.</summary>
    public static FuzzReport Check(IReadOnlyList<FuzzCase> cases, TimeSpan budget, int perChild = 8, int parallel = 2, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var results = new ConcurrentDictionary<int, (Inspection result, FuzzCase c)>();
        var batches = new ConcurrentQueue<List<FuzzCase>>(cases.Chunk(Math.Max(1, perChild)).Select(b => b.ToList()));
        void Worker()
        {
            while (clock.Elapsed < budget && batches.TryDequeue(out var batch))
            {
                var pending = batch;
                while (pending.Count > 0)
                {
                    var got = RunChild(pending);
                    foreach (var (k, r) in got) results[pending[k].Number] = (r, pending[k]);
                    if (got.Count == pending.Count) break;
                    // The child died on case got.Count: read it alone, to name it fairly, then go on after it.
                    var dead = pending[got.Count];
                    var alone = RunChild([dead]);
                    var result = alone.Count == 1 && alone[0].result.Outcome != Outcome.Crash
                        ? new Inspection(Outcome.Crash, 0, $"the child died reading it after {string.Join(", ", pending.Take(got.Count).Select(c => c.Mutation))}, though alone it gives {alone[0].result.Outcome}")
                        : alone.Count == 1 ? alone[0].result : new Inspection(Outcome.Crash, 0, "the child died");
                    results[dead.Number] = (result, dead);
                    log?.Invoke($"crash: case {dead.Number} ({dead.Mutation}): {result.Detail}");
                    pending = pending.Skip(got.Count + 1).ToList();
                }
            }
        }
        var workers = Enumerable.Range(0, Math.Max(1, parallel)).Select(_ => Task.Run(Worker)).ToArray();
        Task.WaitAll(workers);
        var all = results.Values.OrderBy(r => r.c.Number).ToList();
        var failures = all.Where(r => r.result.Outcome is Outcome.RawException or Outcome.Mismatch or Outcome.Crash)
            .Select(r => $"{r.result.Outcome}: case {r.c.Number} ({r.c.Mutation}) [{r.c.Path}]: {r.result.Detail}").ToList();
        return new FuzzReport(all.Count, all.Sum(r => r.result.Hdus),
            all.Count(r => r.result.Outcome == Outcome.Read), all.Count(r => r.result.Outcome == Outcome.CleanError),
            all.Count(r => r.result.Outcome == Outcome.RawException), all.Count(r => r.result.Outcome == Outcome.Mismatch),
            all.Count(r => r.result.Outcome == Outcome.Crash), failures, clock.Elapsed);
    }

    /// <summary>Runs one child over the cases; returns the results it gave before it ended (all of
    /// them, or fewer when it died; the last one is then the crash, with its exit code).</summary>
    static List<(int index, Inspection result)> RunChild(IReadOnlyList<FuzzCase> cases)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(ChildDll);
        psi.ArgumentList.Add("check");
        foreach (var c in cases) psi.ArgumentList.Add(c.Path);
        // A corrupt size must be refused cleanly, not met by a machine that swaps: cap the child's heap.
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x80000000";
        psi.Environment["DOTNET_TieredPGO"] = "0";
        psi.Environment["NOTEBOOKLIB_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var results = new List<(int, Inspection)>();
        var reading = p.StandardOutput.ReadToEndAsync();
        // Generous: a loaded CI machine is slow, and a hang (CFITSIO looping) is still caught.
        var timeout = TimeSpan.FromSeconds(120 + 15 * cases.Count);
        bool hung = !p.WaitForExit(timeout);
        if (hung) { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } p.WaitForExit(); }
        foreach (var line in reading.Result.Split('\n'))
        {
            var parts = line.Split('\t');
            if (parts.Length == 5 && parts[0] == "RESULT")
                results.Add((int.Parse(parts[1]), new Inspection(Enum.Parse<Outcome>(parts[2]), int.Parse(parts[3]), parts[4])));
        }
        if (results.Count < cases.Count)
        {
            var tail = err.Result.Trim().Split('\n').LastOrDefault()?.Trim() ?? "";
            results.Add((results.Count, new Inspection(Outcome.Crash, 0, hung ? $"hung for more than {timeout.TotalSeconds:F0} s" : $"exit code {p.ExitCode}{(tail.Length > 0 ? ": " + tail : "")}")));
            results.RemoveAt(results.Count - 1);
            return results.Count == 0 && cases.Count == 1
                ? [(0, new Inspection(Outcome.Crash, 0, hung ? $"hung for more than {timeout.TotalSeconds:F0} s" : $"exit code {p.ExitCode}{(tail.Length > 0 ? ": " + tail : "")}"))]
                : results;
        }
        return results;
    }
}
