using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookLib.IO;

namespace NotebookLib.Torch;

/// <summary>
/// The safetensors format (what PyTorch users export weights to): an 8-byte little-endian header
/// length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}}, then the raw
/// little-endian bytes of each tensor. Written through AtomicFile.
/// </summary>
public static class Safetensors
{
    static readonly Dictionary<ScalarType, string> Codes = new()
    {
        [ScalarType.Float64] = "F64",
        [ScalarType.Float32] = "F32",
        [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16",
        [ScalarType.Int64] = "I64",
        [ScalarType.Int32] = "I32",
        [ScalarType.Int16] = "I16",
        [ScalarType.Int8] = "I8",
        [ScalarType.Byte] = "U8",
        [ScalarType.Bool] = "BOOL",
    };

    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var m = new JsonObject();
            foreach (var (k, v) in metadata) m[k] = v;
            header["__metadata__"] = m;
        }
        long offset = 0;
        var sizes = new List<long>();
        foreach (var name in names)
        {
            var t = tensors[name];
            if (!Codes.TryGetValue(t.dtype, out var code)) throw new ArgumentException($"tensor '{name}' has dtype {t.dtype.Name()}, which safetensors cannot store");
            var bytes = t.numel() * t.dtype.ElementSize();
            header[name] = new JsonObject
            {
                ["dtype"] = code,
                ["shape"] = new JsonArray(t.shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            sizes.Add(bytes);
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, (Stream s) =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            s.Write(len);
            s.Write(json);
            for (var i = json.Length; i < padded; i++) s.WriteByte((byte)' ');
            for (var i = 0; i < names.Count; i++)
            {
                var buffer = new byte[sizes[i]];
                tensors[names[i]].CopyBytesTo(buffer);
                s.Write(buffer);
            }
        });
    }

    /// <summary>Reads every tensor of a safetensors file onto the CPU (or device).</summary>
    public static Dictionary<string, Tensor> Load(string path, Device? device = null) => Load(path, out _, device);

    public static Dictionary<string, Tensor> Load(string path, out IReadOnlyDictionary<string, string> metadata, Device? device = null)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InvalidDataException($"{path}: not a safetensors file ({bytes.Length} bytes, the header length alone takes 8)");
        var n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)(bytes.Length - 8)) throw new InvalidDataException($"{path}: header length {n} runs past the end of the file ({bytes.Length} bytes)");
        JsonObject header;
        try { header = JsonNode.Parse(bytes.AsSpan(8, (int)n))!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: the safetensors header is not a JSON object: {e.Message}", e);
        }
        var dataStart = 8 + (long)n;
        var meta = new Dictionary<string, string>();
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__")
                {
                    foreach (var (k, v) in node!.AsObject()) meta[k] = (string?)v ?? "";
                    continue;
                }
                var code = (string?)node?["dtype"] ?? throw new InvalidDataException($"{path}: tensor '{name}' has no dtype");
                var dtype = Codes.FirstOrDefault(c => c.Value == code).Key;
                if (!Codes.ContainsKey(dtype) || Codes[dtype] != code) throw new InvalidDataException($"{path}: tensor '{name}' has dtype {code}, which is not supported");
                var shape = node!["shape"]!.AsArray().Select(v => (long)v!).ToArray();
                var offsets = node["data_offsets"]!.AsArray().Select(v => (long)v!).ToArray();
                var count = shape.Aggregate(1L, (a, b) => a * b);
                if (offsets.Length != 2 || offsets[1] - offsets[0] != count * dtype.ElementSize() || offsets[0] < 0 || dataStart + offsets[1] > bytes.Length)
                    throw new InvalidDataException($"{path}: tensor '{name}' of shape {Shapes.Format(shape)} and dtype {code} has data_offsets [{string.Join(", ", offsets)}], which do not fit it or the file");
                result[name] = Tensor.FromBytes(bytes.AsSpan((int)(dataStart + offsets[0]), (int)(offsets[1] - offsets[0])), shape, dtype, device ?? Device.CPU);
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        metadata = meta;
        return result;
    }
}

public partial class Tensor
{
    /// <summary>The raw bytes of the elements in this tensor's own dtype, row-major, from the CPU.</summary>
    internal unsafe void CopyBytesTo(Span<byte> destination)
    {
        fixed (byte* p = destination) Native.Check(Native.nbt_copy_to(Handle, p, destination.Length, (int)dtype));
    }

    internal static unsafe Tensor FromBytes(ReadOnlySpan<byte> data, long[] shape, ScalarType dtype, Device device)
    {
        fixed (byte* p = data) fixed (long* s = shape)
            return new Tensor(Native.nbt_from_data(p, s, shape.Length, (int)dtype, device.Name));
    }
}
