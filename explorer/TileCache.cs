namespace NotebookLib.Explorer;

/// <summary>Rendered tiles by request, least recently used dropped first once the byte budget is spent.</summary>
public sealed class TileCache(long capacityBytes)
{
    readonly Lock gate = new();
    readonly Dictionary<string, LinkedListNode<(string Key, byte[] Png)>> map = new(StringComparer.Ordinal);
    readonly LinkedList<(string Key, byte[] Png)> order = new();
    long bytes;

    public long Hits { get; private set; }
    public long Misses { get; private set; }

    public byte[] GetOrAdd(string key, Func<byte[]> render)
    {
        lock (gate)
            if (map.TryGetValue(key, out var node))
            {
                order.Remove(node);
                order.AddFirst(node);
                Hits++;
                return node.Value.Png;
            }
        var png = render();
        lock (gate)
        {
            Misses++;
            if (map.ContainsKey(key)) return png;
            map[key] = order.AddFirst((key, png));
            bytes += png.Length;
            while (bytes > capacityBytes && order.Last is { } last)
            {
                order.RemoveLast();
                map.Remove(last.Value.Key);
                bytes -= last.Value.Png.Length;
            }
        }
        return png;
    }
}
