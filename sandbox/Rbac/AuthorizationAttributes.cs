using Paralus.Sandbox.Auth;

namespace Paralus.Sandbox.Rbac;

/// <summary>What a request wants to do, in the terms RBAC rules are written in.</summary>
internal sealed record AuthorizationAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string Path = "",
    string ApiGroup = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "")
{
    /// <summary>The sentence the apiserver puts into a 403.</summary>
    public string ForbiddenMessage()
    {
        if (!IsResourceRequest) return $"forbidden: User \"{User.Name}\" cannot {Verb.ToLowerInvariant()} path \"{Path}\"";
        var resource = Subresource.Length > 0 ? $"{Resource}/{Subresource}" : Resource;
        var subject = Name.Length > 0 ? $"{QualifiedResource} \"{Name}\" is forbidden" : $"{QualifiedResource} is forbidden";
        var scope = Namespace.Length > 0 ? $"in the namespace \"{Namespace}\"" : "at the cluster scope";
        return $"{subject}: User \"{User.Name}\" cannot {Verb} resource \"{resource}\" in API group \"{ApiGroup}\" {scope}";
    }

    private string QualifiedResource => ApiGroup.Length == 0 ? Resource : $"{Resource}.{ApiGroup}";
}
