using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paralus.Functions.Pipeline;

/// <summary>
/// Reads a collection whose declared elements (or dictionary values) are non-nullable and refuses one holding null:
/// <see cref="JsonSerializerOptions.RespectNullableAnnotations"/> checks properties only, not what they contain.
/// </summary>
internal sealed class NonNullElementsConverter<TCollection> : JsonConverter<TCollection>
    where TCollection : IEnumerable
{
    public override TCollection? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        TCollection? collection;
        try
        {
            // Options-level read of the type: this converter sits on the property only, so this does not come back here.
            collection = JsonSerializer.Deserialize<TCollection>(ref reader, options);
        }
        catch (JsonException e)
        {
            // The nested read's path is relative to this value ("$", "$.key"); a fresh exception gets the field's own
            // path from the serializer, and without a message it is worded again for that path.
            throw new JsonException(e.Message.StartsWith("Duplicate propert", StringComparison.Ordinal) ? JsonRefusals.DuplicateKey : null, e);
        }
        var values = collection is IDictionary dictionary ? dictionary.Values : (IEnumerable?)collection;
        if (values is not null && values.Cast<object?>().Any(v => v is null)) throw new JsonException(JsonRefusals.NullElement);
        return collection;
    }

    public override void Write(Utf8JsonWriter writer, TCollection value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
