using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotebookLib.Plotting;

/// <summary>How figures become Plotly JSON: plotly.js attribute names are the C# names in lower case
/// (XAxis → "xaxis", HistNorm → "histnorm"), unset values are left out, and NaN or infinite numbers
/// become null, which plotly.js draws as a gap (JSON has no NaN).</summary>
static class PlotlyJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: false);
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = new LowerCase(),
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
        };
        o.Converters.Add(new FiniteDouble());
        o.Converters.Add(new FiniteSingle());
        o.Converters.Add(new FiniteArray<double>((w, v) => { if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue(); }));
        o.Converters.Add(new FiniteArray<float>((w, v) => { if (float.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue(); }));
        o.Converters.Add(new TraceConverter());
        o.Converters.Add(new TwoDimensional<double>());
        o.Converters.Add(new TwoDimensional<float>());
        o.Converters.Add(new TwoDimensional<int>());
        o.Converters.Add(new TwoDimensional<long>());
        o.Converters.Add(new TwoDimensional<string>());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    sealed class LowerCase : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }

    sealed class FiniteDouble : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value); else writer.WriteNullValue();
        }
    }

    // float32 data (images, losses) is written with float precision: 0.1f stays 0.1, not 0.10000000149011612.
    sealed class FiniteSingle : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value)) writer.WriteNumberValue(value); else writer.WriteNullValue();
        }
    }

    /// <summary>Numeric arrays written in one loop (figures carry 10⁵–10⁶ points), NaN as null.</summary>
    sealed class FiniteArray<T>(Action<Utf8JsonWriter, T> write) : JsonConverter<T[]>
    {
        public override T[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("figures are written, not read");

        public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var v in value) write(writer, v);
            writer.WriteEndArray();
        }
    }

    /// <summary>A C# rectangular array (double[,]) as plotly's array of rows.</summary>
    sealed class TwoDimensional<T> : JsonConverter<T[,]>
    {
        public override T[,] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("figures are written, not read");

        public override void Write(Utf8JsonWriter writer, T[,] value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            for (var r = 0; r < value.GetLength(0); r++)
            {
                writer.WriteStartArray();
                for (var c = 0; c < value.GetLength(1); c++) JsonSerializer.Serialize(writer, value[r, c], options);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
    }

    /// <summary>Traces are written as their own type (Scatter, Heatmap, …) with every attribute they set.</summary>
    sealed class TraceConverter : JsonConverter<Trace>
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(Trace);

        public override Trace Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("figures are written, not read");

        public override void Write(Utf8JsonWriter writer, Trace value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, value.GetType(), options);
    }
}
