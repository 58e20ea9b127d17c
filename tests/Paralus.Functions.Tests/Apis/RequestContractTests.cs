using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>
/// Generated from the running app: every REST endpoint that takes a JSON body, every field of its request contract
/// (as the app's own serializer sees it), sent null, of the wrong type, empty, oversized, with a null element and
/// twice. A new endpoint or field is covered without touching this file.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RequestContractTests(ControlPlaneFixture fixture)
{
    private const int OversizedLength = 8 * 1024;
    private const int OversizedCount = 1000;

    [Fact]
    public async Task EveryEndpoint_EveryField_BadValues_Are4xxProblemsNamingTheField()
    {
        var endpoints = BodyEndpoints();
        // Guards against an enumeration that silently finds nothing (which would make every check below vacuous).
        Assert.Contains(endpoints, e => e.Method == "PATCH" && e.Route == "/api/v1/groups/{name}" && e.Contract.Type.Name == "UpdateGroupRequest");
        Assert.Contains(endpoints, e => e.Method == "POST" && e.Route == "/api/v1/clusters/" && e.Contract.Type.Name == "CreateClusterRequest");

        using var admin = fixture.Admin();
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var field in endpoint.Contract.Properties)
            {
                foreach (var (label, value, exact) in BadValues(field))
                {
                    var body = Baseline(endpoint.Contract, except: field.Name);
                    var json = value is Duplicate ? DuplicateField(body, field) : With(body, field.Name, value);
                    var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), Path(endpoint.Route))
                    {
                        Content = new StringContent(json, Encoding.UTF8, "application/json"),
                    };
                    using var response = await admin.SendAsync(request);
                    if (await Judge(response, endpoint, field, label, exact) is { } failure) failures.Add($"{endpoint.Method} {endpoint.Route} {field.Name} {label}: {failure}\n    sent {Truncate(json)}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<string?> Judge(HttpResponseMessage response, BodyEndpoint endpoint, JsonPropertyInfo field, string label, bool exact)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500) return $"answered {status}: {Truncate(body)}";
        // An empty value can be a valid one (an empty description); anything else here is a client mistake.
        if (status < 400) return label == "empty" ? null : $"accepted with {status}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"answered {status} without application/problem+json: {Truncate(body)}";
        if (status != 400) return exact ? $"answered {status}, expected 400: {Truncate(body)}" : null;
        using var problem = JsonDocument.Parse(body);
        var named = Names(problem.RootElement, field.Name);
        if (exact && !named) return $"400 does not name '{field.Name}': {Truncate(body)}";
        if (!exact && !endpoint.Contract.Properties.Any(p => Names(problem.RootElement, p.Name))) return $"400 names no field of the contract: {Truncate(body)}";
        return null;
    }

    /// <summary>The problem's validation errors are keyed by the field, or its detail quotes it.</summary>
    private static bool Names(JsonElement problem, string field) =>
        (problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase)))
        || (problem.TryGetProperty("detail", out var detail) && detail.GetString() is { } text && text.Contains(field, StringComparison.OrdinalIgnoreCase));

    /// <summary>(label, JSON value, whether the answer must be a 400 naming exactly this field).</summary>
    private static IEnumerable<(string Label, object? Value, bool Exact)> BadValues(JsonPropertyInfo field)
    {
        var type = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
        if (!field.IsSetNullable) yield return ("null", JsonValue.Create((string?)null), true);
        yield return ("wrong type", IsCollection(type) ? JsonValue.Create(42) : new JsonObject { ["wrong"] = "type" }, true);
        yield return ("twice", Duplicate.Value, true);
        if (ElementIsNonNullable(field) is { } dictionary)
        {
            yield return ("null element", dictionary ? new JsonObject { ["key"] = null } : new JsonArray(JsonValue.Create((string?)null)), true);
        }
        if (Empty(type) is { } empty) yield return ("empty", empty, false);
        if (Oversized(type) is { } oversized) yield return ("oversized", oversized, false);
    }

    private static JsonNode? Empty(Type type) => type switch
    {
        _ when type == typeof(string) => JsonValue.Create(string.Empty),
        _ when IsDictionary(type) => new JsonObject(),
        _ when IsCollection(type) => new JsonArray(),
        _ when type == typeof(int) || type == typeof(long) => JsonValue.Create(0),
        _ => null,
    };

    private static JsonNode? Oversized(Type type) => type switch
    {
        _ when type == typeof(string) => JsonValue.Create(new string('x', OversizedLength)),
        _ when IsDictionary(type) => new JsonObject(Enumerable.Range(0, OversizedCount).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)JsonValue.Create("v")))),
        _ when IsCollection(type) => new JsonArray(Enumerable.Range(0, OversizedCount).Select(i => (JsonNode?)JsonValue.Create($"item{i}")).ToArray()),
        _ when type == typeof(int) => JsonValue.Create(int.MaxValue),
        _ when type == typeof(long) => JsonValue.Create(long.MaxValue),
        _ => null,
    };

    /// <summary>A body with every required field set to a plausible value, so the field under test is what gets judged.</summary>
    private static JsonObject Baseline(JsonTypeInfo contract, string except)
    {
        var body = new JsonObject();
        foreach (var property in contract.Properties.Where(p => p.Name != except && (p.IsRequired || !p.IsSetNullable)))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            body[property.Name] = type == typeof(string) ? ApiCalls.Unique("gen") : Empty(type) ?? JsonValue.Create(1);
        }
        return body;
    }

    private static string With(JsonObject body, string name, object? value)
    {
        body[name] = ((JsonNode?)value)?.DeepClone();
        return body.ToJsonString();
    }

    /// <summary>The field twice, with an otherwise valid body: System.Text.Json would keep the last one unless told not to.</summary>
    private static string DuplicateField(JsonObject body, JsonPropertyInfo field)
    {
        var type = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
        var value = (type == typeof(string) ? JsonValue.Create(ApiCalls.Unique("gen")) : Empty(type) ?? JsonValue.Create(1))!.ToJsonString();
        var rest = body.ToJsonString().TrimStart('{').TrimEnd('}');
        var name = JsonSerializer.Serialize(field.Name);
        return $"{{{name}:{value},{name}:{value}{(rest.Length > 0 ? "," + rest : string.Empty)}}}";
    }

    /// <summary>Null when the field is no collection or its elements may be null; otherwise whether it is a dictionary.</summary>
    private static bool? ElementIsNonNullable(JsonPropertyInfo field)
    {
        if (field.AttributeProvider is not PropertyInfo property || !IsCollection(property.PropertyType)) return null;
        var nullability = new NullabilityInfoContext().Create(property);
        var element = nullability.ElementType ?? nullability.GenericTypeArguments.LastOrDefault();
        if (element is null || element.Type.IsValueType || element.ReadState != NullabilityState.NotNull) return null;
        return IsDictionary(property.PropertyType);
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsDictionary(Type type) =>
        type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d
            && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));

    private List<BodyEndpoint> BodyEndpoints()
    {
        var services = fixture.Server.Services;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } type ? [type] : Array.Empty<Type>())
                .SelectMany(type => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                    .Select(method => new BodyEndpoint(method, e.RoutePattern.RawText!, json.GetTypeInfo(type)))))
            .ToList();
    }

    /// <summary>Route values name things that do not exist; the body is judged before (or regardless of) the lookup.</summary>
    private static string Path(string route) => System.Text.RegularExpressions.Regex.Replace(route, "\\{[^}]+\\}", "gen-missing");

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed record BodyEndpoint(string Method, string Route, JsonTypeInfo Contract);

    /// <summary>Stands for "send this field twice".</summary>
    private sealed class Duplicate
    {
        public static Duplicate Value { get; } = new();
    }
}
