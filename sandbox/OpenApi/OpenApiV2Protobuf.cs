using System.Text.Json;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;

namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// Encodes a Swagger 2.0 document as gnostic's <c>openapi_v2.Document</c> message, which kubectl
/// asks for (<c>application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>) and never
/// falls back from. Field numbers follow gnostic-models' <c>OpenAPIv2.proto</c>.
/// </summary>
internal static class OpenApiV2Protobuf
{
    /// <summary>
    /// The apiserver's answer spells the version with a dot: Go's media type parser (kubectl 1.27,
    /// 1.28) refuses the <c>@</c> that clients put in their <c>Accept</c> header.
    /// </summary>
    public const string ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static byte[] Encode(string title, string version, IReadOnlyDictionary<string, JsonObject> definitions)
    {
        var document = new ProtobufWriter();
        document.String(1, "2.0");
        document.Message(2, info =>
        {
            info.String(1, title);
            info.String(2, version);
        });
        document.Message(8, _ => { });
        document.Message(9, defs =>
        {
            foreach (var (name, schema) in definitions)
                defs.Message(1, named => Named(named, name, schema));
        });
        return document.ToArray();
    }

    private static void Named(ProtobufWriter named, string name, JsonObject schema)
    {
        named.String(1, name);
        named.Message(2, s => Schema(s, schema));
    }

    private static void Schema(ProtobufWriter writer, JsonObject schema)
    {
        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "$ref": writer.String(1, Text(value)); break;
                case "format": writer.String(2, Text(value)); break;
                case "description": writer.String(4, Text(value)); break;
                case "default": writer.Message(5, any => any.String(2, value!.ToJsonString())); break;
                case "enum":
                    foreach (var item in value!.AsArray()) writer.Message(20, any => any.String(2, item!.ToJsonString()));
                    break;
                case "required":
                    foreach (var field in value!.AsArray()) writer.String(19, Text(field));
                    break;
                case "additionalProperties" when value is JsonObject additional:
                    writer.Message(21, item => item.Message(1, s => Schema(s, additional)));
                    break;
                case "additionalProperties":
                    writer.Message(21, item => item.Bool(2, value!.GetValue<bool>()));
                    break;
                case "type": writer.Message(22, type => type.String(1, Text(value))); break;
                case "items":
                    writer.Message(23, item => item.Message(1, s => Schema(s, value!.AsObject())));
                    break;
                case "properties":
                    writer.Message(25, properties =>
                    {
                        foreach (var (property, propertySchema) in value!.AsObject())
                            properties.Message(1, named => Named(named, property, propertySchema!.AsObject()));
                    });
                    break;
                case var extension when extension.StartsWith("x-", StringComparison.Ordinal):
                    // gnostic keeps extension values as YAML text; JSON is valid YAML.
                    writer.Message(31, named =>
                    {
                        named.String(1, extension);
                        named.Message(2, any => any.String(2, value!.ToJsonString()));
                    });
                    break;
                default:
                    // What OpenAPI v2 cannot say (nullable, anyOf, oneOf) and what kubectl does not
                    // read from it (numeric and length limits, patterns) is left out.
                    break;
            }
        }
    }

    private static string Text(JsonNode? value) =>
        value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw new InvalidOperationException("expected a string in the schema");
}
