using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Security;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Apis;

/// <summary>
/// API keys belong to the caller: each user creates, lists, inspects and deletes their own. Administrators (user.read
/// at organization scope) see everyone's keys, and with user.write delete them. Another user's key is, to anyone
/// else, answered exactly like a missing one.
/// </summary>
internal static class ApiKeysApi
{

    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/apikeys").WithFunction("apikeys").WithTags("API keys").ProducesCallerProblems();
        api.MapGet("/", List).WithName("ListApiKeys").WithSummary("List the caller's API keys, another user's, or everyone's.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", Create).WithName("CreateApiKey").WithSummary("Create an API key for the caller; its secret is returned once.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}", Get).WithName("GetApiKey").WithSummary("Get an API key (never its secret).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", Delete).WithName("DeleteApiKey").WithSummary("Delete an API key.").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The caller's keys; another user's with <paramref name="user"/>, or everyone's with <paramref name="allUsers"/> (both need user.read).</summary>
    public static async Task<Results<Ok<ListResponse<ApiKeyResource>>, ProblemHttpResult, ValidationProblem>> List(HttpContext http, ControlPlane cp, ApiKeyUsageLog usage, string? user, bool? allUsers)
    {
        if (user is not null && allUsers == true) return Problems.Invalid("allUsers", "give either user or allUsers=true, not both.");
        var access = await cp.ReadAsync(http);
        var self = (user is null && allUsers != true) || string.Equals(user, access.Caller.UserName, StringComparison.OrdinalIgnoreCase);
        if (!self && await cp.DenyUnlessAsync(http, access, Permissions.UserRead, PolicyTarget.Organization) is { } denied) return denied;
        string? ownerId = access.Caller.UserId;
        if (!self)
        {
            if (user is null) ownerId = null;
            else if (access.View.UserByName(user) is { } owner) ownerId = owner.Value.Id;
            else return Problems.NotFound("user", user);
        }

        var lastUsed = await usage.ReadAsync(access.Caller.OrganizationId, http.RequestAborted);
        var items = access.View.ApiKeys.Values.Where(k => ownerId is null || k.Value.UserId == ownerId)
            .OrderBy(k => k.Value.CreatedAt)
            .Select(k => k.ToResource(access.View, LastUsed(lastUsed, k.Value.Id))).ToArray();
        return TypedResults.Ok(new ListResponse<ApiKeyResource>(items, null));
    }

    public static async Task<Results<Ok<ApiKeyResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp, ApiKeyUsageLog usage, string id)
    {
        var access = await cp.ReadAsync(http);
        if (!access.View.ApiKeys.TryGetValue(id, out var key) || !IsOwnOrReadable(access, key.Value)) return Problems.NotFound("apikey", id);
        var lastUsed = await usage.ReadAsync(access.Caller.OrganizationId, http.RequestAborted);
        return TypedResults.Ok(key.ToResource(access.View, LastUsed(lastUsed, id)));
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult, ValidationProblem>> Create(HttpContext http, ControlPlane cp, CreateApiKeyRequest request)
    {
        var access = await cp.ReadAsync(http);
        if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);
        var now = cp.Time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now) return Problems.Invalid("expiresAt", $"expiresAt {expires:O} is not in the future.");
        if ((request.Scope is null ? ApiKeyScope.Full : ApiKey.ScopeNamed(request.Scope)) is not { } scope) return Problems.Invalid("scope", "scope must be 'full' or 'read-only'.");
        var token = new ApiKeyToken(access.Caller.OrganizationId, RandomTokens.Id(), RandomTokens.Secret());
        var key = new ApiKey(token.KeyId, access.Caller.UserId, request.Description ?? string.Empty, ApiKeyToken.HashSecret(token.Secret), now, request.ExpiresAt, scope);

        var result = await cp.Writer.MutateAsync(access.Caller.OrganizationId, new CreateApiKey(key).Plan, http.RequestAborted);
        var detail = $"{ApiKey.ScopeName(key.Scope)}, " + (key.ExpiresAt is { } at ? $"expires at {at:O}" : "does not expire");
        if (await cp.CompleteAsync(http, access.Caller, "apikey.create", $"apikey/{key.Id}", null, result, detail) is { } failed) return failed;
        return TypedResults.Created($"/api/v1/apikeys/{key.Id}", new CreatedApiKeyResponse(key.Id, token.ToString(), key.Description, key.CreatedAt, key.ExpiresAt, ApiKey.ScopeName(key.Scope)));
    }

    /// <summary>Your own key; anyone's with user.write (someone who may only read them is told so, audited).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(HttpContext http, ControlPlane cp, string id)
    {
        var access = await cp.ReadAsync(http);
        var target = $"apikey/{id}";
        if (!access.View.ApiKeys.TryGetValue(id, out var seen) || !IsOwnOrReadable(access, seen.Value)) return Problems.NotFound("apikey", id);
        if (seen.Value.UserId != access.Caller.UserId
            && await cp.DenyUnlessAsync(http, access, Permissions.UserWrite, PolicyTarget.Organization, "apikey.delete", target) is { } denied)
        {
            return denied;
        }

        var result = await cp.Writer.MutateAsync(access.Caller.OrganizationId, new DeleteApiKey(id, seen.Value.UserId).Plan, http.RequestAborted);
        var owner = access.View.Users.TryGetValue(seen.Value.UserId, out var user) ? user.Value.Name : seen.Value.UserId;
        if (await cp.CompleteAsync(http, access.Caller, "apikey.delete", target, null, result, $"owner {owner}") is { } failed) return failed;
        return TypedResults.NoContent();
    }

    private static bool IsOwnOrReadable(RequestAccess access, ApiKey key) =>
        key.UserId == access.Caller.UserId || access.Policy.Check(access.Caller.UserId, Permissions.UserRead, PolicyTarget.Organization).IsAllowed;

    private static DateTimeOffset? LastUsed(IReadOnlyDictionary<string, DateTimeOffset> usage, string id) => usage.TryGetValue(id, out var at) ? at : null;
}
