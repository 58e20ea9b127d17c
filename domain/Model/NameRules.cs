using System.Text.RegularExpressions;

namespace Paralus.Domain.Model;

/// <summary>
/// What a valid name looks like for each kind of object. Each rule returns null when the name is
/// valid, else a sentence a person can act on.
/// </summary>
public static partial class NameRules
{
    public const int MaxDnsLabel = 63;
    public const int MaxDisplayName = 64;
    public const int MaxUserName = 254;

    /// <summary>Projects, clusters, Kubernetes namespaces: DNS labels (RFC 1123), like Kubernetes names.</summary>
    public static string? DnsLabel(string kind, string? name)
    {
        if (string.IsNullOrEmpty(name)) return $"{kind} name is required.";
        if (name.Length > MaxDnsLabel) return $"{kind} name '{Shorten(name)}' is {name.Length} characters long; at most {MaxDnsLabel} are allowed.";
        if (!DnsLabelPattern().IsMatch(name))
            return $"{kind} name '{name}' is invalid: use lower-case letters, digits and '-', starting and ending with a letter or digit.";
        return null;
    }

    /// <summary>
    /// The namespace of a namespace role binding: a DNS label, or <see cref="BindingScope.Wildcard"/>, and never
    /// Paralus's own namespace, which holds every user's JIT service account (a wildcard binding leaves it out).
    /// </summary>
    public static string? BindingNamespace(string @namespace) =>
        @namespace == BindingScope.Wildcard ? null
        : @namespace == Kubernetes.JitAccessSpec.ServiceAccountNamespace
            ? $"namespace '{@namespace}' holds Paralus's JIT service accounts and agent credentials; no role binding may reach it."
            : DnsLabel("namespace", @namespace);

    /// <summary>Groups: readable names such as "AWS Project Members".</summary>
    public static string? GroupName(string? name) => Display("group", name, GroupPattern(),
        "letters, digits, spaces and . _ - (starting with a letter or digit)");

    /// <summary>Roles: PROJECT_ADMIN, clusterview, ns-reader.</summary>
    public static string? RoleName(string? name) => Display("role", name, RolePattern(),
        "letters, digits and . _ - (starting with a letter or digit)");

    /// <summary>User names: an e-mail address or a plain login name.</summary>
    public static string? UserName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "user name is required.";
        if (name.Length > MaxUserName) return $"user name is {name.Length} characters long; at most {MaxUserName} are allowed.";
        if (!UserPattern().IsMatch(name))
            return $"user name '{name}' is invalid: use an e-mail address or letters, digits and . _ % + -.";
        return null;
    }

    private static string? Display(string kind, string? name, Regex pattern, string allowed)
    {
        if (string.IsNullOrWhiteSpace(name)) return $"{kind} name is required.";
        if (name.Length > MaxDisplayName) return $"{kind} name '{Shorten(name)}' is {name.Length} characters long; at most {MaxDisplayName} are allowed.";
        if (!pattern.IsMatch(name)) return $"{kind} name '{name}' is invalid: use {allowed}, with no leading or trailing space.";
        return null;
    }

    private static string Shorten(string name) => name.Length <= 20 ? name : name[..20] + "…";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9 ._-]*[A-Za-z0-9._-])?$")]
    private static partial Regex GroupPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RolePattern();

    [GeneratedRegex("^[A-Za-z0-9._%+-]+(@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)?$")]
    private static partial Regex UserPattern();
}
