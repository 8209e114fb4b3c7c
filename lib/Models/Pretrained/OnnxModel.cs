using System.Text;

namespace NotebookLib.Models.Pretrained;

/// <summary>One node of an ONNX graph: its operator, input and output names, and its integer and float attributes.</summary>
public sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, long[]> Ints, IReadOnlyDictionary<string, float[]> Floats)
{
    public override string ToString() => $"{OpType}({string.Join(", ", Inputs)}) → {string.Join(", ", Outputs)}";
}

/// <summary>A float initializer (weight) of an ONNX graph: its shape and values.</summary>
public sealed record OnnxTensor(string Name, long[] Shape, float[] Data)
{
    public override string ToString() => $"{Name} ({string.Join("×", Shape)})";
}

/// <summary>
/// The parts of an ONNX file (a protobuf ModelProto) that a weight loader needs: the producer, the graph's
/// nodes in file order, its float initializers, and its input and output names — read with a small protobuf
/// reader, so that no ONNX package is needed to take weights out of a model. Only float32 initializers are
/// kept (stored as float_data or raw_data); others are listed by name in <see cref="Skipped"/>.
/// </summary>
public sealed class OnnxModel
{
    public required string Path { get; init; }
    public required string Producer { get; init; }
    public required IReadOnlyList<OnnxNode> Nodes { get; init; }
    public required IReadOnlyDictionary<string, OnnxTensor> Initializers { get; init; }
    public required IReadOnlyList<string> Inputs { get; init; }
    public required IReadOnlyList<string> Outputs { get; init; }
    public required IReadOnlyList<string> Skipped { get; init; }

    public override string ToString() =>
        $"ONNX {System.IO.Path.GetFileName(Path)} from {Producer}: {Nodes.Count} nodes, {Initializers.Count} initializers, inputs [{string.Join(", ", Inputs)}], outputs [{string.Join(", ", Outputs)}]";

    /// <summary>The initializer of that name; a clear error names the file when it is not there.</summary>
    public OnnxTensor Initializer(string name) => Initializers.TryGetValue(name, out var t) ? t
        : throw new InvalidDataException($"{Path}: no float initializer named '{name}'");

