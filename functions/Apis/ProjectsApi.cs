using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Security;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

internal static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/projects").WithFunction("projects").WithTags("Projects").ProducesCallerProblems();
        api.MapGet("/", List).WithName("ListProjects").WithSummary("List the projects the caller may read.");
        api.MapPost("/", Create).WithName("CreateProject").WithSummary("Create a project.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{name}", Get).WithName("GetProject").WithSummary("Get a project.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/{name}", Update).WithName("UpdateProject").WithSummary("Update a project's description (If-Match for a conditional update).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapDelete("/{name}", Delete).WithName("DeleteProject").WithSummary("Delete a project and its role bindings; refused while it has clusters.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<ListResponse<ProjectResource>>, ValidationProblem>> List(HttpContext http, ControlPlane cp, string? prefix, int? limit, string? @continue)
    {
        if (Paging.Validate(limit, @continue) is { } invalid) return invalid;
        var access = await cp.ReadAsync(http);
        var visible = access.Policy.GetProjectsWith(access.Caller.UserId, Permissions.ProjectRead);
        var items = access.View.Projects.Values
            .Where(p => visible.Contains(p.Value.Id) && (prefix is null || p.Value.Name.StartsWith(prefix, StringComparison.Ordinal)));
        return TypedResults.Ok(Paging.Page(items, p => p.Value.Name, p => p.ToResource(), limit, @continue));
    }

    public static async Task<Results<Ok<ProjectResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp, string name)
    {
        var access = await cp.ReadAsync(http);
        return access.Find(Lookups.Project(name)) is { } project ? TypedResults.Ok(project.ToResource()) : Problems.NotFound("project", name);
    }

    public static Task<Results<Created<ProjectResource>, ProblemHttpResult, ValidationProblem>> Create(HttpContext http, ControlPlane cp, CreateProjectRequest request) =>
        cp.ExecuteAsync<Created<ProjectResource>>(http, new Operation(Permissions.ProjectWrite, "project.create", $"project/{request.Name}"), PolicyTarget.Organization, request.Name, async granted =>
        {
            if (NameRules.DnsLabel("project", request.Name) is { } nameError) return Problems.Invalid("name", nameError);
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);

            var (_, failed) = await granted.MutateAsync(new CreateProject(RandomTokens.Id(), request.Name, request.Description ?? string.Empty, cp.Time.GetUtcNow()));
            if (failed is not null) return failed;
            var created = (await granted.RefreshAsync()).ProjectByName(request.Name)!;
            return TypedResults.Created($"/api/v1/projects/{Uri.EscapeDataString(request.Name)}", created.ToResource());
        });

    public static Task<Results<Ok<ProjectResource>, ProblemHttpResult, ValidationProblem>> Update(HttpContext http, ControlPlane cp, string name, UpdateProjectRequest request) =>
        cp.ExecuteAsync<Ok<ProjectResource>, Project>(http, new Operation(Permissions.ProjectWrite, "project.update", $"project/{name}"), Lookups.Project(name), async (granted, existing) =>
        {
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);

            var expected = IfMatch.From(http) ?? existing.ETag;
            var (_, failed) = await granted.MutateAsync(new UpdateProject(name, request.Description, expected));
            if (failed is not null) return failed;
            return TypedResults.Ok((await granted.RefreshAsync()).ProjectByName(name)!.ToResource());
        });

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(HttpContext http, ControlPlane cp, string name) =>
        cp.ExecuteAsync<NoContent, Project>(http, new Operation(Permissions.ProjectWrite, "project.delete", $"project/{name}"), Lookups.Project(name), async (granted, existing) =>
        {
            // Cluster names only for someone who may see them.
            var (_, failed) = await granted.MutateAsync(new DeleteProject(name, granted.Access.MayRead(Permissions.ClusterRead, existing.Value.Id)));
            if (failed is not null) return failed;
            return TypedResults.NoContent();
        });
}
