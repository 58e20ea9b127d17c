using System.Text.Json.Nodes;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Rbac;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>
/// The create-only review resources: TokenReview, SelfSubjectReview, (Self/Local)SubjectAccessReview
/// and SelfSubjectRulesReview. They answer from the same authenticator and RBAC the server uses.
/// </summary>
internal sealed class ReviewApi(Authenticator authenticator, RbacAuthorizer authorizer)
{
    public async Task HandleAsync(HttpContext context, ResourceType type, RequestInfo info)
    {
        if (info.Verb != "create") throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        var review = await JsonResponses.ReadObjectAsync(context);
        var caller = AccessControl.UserOf(context);
        review["status"] = type.Kind switch
        {
            "TokenReview" => TokenReview(review),
            "SelfSubjectReview" => new JsonObject { ["userInfo"] = UserJson(caller) },
            "SelfSubjectAccessReview" => AccessReview(caller, review["spec"], ""),
            "SubjectAccessReview" => AccessReview(SubjectOf(review["spec"]), review["spec"], ""),
            "LocalSubjectAccessReview" => AccessReview(SubjectOf(review["spec"]), review["spec"], info.Namespace),
            "SelfSubjectRulesReview" => RulesReview(caller, Meta.Text(review, "spec", "namespace")),
            _ => throw StatusException.NoSuchResource(),
        };
        review["apiVersion"] = type.ApiVersion;
        review["kind"] = type.Kind;
        var metadata = Meta.Of(review);
        metadata["creationTimestamp"] = null;
        await JsonResponses.WriteAsync(context, 201, review);
    }

    private JsonObject TokenReview(JsonObject review)
    {
        var token = Meta.Text(review, "spec", "token");
        var audiences = (review["spec"]?["audiences"] as JsonArray)?.Select(a => a?.ToString() ?? "").ToList() ?? [];
        var result = authenticator.AuthenticateToken(token, audiences);
        if (result is null) return new JsonObject { ["authenticated"] = false, ["user"] = new JsonObject(), ["error"] = "invalid bearer token" };
        var (user, matched) = result.Value;
        return new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = UserJson(user),
            ["audiences"] = new JsonArray(matched.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        };
    }

    private JsonObject AccessReview(UserInfo user, JsonNode? spec, string forcedNamespace)
    {
        AuthorizationAttributes attributes;
        if (spec?["resourceAttributes"] is JsonObject resource)
        {
            var ns = forcedNamespace.Length > 0 ? forcedNamespace : Meta.Text(resource, "namespace");
            attributes = new AuthorizationAttributes(user, Meta.Text(resource, "verb"), true, "",
                Meta.Text(resource, "group"), Meta.Text(resource, "resource"), Meta.Text(resource, "subresource"), ns, Meta.Text(resource, "name"));
        }
        else if (spec?["nonResourceAttributes"] is JsonObject nonResource)
        {
            attributes = new AuthorizationAttributes(user, Meta.Text(nonResource, "verb"), false, Meta.Text(nonResource, "path"));
        }
        else
        {
            throw StatusException.Invalid("SubjectAccessReview", "authorization.k8s.io", "", "spec.resourceAttributes", "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified");
        }
        var decision = authorizer.Authorize(attributes);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0) status["reason"] = decision.Reason;
        return status;
    }

    private JsonObject RulesReview(UserInfo user, string ns)
    {
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in authorizer.RulesFor(user, ns).SelectMany(b => b.Rules))
        {
            var json = rule.ToJson();
            if (rule.NonResourceUrls.Length > 0) nonResourceRules.Add(new JsonObject { ["verbs"] = json["verbs"]!.DeepClone(), ["nonResourceURLs"] = json["nonResourceURLs"]!.DeepClone() });
            else
            {
                json.Remove("nonResourceURLs");
                json["resources"] ??= new JsonArray();
                json["apiGroups"] ??= new JsonArray();
                resourceRules.Add(json);
            }
        }
        return new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
    }

    private static UserInfo SubjectOf(JsonNode? spec)
    {
        var groups = (spec?["groups"] as JsonArray)?.Select(g => g?.ToString() ?? "").ToList() ?? [];
        return new UserInfo(Meta.Text(spec, "user"), Meta.Text(spec, "uid"), groups);
    }

    private static JsonObject UserJson(UserInfo user)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0) json["uid"] = user.Uid;
        json["groups"] = new JsonArray(user.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray());
        return json;
    }
}
