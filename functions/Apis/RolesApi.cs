using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Security;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

internal static class RolesApi
{
    public static IEndpointRouteBuilder MapRolesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/roles").WithFunction("roles").WithTags("Roles").ProducesCallerProblems();
        api.MapGet("/", List).WithName("ListRoles").WithSummary("List roles, optionally of one scope.");
        api.MapPost("/", Create).WithName("CreateRole").WithSummary("Create a custom role.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{name}", Get).WithName("GetRole").WithSummary("Get a role.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/{name}", Update).WithName("UpdateRole").WithSummary("Update a custom role's permissions or description (If-Match for a conditional update).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapDelete("/{name}", Delete).WithName("DeleteRole").WithSummary("Delete a custom role no binding uses.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        routes.MapGroup("/api/v1/permissions").WithFunction("permissions").WithTags("Roles").ProducesCallerProblems()
            .MapGet("/", ListPermissions).WithName("ListPermissions").WithSummary("List every permission a role can hold.");
        return routes;
    }

    public static async Task<Results<Ok<string[]>, ProblemHttpResult>> ListPermissions(HttpContext http, ControlPlane cp)
    {
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.RoleRead, PolicyTarget.Organization) is { } denied) return denied;
        return TypedResults.Ok(Permissions.All.Order(StringComparer.Ordinal).ToArray());
    }

    public static async Task<Results<Ok<ListResponse<RoleResource>>, ProblemHttpResult, ValidationProblem>> List(HttpContext http, ControlPlane cp, string? scope, int? limit, string? @continue)
    {
        if (Paging.Validate(limit, @continue) is { } invalid) return invalid;
        ScopeKind? scopeKind = null;
        if (scope is not null)
        {
            if (ParseScope(scope) is not { } parsed) return Problems.Invalid("scope", ScopeError(scope));
            scopeKind = parsed;
        }
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.RoleRead, PolicyTarget.Organization) is { } denied) return denied;
        var items = access.View.Roles.Values.Where(r => scopeKind is null || r.Value.Scope == scopeKind);
        return TypedResults.Ok(Paging.Page(items, r => r.Value.Name, r => r.ToResource(), limit, @continue));
    }

    public static async Task<Results<Ok<RoleResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp, string name)
    {
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.RoleRead, PolicyTarget.Organization) is { } denied) return denied;
        return access.View.RoleByName(name) is { } role ? TypedResults.Ok(role.ToResource()) : Problems.NotFound("role", name);
    }

    public static Task<Results<Created<RoleResource>, ProblemHttpResult, ValidationProblem>> Create(HttpContext http, ControlPlane cp, CreateRoleRequest request) =>
        cp.ExecuteAsync<Created<RoleResource>>(http, new Operation(Permissions.RoleWrite, "role.create", $"role/{request.Name}"), PolicyTarget.Organization, null, async granted =>
        {
            if (NameRules.RoleName(request.Name) is { } nameError) return Problems.Invalid("name", nameError);
            if (ParseScope(request.Scope) is not { } scope) return Problems.Invalid("scope", ScopeError(request.Scope));
            if (CheckPermissions(request.Permissions) is { } permissionError) return permissionError;
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);

            var (_, failed) = await granted.MutateAsync(new CreateRole(RandomTokens.Id(), request.Name, request.Description ?? string.Empty, scope, request.Permissions));
            if (failed is not null) return failed;
            var view = await granted.RefreshAsync();
            return TypedResults.Created($"/api/v1/roles/{Uri.EscapeDataString(request.Name)}", view.RoleByName(request.Name)!.ToResource());
        });

    public static Task<Results<Ok<RoleResource>, ProblemHttpResult, ValidationProblem>> Update(HttpContext http, ControlPlane cp, string name, UpdateRoleRequest request) =>
        cp.ExecuteAsync<Ok<RoleResource>>(http, new Operation(Permissions.RoleWrite, "role.update", $"role/{name}"), PolicyTarget.Organization, null, async granted =>
        {
            if (granted.Access.View.RoleByName(name) is not { } existing) return Problems.NotFound("role", name);
            if (request.Permissions is not null && CheckPermissions(request.Permissions) is { } permissionError) return permissionError;
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);

            var expected = IfMatch.From(http) ?? existing.ETag;
            var (_, failed) = await granted.MutateAsync(new UpdateRole(name, request.Permissions, request.Description, expected));
            if (failed is not null) return failed;
            return TypedResults.Ok((await granted.RefreshAsync()).RoleByName(name)!.ToResource());
        });

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(HttpContext http, ControlPlane cp, string name) =>
        cp.ExecuteAsync<NoContent>(http, new Operation(Permissions.RoleWrite, "role.delete", $"role/{name}"), PolicyTarget.Organization, null, async granted =>
        {
            var (_, failed) = await granted.MutateAsync(new DeleteRole(name));
            if (failed is not null) return failed;
            return TypedResults.NoContent();
        });

    public static ScopeKind? ParseScope(string? scope) => scope?.ToLowerInvariant() switch
    {
        "organization" => ScopeKind.Organization,
        "project" => ScopeKind.Project,
        "namespace" => ScopeKind.Namespace,
        _ => null,
    };

    private static string ScopeError(string? scope) => $"scope '{scope}' is invalid: use organization, project or namespace.";

    private static ValidationProblem? CheckPermissions(IReadOnlyList<string>? permissions)
    {
        if (permissions is null || permissions.Count == 0) return Problems.Invalid("permissions", "a role needs at least one permission.");
        var unknown = permissions.Where(p => !Permissions.All.Contains(p)).ToArray();
        return unknown.Length == 0 ? null : Problems.Invalid("permissions",
            $"unknown permission(s): {string.Join(", ", unknown)}. List valid ones with 'GET /api/v1/permissions'.");
    }
}
