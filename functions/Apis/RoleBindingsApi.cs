using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Security;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

/// <summary>
/// Role bindings. Managing one needs <c>project.admin.write</c> where it applies: at organization scope for
/// organization-wide bindings, in the project for project and namespace bindings (so a PROJECT_ADMIN manages their project).
/// </summary>
internal static class RoleBindingsApi
{
    public static RouteGroupBuilder MapRoleBindingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/rolebindings").WithFunction("rolebindings").WithTags("Role bindings").ProducesCallerProblems();
        api.MapGet("/", List).WithName("ListRoleBindings").WithSummary("List the role bindings the caller may see.");
        api.MapPost("/", Create).WithName("CreateRoleBinding").WithSummary("Bind a role to a user or group at organization, project or namespace scope.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}", Get).WithName("GetRoleBinding").WithSummary("Get a role binding.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", Delete).WithName("DeleteRoleBinding").WithSummary("Delete a role binding.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<ListResponse<RoleBindingResource>>, ValidationProblem>> List(HttpContext http, ControlPlane cp, string? user, string? group, string? role, string? project, int? limit, string? @continue)
    {
        if (Paging.Validate(limit, @continue) is { } invalid) return invalid;
        var access = await cp.ReadAsync(http);
        var view = access.View;
        var items = view.Bindings.Values.Where(b => CanSee(access, b.Value)).Select(b => b.ToResource(view)).Where(b =>
            (user is null || string.Equals(b.User, user, StringComparison.OrdinalIgnoreCase))
            && (group is null || string.Equals(b.Group, group, StringComparison.OrdinalIgnoreCase))
            && (role is null || string.Equals(b.Role, role, StringComparison.OrdinalIgnoreCase))
            && (project is null || b.Project == project));
        return TypedResults.Ok(Paging.Page(items, b => b.Id, b => b, limit, @continue));
    }

    public static async Task<Results<Ok<RoleBindingResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp, string id)
    {
        var access = await cp.ReadAsync(http);
        return access.Find(Binding(id)) is { } binding ? TypedResults.Ok(binding.ToResource(access.View)) : Problems.NotFound("rolebinding", id);
    }

    /// <summary>
    /// Authorized in the binding's scope before the role or subject is looked up. A project the caller cannot see
    /// answers like a missing one; naming a user needs <c>user.read</c> (a group <c>group.read</c>) unless it is the
    /// caller, so a binding cannot be used to find out who exists.
    /// </summary>
    public static async Task<Results<Created<RoleBindingResource>, ProblemHttpResult, ValidationProblem>> Create(HttpContext http, ControlPlane cp, CreateRoleBindingRequest request)
    {
        if ((request.User is null) == (request.Group is null)) return Problems.Invalid("user", "give exactly one of user and group.");
        if (request.Namespace is not null && request.Project is null) return Problems.Invalid("project", "a namespace binding needs its project too.");
        if (request.Namespace is not null && NameRules.BindingNamespace(request.Namespace) is { } nsError)
        {
            return Problems.Invalid("namespace", nsError);
        }

        var subjectText = request.User is not null ? $"user/{request.User}" : $"group/{request.Group}";
        var operation = new Operation(Permissions.ProjectAdminWrite, "rolebinding.create", $"rolebinding {request.Role} for {subjectText}");
        return request.Project is null or BindingScope.Wildcard
            ? await cp.ExecuteAsync<Created<RoleBindingResource>>(http, operation, PolicyTarget.Organization, request.Project, granted => CreateAsync(granted, cp, request, subjectText, request.Project))
            : await cp.ExecuteAsync<Created<RoleBindingResource>, Project>(http, operation, Lookups.Project(request.Project, "project"), (granted, project) => CreateAsync(granted, cp, request, subjectText, project.Value.Id));
    }

    private static async Task<Results<Created<RoleBindingResource>, ProblemHttpResult, ValidationProblem>> CreateAsync(AuthorizedRequest granted, ControlPlane cp, CreateRoleBindingRequest request, string subjectText, string? projectId)
    {
        var self = request.User is not null && string.Equals(request.User, granted.Access.Caller.UserName, StringComparison.OrdinalIgnoreCase);
        var readSubjects = request.User is not null ? Permissions.UserRead : Permissions.GroupRead;
        if (!self && await granted.DenyUnlessAsync(readSubjects, PolicyTarget.Organization) is { } denied) return denied;
        if (granted.Access.View.RoleByName(request.Role) is not { } role) return Problems.Invalid("role", $"role '{request.Role}' does not exist; list roles with 'paralus get roles'.");

        var scope = (projectId, request.Namespace) switch
        {
            (null, _) => BindingScope.Organization,
            (_, null) => BindingScope.ForProject(projectId),
            _ => BindingScope.ForNamespace(projectId, request.Namespace),
        };
        if (scope.Kind != role.Value.Scope)
        {
            return Problems.Invalid("role", $"role '{role.Value.Name}' applies at {ResourceMapper.ScopeName(role.Value.Scope)} scope, "
                + $"but the binding is at {ResourceMapper.ScopeName(scope.Kind)} scope; {ScopeHint(role.Value.Scope)}.");
        }

        var id = RandomTokens.Id();
        var (_, failed) = await granted.MutateAsync(new CreateRoleBinding(id, request.User, request.Group, role.Value.Id, role.Value.Name, scope, request.Project, cp.Time.GetUtcNow()),
            auditTarget: $"rolebinding/{id} ({request.Role} for {subjectText})");
        if (failed is not null) return failed;
        var after = await granted.RefreshAsync();
        return TypedResults.Created($"/api/v1/rolebindings/{id}", after.Bindings[id].ToResource(after));
    }

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(HttpContext http, ControlPlane cp, string id) =>
        cp.ExecuteAsync<NoContent, RoleBinding>(http, new Operation(Permissions.ProjectAdminWrite, "rolebinding.delete", $"rolebinding/{id}"), Binding(id), async (granted, _) =>
        {
            var (_, failed) = await granted.MutateAsync(new DeleteRoleBinding(id));
            if (failed is not null) return failed;
            return TypedResults.NoContent();
        });

    /// <summary>A binding is managed where it applies: at organization scope for organization-wide (and every-project) bindings, else in its project.</summary>
    private static Lookup<RoleBinding> Binding(string id) => new(
        "rolebinding", id, view => view.Bindings.GetValueOrDefault(id), CanSee,
        binding => binding.Scope.ProjectId is { } projectId and not BindingScope.Wildcard ? PolicyTarget.ForProject(projectId) : PolicyTarget.Organization);

    /// <summary>Organization-wide bindings need <c>role.read</c>; project and namespace bindings need <c>project.read</c> there.</summary>
    private static bool CanSee(RequestAccess access, RoleBinding binding)
    {
        var user = access.Caller.UserId;
        if (access.Policy.Check(user, Permissions.RoleRead, PolicyTarget.Organization).IsAllowed) return true;
        return binding.Scope.ProjectId is { } projectId and not BindingScope.Wildcard
            && access.Policy.GetProjectsWith(user, Permissions.ProjectRead).Contains(projectId);
    }

    private static string ScopeHint(ScopeKind scope) => scope switch
    {
        ScopeKind.Organization => "give neither --project nor --namespace",
        ScopeKind.Project => "give --project only",
        _ => "give --project and --namespace",
    };
}
