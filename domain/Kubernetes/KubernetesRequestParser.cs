using System.Text;

namespace Paralus.Domain.Kubernetes;

/// <summary>
/// Reads a kubectl request the way the kube-apiserver's RequestInfoFactory does, so the relay decides on
/// the same verb, resource and namespace that the cluster's RBAC will see. Never throws: a path it cannot
/// make sense of is a non-resource request, or a resource request without a resource.
/// </summary>
public static class KubernetesRequestParser
{
    private const string FieldSelectorKey = "fieldSelector";
    private const string WatchKey = "watch";
    private const string MetadataName = "metadata.name";

    /// <summary>
    /// <paramref name="path"/> is the URL path the apiserver will see (the relay's <c>/clusters/&lt;id&gt;</c>
    /// prefix removed); <paramref name="query"/> holds the first value of each query parameter, decoded.
    /// The raw-query overload is closer to the apiserver: other parsers split a query differently from Go's.
    /// </summary>
    public static KubernetesRequestInfo Parse(string method, string path, IReadOnlyDictionary<string, string?> query) =>
        Parse(method, path, query.TryGetValue(WatchKey, out var watch) ? watch ?? "" : null, query.GetValueOrDefault(FieldSelectorKey));

    /// <summary>As the other overload, with the raw query string (with or without its leading '?').</summary>
    public static KubernetesRequestInfo Parse(string method, string path, string? rawQuery)
    {
        string? watch = null, fieldSelector = null;
        foreach (var pair in (rawQuery ?? "").TrimStart('?').Split('&'))
        {
            // Go's query parser drops pairs with a semicolon; the apiserver never sees them.
            if (pair.Contains(';')) continue;
            var equals = pair.IndexOf('=');
            var key = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Unescape(pair[(equals + 1)..]);
            // The apiserver reads the first value of a repeated parameter.
            if (key == WatchKey) watch ??= value;
            else if (key == FieldSelectorKey) fieldSelector ??= value;
        }

        return Parse(method, path, watch, fieldSelector);
    }

    private static KubernetesRequestInfo Parse(string method, string path, string? watch, string? fieldSelector)
    {
        var parts = path.Trim('/') is { Length: > 0 } trimmed ? trimmed.Split('/') : [];
        var nonResource = new KubernetesRequestInfo { Path = path, IsResourceRequest = false, Verb = method.ToLowerInvariant() };

        // /api/v1/... needs three segments, /apis/group/version/... four; shorter is discovery.
        if (parts.Length < 3) return nonResource;
        var prefix = parts[0];
        var at = 1;
        var group = "";
        if (prefix == "apis")
        {
            if (parts.Length < 4) return nonResource;
            group = parts[at++];
        }
        else if (prefix != "api")
        {
            return nonResource;
        }

        var version = parts[at++];
        string verb;
        if (parts[at] is KubernetesVerbs.Watch or KubernetesVerbs.Proxy)
        {
            verb = parts[at++];
            // The apiserver refuses "/api/v1/watch" alone; a request without a resource is never allowed.
            if (at == parts.Length)
                return new KubernetesRequestInfo { Path = path, IsResourceRequest = true, Verb = verb, ApiPrefix = prefix, ApiGroup = group, ApiVersion = version };
        }
        else
        {
            verb = VerbOf(method);
        }

        var @namespace = "";
        if (parts[at] == "namespaces" && parts.Length - at > 1)
        {
            @namespace = parts[at + 1];
            // namespaces/x/status and namespaces/x/finalize are subresources of the namespace itself.
            if (parts.Length - at > 2 && parts[at + 2] is not ("status" or "finalize")) at += 2;
        }

        var rest = parts[at..];
        var resource = rest[0];
        var name = rest.Length >= 2 ? rest[1] : "";
        // The legacy proxy verb takes everything after the name as the proxied path, not a subresource.
        var subresource = rest.Length >= 3 && verb != KubernetesVerbs.Proxy ? rest[2] : "";

        if (name.Length == 0 && verb == KubernetesVerbs.Get)
        {
            verb = IsWatch(watch) ? KubernetesVerbs.Watch : KubernetesVerbs.List;
            if (NameFromFieldSelector(fieldSelector) is { } selected) name = selected;
        }

        if (name.Length == 0 && verb == KubernetesVerbs.Delete) verb = KubernetesVerbs.DeleteCollection;

        return new KubernetesRequestInfo
        {
            Path = path,
            IsResourceRequest = true,
            Verb = verb,
            ApiPrefix = prefix,
            ApiGroup = group,
            ApiVersion = version,
            Namespace = @namespace,
            Resource = resource,
            Subresource = subresource,
            Name = name,
            Parts = rest,
        };
    }

    /// <summary>Case-sensitive, as Go compares methods: "post" has no verb.</summary>
    private static string VerbOf(string method) => method switch
    {
        "POST" => KubernetesVerbs.Create,
        "GET" or "HEAD" => KubernetesVerbs.Get,
        "PUT" => KubernetesVerbs.Update,
        "PATCH" => KubernetesVerbs.Patch,
        "DELETE" => KubernetesVerbs.Delete,
        _ => "",
    };

    /// <summary>As the apiserver reads a boolean parameter: present and not "0" or "false" means true, even when empty.</summary>
    private static bool IsWatch(string? value) =>
        value is not null && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>kubectl get pod x --watch</c> lists with <c>fieldSelector=metadata.name=x</c>; the apiserver then
    /// authorizes the single object. Null when the selector does not pin the name, or does not parse.
    /// </summary>
    private static string? NameFromFieldSelector(string? selector)
    {
        if (string.IsNullOrEmpty(selector)) return null;
        string? name = null;
        // The apiserver sorts the terms before looking for the first one that pins the name.
        var terms = SplitUnescaped(selector, ',').Where(term => term.Length > 0).Order(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (!TrySplitTerm(term, out var field, out var op, out var escapedValue)) return null;
            if (!TryUnescape(escapedValue, out var value)) return null;
            if (name is null && field == MetadataName && op is "=" or "==") name = value;
        }

        // A name the apiserver would refuse as a path segment is not taken as the object's name.
        return name is null or "." or ".." || name.Contains('/') || name.Contains('%') ? null : name;
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') i++;
            else if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static bool TrySplitTerm(string term, out string field, out string op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\')
            {
                i++;
                continue;
            }

            foreach (var candidate in (ReadOnlySpan<string>)["!=", "==", "="])
            {
                if (string.CompareOrdinal(term, i, candidate, 0, candidate.Length) != 0) continue;
                (field, op, value) = (term[..i], candidate, term[(i + candidate.Length)..]);
                return true;
            }
        }

        (field, op, value) = ("", "", "");
        return false;
    }

    /// <summary>Field selector values escape '\', ',' and '=' with a backslash; any other escape is an error.</summary>
    private static bool TryUnescape(string escaped, out string value)
    {
        if (!escaped.Contains('\\'))
        {
            value = escaped;
            return true;
        }

        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                text.Append(escaped[i]);
                continue;
            }

            if (++i == escaped.Length || escaped[i] is not ('\\' or ',' or '='))
            {
                value = "";
                return false;
            }

            text.Append(escaped[i]);
        }

        value = text.ToString();
        return true;
    }

    private static string Unescape(string queryPart) => Uri.UnescapeDataString(queryPart.Replace('+', ' '));
}
