using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Rbac;

/// <summary>One rule of a Role or ClusterRole, with the matching rules of the RBAC authorizer.</summary>
internal sealed record PolicyRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    public static PolicyRule FromJson(JsonNode? rule) => new(
        Strings(rule?["verbs"]), Strings(rule?["apiGroups"]), Strings(rule?["resources"]),
        Strings(rule?["resourceNames"]), Strings(rule?["nonResourceURLs"]));

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["verbs"] = Array(Verbs) };
        if (NonResourceUrls.Length > 0) json["nonResourceURLs"] = Array(NonResourceUrls);
        if (ApiGroups.Length > 0) json["apiGroups"] = Array(ApiGroups);
        if (Resources.Length > 0) json["resources"] = Array(Resources);
        if (ResourceNames.Length > 0) json["resourceNames"] = Array(ResourceNames);
        return json;
    }

    public bool Allows(AuthorizationAttributes request) =>
        request.IsResourceRequest
            ? VerbMatches(request.Verb) && GroupMatches(request.ApiGroup) && ResourceMatches(request.Resource, request.Subresource) && NameMatches(request.Name)
            : VerbMatches(request.Verb) && UrlMatches(request.Path);

    private bool VerbMatches(string verb) => Verbs.Any(v => v == "*" || v == verb);

    private bool GroupMatches(string group) => ApiGroups.Any(g => g == "*" || g == group);

    private bool ResourceMatches(string resource, string subresource)
    {
        var combined = subresource.Length == 0 ? resource : $"{resource}/{subresource}";
        foreach (var ruleResource in Resources)
        {
            if (ruleResource == "*" || ruleResource == combined) return true;
            // "*/scale" grants that subresource of every resource.
            if (subresource.Length > 0 && ruleResource.StartsWith("*/", StringComparison.Ordinal) && ruleResource[2..] == subresource) return true;
        }
        return false;
    }

    private bool NameMatches(string name) => ResourceNames.Length == 0 || ResourceNames.Contains(name);

    private bool UrlMatches(string path)
    {
        foreach (var url in NonResourceUrls)
        {
            if (url == "*" || url == path) return true;
            if (url.EndsWith('*') && path.StartsWith(url[..^1], StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string[] Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(n => n?.ToString() ?? "").ToArray() ?? [];

    private static JsonArray Array(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
