using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace Paralus.Functions.Pipeline;

/// <summary>What strict JSON refuses beyond the serializer's own options, and the words it refuses it with.</summary>
internal static class JsonRefusals
{
    public const string NullElement = "a collection whose elements must not be null holds null.";

    public const string DuplicateKey = "a dictionary holds a key more than once.";

    /// <summary>
    /// A contract modifier: every collection property whose element type (a dictionary's value type) is declared
    /// non-nullable gets <see cref="NonNullElementsConverter{TCollection}"/>, so <c>["a", null]</c> and
    /// <c>{"k": null}</c> are refused at the edge instead of reaching a handler.
    /// </summary>
    public static void RefuseNullElements(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in typeInfo.Properties)
        {
            if (property.CustomConverter is not null || property.AttributeProvider is not PropertyInfo info || !HasNonNullableElements(info)) continue;
            property.CustomConverter = (System.Text.Json.Serialization.JsonConverter)Activator.CreateInstance(
                typeof(NonNullElementsConverter<>).MakeGenericType(property.PropertyType))!;
        }
    }

    private static bool HasNonNullableElements(PropertyInfo property)
    {
        if (property.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(property.PropertyType)) return false;
        var nullability = new NullabilityInfoContext().Create(property);
        // Arrays carry the element, generic collections their last type argument (a dictionary's value).
        var element = nullability.ElementType ?? (nullability.GenericTypeArguments is [.., var last] ? last : null);
        return element is { ReadState: NullabilityState.NotNull } && !element.Type.IsValueType;
    }
}
