using System.Globalization;
using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Api;

/// <summary>
/// Reads <c>application/vnd.kubernetes.protobuf</c> request bodies into JSON. Since client-go 1.31
/// typed clients send built-in kinds as protobuf (kubectl create namespace/deployment/role/token,
/// auth can-i, ...), and fall back to nothing. Only request bodies are read; responses stay JSON,
/// which those clients accept. <see cref="ProtobufSchemas"/> lists the kinds and fields understood;
/// other fields are skipped.
/// </summary>
internal static class ProtobufDecoder
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw StatusException.BadRequest("the protobuf body does not start with the Kubernetes magic number");
        // runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw (the object).
        string apiVersion = "", kind = "";
        ReadOnlyMemory<byte> raw = default;
        var envelope = new ProtobufReader(body.AsMemory(Magic.Length));
        while (envelope.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                var typeMeta = new ProtobufReader(envelope.Bytes());
                while (typeMeta.Next(out var f, out var w))
                {
                    if (f == 1 && w == 2) apiVersion = typeMeta.String();
                    else if (f == 2 && w == 2) kind = typeMeta.String();
                    else typeMeta.Skip(w);
                }
            }
            else if (field == 2 && wire == 2) raw = envelope.Bytes();
            else envelope.Skip(wire);
        }
        if (!ProtobufSchemas.Messages.ContainsKey(kind))
            throw new StatusException(415, "UnsupportedMediaType", $"paralus-sandbox cannot read {kind} as protobuf; send it as application/json");
        var obj = Message(raw, kind);
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject Message(ReadOnlyMemory<byte> bytes, string type)
    {
        var fields = ProtobufSchemas.Messages[type];
        var result = new JsonObject();
        var reader = new ProtobufReader(bytes);
        while (reader.Next(out var number, out var wire))
        {
            if (!fields.TryGetValue(number, out var field))
            {
                reader.Skip(wire);
                continue;
            }
            switch (field.Kind)
            {
                case FieldKind.Text:
                    var text = reader.String();
                    if (text.Length > 0) result[field.Name] = text;
                    break;
                case FieldKind.TextList:
                    Array(result, field.Name).Add(reader.String());
                    break;
                case FieldKind.Int or FieldKind.OptionalInt:
                    var number64 = (long)reader.Varint();
                    if (number64 != 0 || field.Kind == FieldKind.OptionalInt) result[field.Name] = number64;
                    break;
                case FieldKind.Flag or FieldKind.OptionalFlag:
                    var flag = reader.Varint() != 0;
                    if (flag || field.Kind == FieldKind.OptionalFlag) result[field.Name] = flag;
                    break;
                case FieldKind.Bytes:
                    result[field.Name] = Convert.ToBase64String(reader.Bytes().Span);
                    break;
                case FieldKind.Nested:
                    var message = Message(reader.Bytes(), field.Type!);
                    if (message.Count > 0) result[field.Name] = message;
                    break;
                case FieldKind.NestedList:
                    Array(result, field.Name).Add(Message(reader.Bytes(), field.Type!));
                    break;
                case FieldKind.StringMap or FieldKind.BytesMap or FieldKind.QuantityMap:
                    var (key, value) = MapEntry(reader.Bytes(), field.Kind);
                    var map = result[field.Name] as JsonObject ?? new JsonObject();
                    map[key] = value;
                    result[field.Name] = map;
                    break;
                case FieldKind.IntOrString:
                    result[field.Name] = IntOrString(reader.Bytes());
                    break;
                case FieldKind.Time:
                    if (Time(reader.Bytes()) is { } time) result[field.Name] = time;
                    break;
            }
        }
        return result;
    }

    private static JsonArray Array(JsonObject obj, string name)
    {
        if (obj[name] is JsonArray array) return array;
        array = new JsonArray();
        obj[name] = array;
        return array;
    }

    private static (string Key, JsonNode? Value) MapEntry(ReadOnlyMemory<byte> bytes, FieldKind kind)
    {
        var key = "";
        JsonNode? value = kind == FieldKind.BytesMap ? "" : "";
        var reader = new ProtobufReader(bytes);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) key = reader.String();
            else if (field == 2 && wire == 2)
            {
                value = kind switch
                {
                    FieldKind.BytesMap => Convert.ToBase64String(reader.Bytes().Span),
                    FieldKind.QuantityMap => Quantity(reader.Bytes()),
                    _ => reader.String(),
                };
            }
            else reader.Skip(wire);
        }
        return (key, value);
    }

    private static string Quantity(ReadOnlyMemory<byte> bytes)
    {
        var reader = new ProtobufReader(bytes);
        var text = "";
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) text = reader.String();
            else reader.Skip(wire);
        }
        return text;
    }

    private static JsonValue IntOrString(ReadOnlyMemory<byte> bytes)
    {
        long type = 0, intValue = 0;
        var text = "";
        var reader = new ProtobufReader(bytes);
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 0: type = (long)reader.Varint(); break;
                case 2 when wire == 0: intValue = (long)reader.Varint(); break;
                case 3 when wire == 2: text = reader.String(); break;
                default: reader.Skip(wire); break;
            }
        }
        return type == 1 ? JsonValue.Create(text) : JsonValue.Create(intValue);
    }

    private static string? Time(ReadOnlyMemory<byte> bytes)
    {
        long seconds = 0;
        var reader = new ProtobufReader(bytes);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 0) seconds = (long)reader.Varint();
            else reader.Skip(wire);
        }
        return seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
