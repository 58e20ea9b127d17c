using Paralus.Sandbox.Api;
using Paralus.Sandbox.Rbac;

namespace Paralus.Sandbox.Auth;

/// <summary>
/// <c>Impersonate-User</c>, <c>Impersonate-Group</c> and <c>Impersonate-Uid</c>: each asks RBAC
/// whether the caller may <c>impersonate</c> that user, service account, group or uid.
/// </summary>
internal static class Impersonation
{
    public static UserInfo Apply(HttpRequest request, UserInfo caller, RbacAuthorizer authorizer)
    {
        var user = request.Headers["Impersonate-User"].ToString();
        var groups = request.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        var uid = request.Headers["Impersonate-Uid"].ToString();
        if (user.Length == 0)
        {
            if (groups.Count > 0 || uid.Length > 0)
                throw StatusException.BadRequest("requested impersonation of groups or uid without impersonating a user");
            return caller;
        }

        var asServiceAccount = UserInfo.TryParseServiceAccount(user, out var saNamespace, out var saName);
        Check(authorizer, asServiceAccount
            ? new AuthorizationAttributes(caller, "impersonate", true, Resource: "serviceaccounts", Namespace: saNamespace, Name: saName)
            : new AuthorizationAttributes(caller, "impersonate", true, Resource: "users", Name: user));
        foreach (var group in groups)
            Check(authorizer, new AuthorizationAttributes(caller, "impersonate", true, Resource: "groups", Name: group));
        if (uid.Length > 0)
            Check(authorizer, new AuthorizationAttributes(caller, "impersonate", true, ApiGroup: "authentication.k8s.io", Resource: "uids", Name: uid));

        var effectiveGroups = new List<string>(groups);
        if (asServiceAccount && groups.Count == 0)
            effectiveGroups.AddRange(["system:serviceaccounts", $"system:serviceaccounts:{saNamespace}"]);
        if (user != UserInfo.Anonymous.Name && !effectiveGroups.Contains("system:authenticated"))
            effectiveGroups.Add("system:authenticated");
        return new UserInfo(user, uid, effectiveGroups);
    }

    private static void Check(RbacAuthorizer authorizer, AuthorizationAttributes attributes)
    {
        if (authorizer.Authorize(attributes).Allowed) return;
        throw new StatusException(403, "Forbidden", attributes.ForbiddenMessage(), ForbiddenDetails(attributes));
    }

    internal static System.Text.Json.Nodes.JsonObject ForbiddenDetails(AuthorizationAttributes attributes)
    {
        var details = new System.Text.Json.Nodes.JsonObject();
        if (attributes.Name.Length > 0) details["name"] = attributes.Name;
        if (attributes.ApiGroup.Length > 0) details["group"] = attributes.ApiGroup;
        if (attributes.IsResourceRequest) details["kind"] = attributes.Resource;
        return details;
    }
}
