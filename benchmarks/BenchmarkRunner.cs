using System.Text.Json;
using NotebookLib.IO;
using Spectre.Console;

namespace NotebookLib.Benchmarks;

/// <summary>Finds the benchmarks, runs the chosen ones and prints one table of ratios.</summary>
public static class BenchmarkRunner
{
    public static IReadOnlyList<IBenchmark> All() =>
        typeof(IBenchmark).Assembly.GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();

    public static int Run(IReadOnlyCollection<string> names, BenchmarkContext context, string? jsonOut)
    {
        var all = All();
        var unknown = names.Where(n => all.All(b => b.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"unknown benchmark(s): {string.Join(", ", unknown)}; known: {string.Join(", ", all.Select(b => b.Name))}");
            return 2;
        }
        var chosen = names.Count == 0 ? all : all.Where(b => names.Contains(b.Name)).ToList();
        if (chosen.Count == 0) { Console.Error.WriteLine("no benchmarks are defined yet"); return 2; }

        var results = new List<BenchmarkResult>();
        foreach (var b in chosen)
        {
            context.Log($"bench {b.Name}: {b.Description} (threads={context.Threads})");
            foreach (var r in b.Run(context))
            {
                results.Add(r);
                context.Log($"  {r.Case} {r.Metric}: ours {r.Ours:G4} {r.Unit}, {r.PeerName} {r.Peer:G4} {r.Unit}, ratio {r.Ratio:F2}");
            }
        }
        var table = new Table().AddColumns("benchmark", "case", "metric", "ours", "peer", "ratio (>1: ours better)");
        foreach (var r in results)
            table.AddRow(r.Benchmark, Markup.Escape(r.Case), Markup.Escape($"{r.Metric} [{r.Unit}]"),
                $"{r.Ours:G4}", Markup.Escape($"{r.Peer:G4} ({r.PeerName})"), $"{r.Ratio:F2}");
        AnsiConsole.Write(table);
        if (jsonOut is not null)
            AtomicFile.WriteAllText(jsonOut, JsonSerializer.Serialize(new { threads = context.Threads, results }, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
