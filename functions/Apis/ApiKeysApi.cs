using Paralus.Core.Contracts;
using Paralus.Core.Domain;
using Paralus.Core.Security;
using Paralus.Core.Storage;
using Paralus.Functions.Hosting;

namespace Paralus.Functions.Apis;

/// <summary>API keys belong to the caller: each user creates, lists and deletes their own.</summary>
internal static class ApiKeysApi
{
    private const int MaxKeysPerUser = 20;

    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/apikeys").WithFunction("apikeys");
        api.MapGet("/", List);
        api.MapPost("/", Create);
        api.MapDelete("/{id}", Delete);
        return api;
    }

    public static async Task<IResult> List(HttpContext http, ControlPlane cp, ApiKeyUsageLog usage)
    {
        var access = await cp.ReadAsync(http);
        var lastUsed = await usage.ReadAsync(access.Caller.OrganizationId, http.RequestAborted);
        var items = access.View.ApiKeys.Values.Where(k => k.Value.UserId == access.Caller.UserId)
            .OrderBy(k => k.Value.CreatedAt)
            .Select(k => k.ToResource(access.View, lastUsed.TryGetValue(k.Value.Id, out var at) ? at : null)).ToArray();
        return TypedResults.Ok(new ListResponse<ApiKeyResource>(items, null));
    }

    public static async Task<IResult> Create(HttpContext http, ControlPlane cp, CreateApiKeyRequest request)
    {
        var access = await cp.ReadAsync(http);
        if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);
        var token = new ApiKeyToken(access.Caller.OrganizationId, RandomTokens.Id(), RandomTokens.Secret());
        var key = new ApiKey(token.KeyId, access.Caller.UserId, request.Description ?? string.Empty, ApiKeyToken.HashSecret(token.Secret), cp.Time.GetUtcNow());

        var result = await cp.Writer.MutateAsync(access.Caller.OrganizationId, view =>
            view.ApiKeys.Values.Count(k => k.Value.UserId == access.Caller.UserId) >= MaxKeysPerUser
                ? DirectoryError.Conflict($"you already have {MaxKeysPerUser} API keys; delete one first.")
                : Mutation<bool>.Apply(new DirectoryChangeSet().Insert(EntityKinds.ApiKey, key.Id, null, key), true), http.RequestAborted);
        if (await cp.CompleteAsync(http, access.Caller, "apikey.create", $"apikey/{key.Id}", null, result) is { } failed) return failed;
        return TypedResults.Created($"/api/v1/apikeys/{key.Id}", new CreatedApiKeyResponse(key.Id, token.ToString(), key.Description, key.CreatedAt));
    }

    public static async Task<IResult> Delete(HttpContext http, ControlPlane cp, string id)
    {
        var access = await cp.ReadAsync(http);
        var result = await cp.Writer.MutateAsync(access.Caller.OrganizationId, view =>
            view.ApiKeys.TryGetValue(id, out var key) && key.Value.UserId == access.Caller.UserId
                ? Mutation<bool>.Apply(new DirectoryChangeSet().Delete(EntityKinds.ApiKey, id, null, key.ETag), true)
                : DirectoryError.NotFound("apikey", id), http.RequestAborted);
        if (await cp.CompleteAsync(http, access.Caller, "apikey.delete", $"apikey/{id}", null, result) is { } failed) return failed;
        return TypedResults.NoContent();
    }
}
