using System.Text.Json;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Discovery;

namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// Refuses a built-in object whose fields have the wrong JSON type, as the apiserver's decoder
/// does (400, <c>cannot unmarshal bool into Go struct field ConfigMap.data of type string</c>),
/// checked against the served OpenAPI schemas; a custom resource against its CRD's
/// openAPIV3Schema, refused as the apiserver's schema validation does (422 Invalid). Unknown
/// fields are left alone.
/// </summary>
internal sealed class FieldTypeCheck(OpenApiDocuments documents)
{
    public void Check(ResourceType type, JsonObject obj)
    {
        if (type.Custom)
        {
            CheckCustom(type, obj);
            return;
        }
        if (documents.Schemas.RootOf(type) is not { } root) return;
        var mismatch = Object(obj, documents.Schemas.Definitions[root], type.Kind, "");
        if (mismatch is not null)
            throw StatusException.BadRequest(
                $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: json: {mismatch}");
    }

    private static void CheckCustom(ResourceType type, JsonObject obj)
    {
        if (type.Schema?["properties"] is not JsonObject properties) return;
        foreach (var (name, value) in obj)
        {
            // The apiserver validates these itself, whatever the CRD's schema says.
            if (name is "apiVersion" or "kind" or "metadata" || properties[name] is not JsonObject schema) continue;
            if (CustomMismatch(value, schema, name) is not { } mismatch) continue;
            var message = $"Invalid value: \"{mismatch.Found}\": {mismatch.Path} in body must be of type {mismatch.Expected}: \"{mismatch.Found}\"";
            throw new StatusException(422, "Invalid", $"{type.Kind}.{type.Group} \"{Storage.Meta.Name(obj)}\" is invalid: {mismatch.Path}: {message}", new JsonObject
            {
                ["name"] = Storage.Meta.Name(obj),
                ["group"] = type.Group,
                ["kind"] = type.Kind,
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueTypeInvalid", ["message"] = message, ["field"] = mismatch.Path }),
            });
        }
    }

    private static (string Path, string Found, string Expected)? CustomMismatch(JsonNode? value, JsonObject schema, string path)
    {
        if (value is null) return null;
        var found = value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Array => "array",
            JsonValueKind.Object => "object",
            _ => IsInteger(value) ? "integer" : "number",
        };
        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
            return found is "string" or "integer" ? null : (path, found, "integer-or-string");
        var expected = schema["type"]?.GetValue<string>();
        var matches = expected switch
        {
            null => true,
            "number" => found is "number" or "integer",
            _ => found == expected,
        };
        if (!matches) return (path, found, expected!);
        if (value is JsonArray array && schema["items"] is JsonObject items)
            return array.Select((item, i) => CustomMismatch(item, items, $"{path}[{i}]")).FirstOrDefault(m => m is not null);
        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            foreach (var (name, member) in obj)
            {
                var memberSchema = properties?[name] as JsonObject ?? schema["additionalProperties"] as JsonObject;
                if (memberSchema is not null && CustomMismatch(member, memberSchema, $"{path}.{name}") is { } mismatch) return mismatch;
            }
        }
        return null;
    }

    /// <summary>Checks the members of a struct; <paramref name="path"/> is the dotted field path from the root, as Go reports it.</summary>
    private string? Object(JsonObject obj, JsonObject schema, string structName, string path)
    {
        if (schema["properties"] is not JsonObject properties) return null;
        foreach (var (name, value) in obj)
        {
            if (properties[name] is not JsonObject property) continue;
            var fieldPath = path.Length == 0 ? name : $"{path}.{name}";
            if (Value(value, property, structName, fieldPath) is { } mismatch) return mismatch;
        }
        return null;
    }

    private string? Value(JsonNode? value, JsonObject schema, string structName, string path)
    {
        if (value is null) return null;
        if (schema["$ref"] is JsonValue reference)
        {
            var name = reference.GetValue<string>();
            var target = documents.Schemas.Resolve(name);
            if (target["properties"] is null) return Value(value, target, structName, path);
            return value is JsonObject nested
                ? Object(nested, target, name[(name.LastIndexOf('.') + 1)..], path)
                : Mismatch(value, structName, path, GoType(schema));
        }
        var kind = value.GetValueKind();
        var matches = (schema["type"]?.GetValue<string>(), schema["format"]?.GetValue<string>()) switch
        {
            ("string", "int-or-string") => kind is JsonValueKind.String || IsInteger(value),
            // Quantities decode from JSON numbers too.
            ("string", _) when schema == documents.Schemas.Definitions[ModelSchemas.Quantity] => kind is JsonValueKind.String or JsonValueKind.Number,
            ("string", _) => kind is JsonValueKind.String,
            ("integer", _) => IsInteger(value),
            ("number", _) => kind is JsonValueKind.Number,
            ("boolean", _) => kind is JsonValueKind.True or JsonValueKind.False,
            ("array", _) => kind is JsonValueKind.Array,
            ("object", _) => kind is JsonValueKind.Object || schema["additionalProperties"] is null,
            _ => true,
        };
        if (!matches) return Mismatch(value, structName, path, GoType(schema));
        if (value is JsonArray array && schema["items"] is JsonObject items)
            return array.Select(item => Value(item, items, structName, path)).FirstOrDefault(m => m is not null);
        if (value is JsonObject map && schema["additionalProperties"] is JsonObject element)
            return map.Select(entry => Value(entry.Value, element, structName, path)).FirstOrDefault(m => m is not null);
        return null;
    }

    /// <summary>As Go decodes into an int: a JSON number without fraction or exponent.</summary>
    private static bool IsInteger(JsonNode value) =>
        value.GetValueKind() is JsonValueKind.Number && !value.ToJsonString().AsSpan().ContainsAny(".eE");

    private static string Mismatch(JsonNode value, string structName, string path, string goType)
    {
        var found = value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Array => "array",
            JsonValueKind.Object => "object",
            _ => "number",
        };
        if (found == "number" && !IsInteger(value)) found = $"number {value.ToJsonString()}";
        return $"cannot unmarshal {found} into Go struct field {structName}.{path} of type {goType}";
    }

    /// <summary>The Go type the apiserver would name for a schema (<c>map[string]string</c>, <c>[]v1.Container</c>).</summary>
    private static string GoType(JsonObject schema)
    {
        if (schema["$ref"] is JsonValue reference)
        {
            var parts = reference.GetValue<string>().Split('.');
            return $"{parts[^2]}.{parts[^1]}";
        }
        return (schema["type"]?.GetValue<string>(), schema["format"]?.GetValue<string>()) switch
        {
            ("string", "byte") => "[]uint8",
            ("string", "date-time") => "v1.Time",
            ("integer", var format) => format ?? "int64",
            ("number", _) => "float64",
            ("boolean", _) => "bool",
            ("array", _) => "[]" + GoType(schema["items"]!.AsObject()),
            ("object", _) when schema["additionalProperties"] is JsonObject element => "map[string]" + GoType(element),
            ("object", _) => "map[string]interface {}",
            (var type, _) => type ?? "interface {}",
        };
    }
}