    public static OnnxModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX file {path} does not exist", path);
        var bytes = File.ReadAllBytes(path);
        try { return Parse(path, bytes); }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"{path} is not a readable ONNX model (truncated or not protobuf)", e);
        }
    }

    static OnnxModel Parse(string path, byte[] bytes)
    {
        string producer = "";
        ReadOnlyMemory<byte> graph = default;
        foreach (var f in Fields(bytes))
        {
            if (f.Number == 2 && f.WireType == 2) producer = Encoding.UTF8.GetString(f.Bytes.Span);
            else if (f.Number == 7 && f.WireType == 2) graph = f.Bytes;
        }
        if (graph.IsEmpty) throw new InvalidDataException($"{path} has no ONNX graph (field 7 of ModelProto)");
        var nodes = new List<OnnxNode>();
        var inits = new Dictionary<string, OnnxTensor>();
        var skipped = new List<string>();
        var inputs = new List<string>();
        var outputs = new List<string>();
        foreach (var f in Fields(graph))
        {
            switch (f.Number)
            {
                case 1: nodes.Add(Node(f.Bytes)); break;
                case 5:
                    var t = Tensor(f.Bytes);
                    if (t is { } tensor) inits[tensor.Name] = tensor; else skipped.Add(Name(f.Bytes));
                    break;
                case 11: inputs.Add(Name(f.Bytes)); break;
                case 12: outputs.Add(Name(f.Bytes)); break;
            }
        }
        // Graph inputs also list the initializers in older files: keep only the real inputs.
        inputs.RemoveAll(inits.ContainsKey);
        return new OnnxModel { Path = path, Producer = producer, Nodes = nodes, Initializers = inits, Inputs = inputs, Outputs = outputs, Skipped = skipped };
    }

    static string Name(ReadOnlyMemory<byte> message)
    {
        foreach (var f in Fields(message)) if (f.Number == 1 && f.WireType == 2) return Encoding.UTF8.GetString(f.Bytes.Span);
        return "";
    }

    static OnnxNode Node(ReadOnlyMemory<byte> message)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var op = "";
        var ints = new Dictionary<string, long[]>();
        var floats = new Dictionary<string, float[]>();
        foreach (var f in Fields(message))
        {
            switch (f.Number)
            {
                case 1: inputs.Add(Encoding.UTF8.GetString(f.Bytes.Span)); break;
                case 2: outputs.Add(Encoding.UTF8.GetString(f.Bytes.Span)); break;
                case 4: op = Encoding.UTF8.GetString(f.Bytes.Span); break;
                case 5:
                    // AttributeProto: name 1, f 2, i 3, floats 7, ints 8.
                    string name = "";
                    var iv = new List<long>();
                    var fv = new List<float>();
                    foreach (var a in Fields(f.Bytes))
                    {
                        if (a.Number == 1) name = Encoding.UTF8.GetString(a.Bytes.Span);
                        else if (a.Number == 3 && a.WireType == 0) iv.Add((long)a.Value);
                        else if (a.Number == 2 && a.WireType == 5) fv.Add(BitConverter.Int32BitsToSingle((int)a.Value));
                        else if (a.Number == 8) iv.AddRange(a.WireType == 2 ? Varints(a.Bytes) : [(long)a.Value]);
                        else if (a.Number == 7) fv.AddRange(a.WireType == 2 ? Floats(a.Bytes) : [BitConverter.Int32BitsToSingle((int)a.Value)]);
                    }
                    if (iv.Count > 0) ints[name] = [.. iv];
                    if (fv.Count > 0) floats[name] = [.. fv];
                    break;
            }
        }
        return new OnnxNode(op, inputs, outputs, ints, floats);
    }

    static OnnxTensor? Tensor(ReadOnlyMemory<byte> message)
    {
        // TensorProto: dims 1, data_type 2, float_data 4, name 8, raw_data 9.
        var dims = new List<long>();
        long dataType = 0;
        var name = "";
        var data = new List<float>();
        ReadOnlyMemory<byte> raw = default;
        foreach (var f in Fields(message))
        {
            switch (f.Number)
            {
                case 1: dims.AddRange(f.WireType == 2 ? Varints(f.Bytes) : [(long)f.Value]); break;
                case 2: dataType = (long)f.Value; break;
                case 4: data.AddRange(f.WireType == 2 ? Floats(f.Bytes) : [BitConverter.Int32BitsToSingle((int)f.Value)]); break;
                case 8: name = Encoding.UTF8.GetString(f.Bytes.Span); break;
                case 9: raw = f.Bytes; break;
            }
        }
        if (dataType != 1) return null;  // FLOAT only
        var values = raw.IsEmpty ? [.. data] : Floats(raw);
        var count = dims.Aggregate(1L, (a, b) => a * b);
        if (values.Length != count)
            throw new InvalidDataException($"ONNX initializer {name}: shape ({string.Join(", ", dims)}) needs {count} values, the file has {values.Length}");
        return new OnnxTensor(name, [.. dims], values);
    }

    static float[] Floats(ReadOnlyMemory<byte> packed)
    {
        var r = new float[packed.Length / 4];
        for (var i = 0; i < r.Length; i++) r[i] = BitConverter.ToSingle(packed.Span.Slice(4 * i, 4));
        return r;
    }

    static List<long> Varints(ReadOnlyMemory<byte> packed)
    {
        var r = new List<long>();
        var i = 0;
        while (i < packed.Length) r.Add((long)Varint(packed.Span, ref i));
        return r;
    }

    readonly record struct Field(int Number, int WireType, ulong Value, ReadOnlyMemory<byte> Bytes);

    static ulong Varint(ReadOnlySpan<byte> b, ref int i)
    {
        ulong r = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 63) throw new InvalidDataException("a protobuf varint longer than 10 bytes");
            var c = b[i++];
            r |= (ulong)(c & 0x7f) << shift;
            if (c < 0x80) return r;
        }
    }

    static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var i = 0;
        while (i < message.Length)
        {
            var key = Varint(message.Span, ref i);
            var number = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return new Field(number, wire, Varint(message.Span, ref i), default); break;
                case 1: yield return new Field(number, wire, BitConverter.ToUInt64(message.Span.Slice(i, 8)), default); i += 8; break;
                case 5: yield return new Field(number, wire, BitConverter.ToUInt32(message.Span.Slice(i, 4)), default); i += 4; break;
                case 2:
                    var length = (int)Varint(message.Span, ref i);
                    if (length < 0 || i + length > message.Length) throw new InvalidDataException($"a protobuf field {number} runs past its message");
                    yield return new Field(number, wire, 0, message.Slice(i, length));
                    i += length;
                    break;
                default: throw new InvalidDataException($"protobuf wire type {wire} (field {number}) is not supported");
            }
        }
    }
}
