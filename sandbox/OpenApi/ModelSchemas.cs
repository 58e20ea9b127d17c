using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;
using Paralus.Sandbox.Discovery;

namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// Derives the OpenAPI definitions of the built-in kinds from the KubernetesClient model types
/// (<c>V1Pod</c>, …), whose <c>JsonPropertyName</c> attributes carry the wire names: the same
/// field names and types the apiserver publishes, without a hand-written schema table.
/// </summary>
internal sealed partial class ModelSchemas
{
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    // Types that live in apimachinery's meta/v1 package upstream, whatever kind refers to them.
    private static readonly HashSet<string> MetaTypes = new(StringComparer.Ordinal)
    {
        "ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry", "LabelSelector",
        "LabelSelectorRequirement", "Condition", "Status", "StatusDetails", "StatusCause",
    };

    private readonly SortedDictionary<string, JsonObject> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];

    public static SchemaSet Build(IEnumerable<ResourceType> types)
    {
        var builder = new ModelSchemas();
        var entities = typeof(V1Pod).Assembly.GetTypes()
            .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(e => e.Entity is not null)
            .ToList();
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var model = entities.FirstOrDefault(e => e.Entity!.Group == type.Group && e.Entity.ApiVersion == type.Version && e.Entity.Kind == type.Kind).Type;
            if (model is null) continue;
            var name = builder.Define(model, type.Group);
            builder._definitions[name]["x-kubernetes-group-version-kind"] = new JsonArray(
                new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version });
            roots[SchemaSet.RootKey(type)] = name;
        }
        builder._definitions[Quantity] = new JsonObject { ["type"] = "string" };
        builder._definitions[IntOrString] = new JsonObject { ["type"] = "string", ["format"] = "int-or-string" };
        return new SchemaSet(builder._definitions, roots);
    }

    private string Define(Type model, string group)
    {
        if (_names.TryGetValue(model, out var existing)) return existing;
        var name = DefinitionName(model, group);
        _names[model] = name;
        var properties = new JsonObject();
        var definition = new JsonObject { ["type"] = "object", ["properties"] = properties };
        _definitions[name] = definition;
        var fields = model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Json: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Json is not null)
            .OrderBy(p => p.Json, StringComparer.Ordinal);
        foreach (var (property, json) in fields)
        {
            var schema = SchemaOf(property.PropertyType, group);
            if (PatchStrategies.Of(model, json!) is { } strategy)
            {
                if (strategy.MergeKey is not null) schema["x-kubernetes-patch-merge-key"] = strategy.MergeKey;
                schema["x-kubernetes-patch-strategy"] = strategy.Strategy;
            }
            properties[json!] = schema;
        }
        return name;
    }

    private JsonObject SchemaOf(Type type, string group)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return Primitive("string");
        if (type == typeof(bool)) return Primitive("boolean");
        if (type == typeof(int)) return Primitive("integer", "int32");
        if (type == typeof(long)) return Primitive("integer", "int64");
        if (type == typeof(double) || type == typeof(float)) return Primitive("number", "double");
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return Primitive("string", "date-time");
        if (type == typeof(byte[])) return Primitive("string", "byte");
        if (type == typeof(ResourceQuantity)) return Ref(Quantity);
        if (type == typeof(IntOrString)) return Ref(IntOrString);
        // RawExtension, FieldsV1 and other free-form JSON.
        if (type == typeof(object) || type == typeof(System.Text.Json.JsonElement)) return Primitive("object");
        if (GenericArgument(type, typeof(IDictionary<,>), 1) is { } value)
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = SchemaOf(value, group) };
        if (GenericArgument(type, typeof(IEnumerable<>), 0) is { } item)
            return new JsonObject { ["type"] = "array", ["items"] = SchemaOf(item, group) };
        if (type.Namespace == typeof(V1Pod).Namespace && type.IsClass) return Ref(Define(type, group));
        throw new InvalidOperationException($"no OpenAPI mapping for {type} in the KubernetesClient models");
    }

    private static Type? GenericArgument(Type type, Type generic, int index)
    {
        var match = type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);
        return match?.GetGenericArguments()[index];
    }

    private static JsonObject Primitive(string type, string? format = null)
    {
        var schema = new JsonObject { ["type"] = type };
        if (format is not null) schema["format"] = format;
        return schema;
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = SchemaSet.RefPrefix + name };

    private static string DefinitionName(Type model, string group)
    {
        var match = VersionedName().Match(model.Name);
        if (!match.Success) throw new InvalidOperationException($"model type {model.Name} has no API version prefix");
        var version = "v" + match.Groups["version"].Value;
        var name = match.Groups["name"].Value;
        if (MetaTypes.Contains(name)) return $"io.k8s.apimachinery.pkg.apis.meta.{version}.{name}";
        // The client prefixes the package where two packages share a name (Corev1ResourceClaim).
        var package = match.Groups["package"].Success ? match.Groups["package"].Value.ToLowerInvariant()
            : group.Length == 0 ? "core" : group.Split('.')[0];
        return $"io.k8s.api.{package}.{version}.{name}";
    }

    [GeneratedRegex("^(?:(?<package>[A-Z][a-z]+)v|V)(?<version>[0-9]+(?:alpha[0-9]+|beta[0-9]+)?)(?<name>[A-Z].*)$")]
    private static partial Regex VersionedName();
}
