using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;

namespace Paralus.Sandbox.Discovery;

/// <summary>
/// Legacy discovery (<c>/api</c>, <c>/apis</c>, resource lists), <c>/version</c>, health
/// endpoints (OpenAPI is in <c>OpenApi/</c>). Aggregated discovery is not offered: clients that ask
/// for it get the legacy documents as plain JSON and fall back, as they do with old servers.
/// </summary>
internal static class DiscoveryApi
{
    public const string KubernetesVersion = "v1.32.0";

    public static IEndpointRouteBuilder MapDiscoveryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/version", Version);
        routes.MapGet("/api", CoreVersions);
        routes.MapGet("/api/v1", (HttpContext context, ServedResources served) => ResourceList(context, served, "", "v1"));
        routes.MapGet("/apis", Groups);
        routes.MapGet("/apis/{group}", (HttpContext context, ServedResources served, string group) => Group(context, served, group));
        routes.MapGet("/apis/{group}/{version}", (HttpContext context, ServedResources served, string group, string version) => ResourceList(context, served, group, version));
        foreach (var health in new[] { "/healthz", "/livez", "/readyz" })
            routes.MapGet(health, () => Results.Text("ok"));
        return routes;
    }

    private static Task Version(HttpContext context) => JsonResponses.WriteAsync(context, 200, new JsonObject
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = KubernetesVersion,
        ["gitCommit"] = "paralus-sandbox",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    });

    private static Task CoreVersions(HttpContext context) => JsonResponses.WriteAsync(context, 200, new JsonObject
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = context.Request.Host.Value,
        }),
    });

    private static Task Groups(HttpContext context, ServedResources served) => JsonResponses.WriteAsync(context, 200, new JsonObject
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(served.Groups.Select(g => (JsonNode?)GroupJson(served, g)).ToArray()),
    });

    private static Task Group(HttpContext context, ServedResources served, string group)
    {
        if (!served.Groups.Contains(group)) return NotFound(context);
        var json = GroupJson(served, group);
        json["kind"] = "APIGroup";
        json["apiVersion"] = "v1";
        return JsonResponses.WriteAsync(context, 200, json);
    }

    private static JsonObject GroupJson(ServedResources served, string group)
    {
        var versions = served.Types.Where(t => t.Group == group).Select(t => t.Version).Distinct().ToList();
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)VersionJson(group, v)).ToArray()),
            ["preferredVersion"] = VersionJson(group, versions[0]),
        };
    }

    private static JsonObject VersionJson(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    private static Task ResourceList(HttpContext context, ServedResources served, string group, string version)
    {
        var types = served.InGroupVersion(group, version).ToList();
        if (types.Count == 0) return NotFound(context);
        var resources = new JsonArray();
        foreach (var type in types)
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(type.Verbs),
            };
            if (type.ShortNames.Length > 0) resource["shortNames"] = Strings(type.ShortNames);
            if (type.Categories.Length > 0) resource["categories"] = Strings(type.Categories);
            resources.Add(resource);
            foreach (var sub in type.Subresources)
                resources.Add(Subresource(type, sub));
        }
        return JsonResponses.WriteAsync(context, 200, new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        });
    }

    private static JsonObject Subresource(ResourceType type, string sub)
    {
        var (kind, verbs, kindGroup, kindVersion) = sub switch
        {
            "log" => ("Pod", new[] { "get" }, "", ""),
            "exec" => ("PodExecOptions", ["create", "get"], "", ""),
            "attach" => ("PodAttachOptions", ["create", "get"], "", ""),
            "portforward" => ("PodPortForwardOptions", ["create", "get"], "", ""),
            "token" => ("TokenRequest", ["create"], "authentication.k8s.io", "v1"),
            "scale" => ("Scale", ["get", "patch", "update"], "autoscaling", "v1"),
            "finalize" => (type.Kind, ["update"], "", ""),
            _ => (type.Kind, ["get", "patch", "update"], "", ""),
        };
        var json = new JsonObject
        {
            ["name"] = $"{type.Plural}/{sub}",
            ["singularName"] = "",
            ["namespaced"] = type.Namespaced,
        };
        if (kindGroup.Length > 0)
        {
            json["group"] = kindGroup;
            json["version"] = kindVersion;
        }
        json["kind"] = kind;
        json["verbs"] = Strings(verbs);
        return json;
    }

    private static Task NotFound(HttpContext context) =>
        JsonResponses.WriteAsync(context, 404, StatusException.NoSuchResource().ToStatus());

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
