using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NotebookLib.Tests.Data;

/// <summary>A minimal HTTP/1.1 file server on 127.0.0.1 for the fetcher's tests: serves one body,
/// honours "Range: bytes=N-" with 206, and can cut the first response short to simulate a dropped
/// connection. Records each request's Range header.</summary>
sealed class LocalHttpServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly byte[] body;
    readonly CancellationTokenSource stop = new();
    int? cutFirstResponseAfter;

    public LocalHttpServer(byte[] body, int? cutFirstResponseAfter = null)
    {
        this.body = body;
        this.cutFirstResponseAfter = cutFirstResponseAfter;
        listener.Start();
        _ = Task.Run(Loop);
    }

    public string Url(string name) => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/{name}";
    public List<string?> Ranges { get; } = [];

    async Task Loop()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch { return; }
            using (client)
            {
                try { await Serve(client.GetStream()); } catch (IOException) { }
            }
        }
    }

    async Task Serve(NetworkStream stream)
    {
        var reader = new StreamReader(stream, Encoding.ASCII, false, 1, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync();
        if (requestLine is null) return;
        string? range = null;
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
            if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase)) range = line[6..].Trim();
        lock (Ranges) Ranges.Add(range);
        var from = 0;
        if (range is not null && range.StartsWith("bytes=") && range.EndsWith('-')) from = int.Parse(range[6..^1]);
        var status = from > 0 ? "206 Partial Content" : "200 OK";
        var length = body.Length - from;
        var head = $"HTTP/1.1 {status}\r\nContent-Length: {length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n" +
                   (from > 0 ? $"Content-Range: bytes {from}-{body.Length - 1}/{body.Length}\r\n" : "") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var send = length;
        if (cutFirstResponseAfter is int cut) { send = Math.Min(cut, length); cutFirstResponseAfter = null; }
        await stream.WriteAsync(body.AsMemory(from, send));
        await stream.FlushAsync();
        // Closing now with fewer bytes than Content-Length is what a dropped connection looks like.
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
