using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Security;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

internal static class GroupsApi
{
    private const int MaxUsersPerUpdate = 50;

    public static RouteGroupBuilder MapGroupsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/groups").WithFunction("groups").WithTags("Groups").ProducesCallerProblems();
        api.MapGet("/", List).WithName("ListGroups").WithSummary("List groups.");
        api.MapPost("/", Create).WithName("CreateGroup").WithSummary("Create a group.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{name}", Get).WithName("GetGroup").WithSummary("Get a group with its members.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/{name}", Update).WithName("UpdateGroup").WithSummary("Update a group's description and members (If-Match for a conditional update).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapDelete("/{name}", Delete).WithName("DeleteGroup").WithSummary("Delete a group with its memberships and role bindings.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<ListResponse<GroupResource>>, ProblemHttpResult, ValidationProblem>> List(HttpContext http, ControlPlane cp, string? prefix, int? limit, string? @continue)
    {
        if (Paging.Validate(limit, @continue) is { } invalid) return invalid;
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.GroupRead, PolicyTarget.Organization) is { } denied) return denied;
        var items = access.View.Groups.Values.Where(g => prefix is null || g.Value.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return TypedResults.Ok(Paging.Page(items, g => g.Value.Name, g => g.ToResource(access.View), limit, @continue));
    }

    public static async Task<Results<Ok<GroupResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp, string name)
    {
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.GroupRead, PolicyTarget.Organization) is { } denied) return denied;
        return access.View.GroupByName(name) is { } group ? TypedResults.Ok(group.ToResource(access.View)) : Problems.NotFound("group", name);
    }

    public static Task<Results<Created<GroupResource>, ProblemHttpResult, ValidationProblem>> Create(HttpContext http, ControlPlane cp, CreateGroupRequest request) =>
        cp.ExecuteAsync<Created<GroupResource>>(http, new Operation(Permissions.GroupWrite, "group.create", $"group/{request.Name}"), PolicyTarget.Organization, null, async granted =>
        {
            if (NameRules.GroupName(request.Name) is { } nameError) return Problems.Invalid("name", nameError);
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);

            var (_, failed) = await granted.MutateAsync(new CreateGroup(RandomTokens.Id(), request.Name, request.Description ?? string.Empty, cp.Time.GetUtcNow()));
            if (failed is not null) return failed;
            var view = await granted.RefreshAsync();
            return TypedResults.Created($"/api/v1/groups/{Uri.EscapeDataString(request.Name)}", view.GroupByName(request.Name)!.ToResource(view));
        });

    /// <summary>
    /// Description and membership changes. The group row is rewritten with the ETag read first (or the client's
    /// If-Match), so of two concurrent updates one succeeds and the other gets 412 instead of a lost update.
    /// </summary>
    public static Task<Results<Ok<GroupResource>, ProblemHttpResult, ValidationProblem>> Update(HttpContext http, ControlPlane cp, string name, UpdateGroupRequest request) =>
        cp.ExecuteAsync<Ok<GroupResource>>(http, new Operation(Permissions.GroupWrite, "group.update", $"group/{name}"), PolicyTarget.Organization, null, async granted =>
        {
            if (granted.Access.View.GroupByName(name) is not { } existing) return Problems.NotFound("group", name);
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);
            var add = request.AddUsers ?? [];
            var remove = request.RemoveUsers ?? [];
            if (add.Count + remove.Count > MaxUsersPerUpdate)
            {
                return Problems.Invalid(add.Count >= remove.Count ? "addUsers" : "removeUsers", $"at most {MaxUsersPerUpdate} users can be added or removed in one update.");
            }
            // Naming users tells whether they exist: as for role bindings, that takes user.read.
            if (add.Count + remove.Count > 0 && await granted.DenyUnlessAsync(Permissions.UserRead, PolicyTarget.Organization) is { } denied) return denied;

            var expected = IfMatch.From(http) ?? existing.ETag;
            var detail = add.Count + remove.Count > 0 ? $"added [{string.Join(", ", add)}] removed [{string.Join(", ", remove)}]" : null;
            var (_, failed) = await granted.MutateAsync(new UpdateGroup(name, request.Description, add, remove, expected), detail);
            if (failed is not null) return failed;
            var after = await granted.RefreshAsync();
            return TypedResults.Ok(after.GroupByName(name)!.ToResource(after));
        });

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(HttpContext http, ControlPlane cp, string name) =>
        cp.ExecuteAsync<NoContent>(http, new Operation(Permissions.GroupWrite, "group.delete", $"group/{name}"), PolicyTarget.Organization, null, async granted =>
        {
            var (_, failed) = await granted.MutateAsync(new DeleteGroup(name));
            if (failed is not null) return failed;
            return TypedResults.NoContent();
        });
}
