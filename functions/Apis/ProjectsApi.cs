using Paralus.Core.Contracts;
using Paralus.Core.Domain;
using Paralus.Core.Policy;
using Paralus.Core.Security;
using Paralus.Core.Storage;
using Paralus.Functions.Hosting;

namespace Paralus.Functions.Apis;

internal static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/projects").WithFunction("projects");
        api.MapGet("/", List);
        api.MapPost("/", Create);
        api.MapGet("/{name}", Get);
        api.MapPatch("/{name}", Update);
        api.MapDelete("/{name}", Delete);
        return api;
    }

    public static async Task<IResult> List(HttpContext http, ControlPlane cp, string? prefix, int? limit, string? @continue)
    {
        if (Paging.Validate(limit, @continue) is { } invalid) return invalid;
        var access = await cp.ReadAsync(http);
        var visible = access.Policy.GetProjectsWith(access.Caller.UserId, Permissions.ProjectRead);
        var items = access.View.Projects.Values
            .Where(p => visible.Contains(p.Value.Id) && (prefix is null || p.Value.Name.StartsWith(prefix, StringComparison.Ordinal)));
        return TypedResults.Ok(Paging.Page(items, p => p.Value.Name, p => p.ToResource(), limit, @continue));
    }

    public static async Task<IResult> Get(HttpContext http, ControlPlane cp, string name)
    {
        var access = await cp.ReadAsync(http);
        // A project the caller may not see answers exactly like one that does not exist.
        if (access.View.ProjectByName(name) is not { } project
            || !access.Policy.GetProjectsWith(access.Caller.UserId, Permissions.ProjectRead).Contains(project.Value.Id))
        {
            return Problems.NotFound("project", name);
        }
        return TypedResults.Ok(project.ToResource());
    }

    public static async Task<IResult> Create(HttpContext http, ControlPlane cp, CreateProjectRequest request)
    {
        var access = await cp.ReadAsync(http);
        var target = $"project/{request.Name}";
        if (await cp.DenyUnlessAsync(http, access, Permissions.ProjectWrite, PolicyTarget.Organization, "project.create", target) is { } denied) return denied;
        if (NameRules.DnsLabel("project", request.Name) is { } nameError) return Problems.Invalid("name", nameError);
        if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);

        var result = await cp.Writer.MutateAsync(access.Caller.OrganizationId, view =>
        {
            if (view.ProjectByName(request.Name) is not null) return DirectoryError.AlreadyExists("project", request.Name);
            var project = new Project(RandomTokens.Id(), request.Name, request.Description ?? string.Empty, cp.Time.GetUtcNow());
            return Mutation<string>.Apply(new DirectoryChangeSet().Insert(EntityKinds.Project, project.Id, project.Name, project), project.Name);
        }, http.RequestAborted);
        if (await cp.CompleteAsync(http, access.Caller, "project.create", target, request.Name, result) is { } failed) return failed;

        var created = (await cp.RefreshAsync(access.Caller, http.RequestAborted)).ProjectByName(request.Name)!;
        return TypedResults.Created($"/api/v1/projects/{Uri.EscapeDataString(request.Name)}", created.ToResource());
    }

    public static async Task<IResult> Update(HttpContext http, ControlPlane cp, string name, UpdateProjectRequest request)
    {
        var access = await cp.ReadAsync(http);
        if (access.View.ProjectByName(name) is not { } existing) return Problems.NotFound("project", name);
        var target = $"project/{name}";
        if (await cp.DenyUnlessAsync(http, access, Permissions.ProjectWrite, PolicyTarget.ForProject(existing.Value.Id), "project.update", target, name) is { } denied) return denied;
        if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);

        var expected = IfMatch.From(http) ?? existing.ETag;
        var result = await cp.Writer.MutateAsync(access.Caller.OrganizationId, view =>
        {
            if (view.ProjectByName(name) is not { } current) return DirectoryError.NotFound("project", name);
            if (current.ETag != expected) return DirectoryError.ChangedConcurrently("project", name);
            var updated = current.Value with { Description = request.Description ?? current.Value.Description };
            return Mutation<bool>.Apply(new DirectoryChangeSet().Update(EntityKinds.Project, updated.Id, updated, current.ETag), true);
        }, http.RequestAborted);
        if (await cp.CompleteAsync(http, access.Caller, "project.update", target, name, result) is { } failed) return failed;
        return TypedResults.Ok((await cp.RefreshAsync(access.Caller, http.RequestAborted)).ProjectByName(name)!.ToResource());
    }

    public static async Task<IResult> Delete(HttpContext http, ControlPlane cp, string name)
    {
        var access = await cp.ReadAsync(http);
        if (access.View.ProjectByName(name) is not { } existing) return Problems.NotFound("project", name);
        var target = $"project/{name}";
        if (await cp.DenyUnlessAsync(http, access, Permissions.ProjectWrite, PolicyTarget.ForProject(existing.Value.Id), "project.delete", target, name) is { } denied) return denied;

        var result = await cp.Writer.MutateAsync(access.Caller.OrganizationId, view =>
        {
            if (view.ProjectByName(name) is not { } project) return DirectoryError.NotFound("project", name);
            if (project.Value.Name == Project.DefaultName) return DirectoryError.Conflict("the 'default' project cannot be deleted.");
            var clusters = view.Clusters.Values.Where(c => c.Value.ProjectId == project.Value.Id).Select(c => c.Value.Name).Order().ToArray();
            if (clusters.Length > 0)
            {
                return DirectoryError.Conflict($"project '{name}' still has {clusters.Length} cluster(s) ({string.Join(", ", clusters)}); delete or move them first.");
            }

            // Bindings to the project mean nothing without it: they go in the same operation.
            var changes = new DirectoryChangeSet();
            foreach (var binding in view.Bindings.Values.Where(b => b.Value.Scope.ProjectId == project.Value.Id))
            {
                changes.Delete(EntityKinds.RoleBinding, binding.Value.Id, null, binding.ETag);
            }
            changes.Delete(EntityKinds.Project, project.Value.Id, project.Value.Name, project.ETag);
            return Mutation<bool>.Apply(changes, true);
        }, http.RequestAborted);
        if (await cp.CompleteAsync(http, access.Caller, "project.delete", target, name, result) is { } failed) return failed;
        return TypedResults.NoContent();
    }
}
