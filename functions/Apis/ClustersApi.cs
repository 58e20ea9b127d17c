using System.Text.RegularExpressions;
using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Apis;

/// <summary>Cluster metadata. A cluster in a project the caller cannot see is answered exactly like a missing one.</summary>
internal static partial class ClustersApi
{
    private const int MaxLabels = 32;

    public static RouteGroupBuilder MapClustersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/clusters").WithFunction("clusters").WithTags("Clusters").ProducesCallerProblems();
        api.MapGet("/", List).WithName("ListClusters").WithSummary("List the clusters the caller may read, with their connection state.");
        api.MapPost("/", Create).WithName("CreateCluster").WithSummary("Create a cluster in a project.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{name}", Get).WithName("GetCluster").WithSummary("Get a cluster with its connection state.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/{name}", Update).WithName("UpdateCluster").WithSummary("Update a cluster's description or labels (If-Match for a conditional update).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapDelete("/{name}", Delete).WithName("DeleteCluster").WithSummary("Delete a cluster.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<ListResponse<ClusterResource>>, ProblemHttpResult, ValidationProblem>> List(HttpContext http, ControlPlane cp, ClusterPresenceLog presence, string? project, int? limit, string? @continue)
    {
        if (Paging.Validate(limit, @continue) is { } invalid) return invalid;
        var access = await cp.ReadAsync(http);
        var visible = access.Policy.GetProjectsWith(access.Caller.UserId, Permissions.ClusterRead);
        string? projectId = null;
        if (project is not null)
        {
            if (access.View.ProjectByName(project) is not { } p || !visible.Contains(p.Value.Id)) return Problems.NotFound("project", project);
            projectId = p.Value.Id;
        }
        var items = access.View.Clusters.Values.Where(c => visible.Contains(c.Value.ProjectId) && (projectId is null || c.Value.ProjectId == projectId));
        var reports = await presence.ReadAsync(access.Caller.OrganizationId, http.RequestAborted);
        var now = cp.Time.GetUtcNow();
        return TypedResults.Ok(Paging.Page(items, c => c.Value.Name, c => c.ToResource(access.View, reports.GetValueOrDefault(c.Value.Id), now), limit, @continue));
    }

    public static async Task<Results<Ok<ClusterResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp, ClusterPresenceLog presence, string name)
    {
        var access = await cp.ReadAsync(http);
        if (access.Find(Lookups.Cluster(name)) is not { } cluster) return Problems.NotFound("cluster", name);
        var reports = await presence.ReadAsync(access.Caller.OrganizationId, http.RequestAborted);
        return TypedResults.Ok(cluster.ToResource(access.View, reports.GetValueOrDefault(cluster.Value.Id), cp.Time.GetUtcNow()));
    }

    /// <summary>Authorized in the named project first; a taken name says only that (see <see cref="CreateCluster"/>).</summary>
    public static async Task<Results<Created<ClusterResource>, ProblemHttpResult, ValidationProblem>> Create(HttpContext http, ControlPlane cp, CreateClusterRequest request)
    {
        if (NameRules.DnsLabel("cluster", request.Name) is { } nameError) return Problems.Invalid("name", nameError);
        return await cp.ExecuteAsync<Created<ClusterResource>, Project>(http, new Operation(Permissions.ClusterWrite, "cluster.create", $"cluster/{request.Name}"), Lookups.Project(request.Project, "project"), async (granted, project) =>
        {
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);
            if (CheckLabels(request.Labels) is { } labelError) return labelError;

            var (_, failed) = await granted.MutateAsync(new CreateCluster(RandomTokens.Id(), request.Name, project.Value.Id, request.Project, request.Description ?? string.Empty,
                request.Labels ?? new Dictionary<string, string>(), cp.Time.GetUtcNow()));
            if (failed is not null) return failed;
            var after = await granted.RefreshAsync();
            return TypedResults.Created($"/api/v1/clusters/{request.Name}", after.ClusterByName(request.Name)!.ToResource(after));
        });
    }

    public static Task<Results<Ok<ClusterResource>, ProblemHttpResult, ValidationProblem>> Update(HttpContext http, ControlPlane cp, string name, UpdateClusterRequest request) =>
        cp.ExecuteAsync<Ok<ClusterResource>, Cluster>(http, new Operation(Permissions.ClusterWrite, "cluster.update", $"cluster/{name}"), Lookups.Cluster(name), async (granted, existing) =>
        {
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);
            if (CheckLabels(request.Labels) is { } labelError) return labelError;

            var expected = IfMatch.From(http) ?? existing.ETag;
            var (_, failed) = await granted.MutateAsync(new UpdateCluster(name, request.Description, request.Labels, expected));
            if (failed is not null) return failed;
            var after = await granted.RefreshAsync();
            return TypedResults.Ok(after.ClusterByName(name)!.ToResource(after));
        });

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(HttpContext http, ControlPlane cp, string name) =>
        cp.ExecuteAsync<NoContent, Cluster>(http, new Operation(Permissions.ClusterWrite, "cluster.delete", $"cluster/{name}"), Lookups.Cluster(name), async (granted, _) =>
        {
            var (_, failed) = await granted.MutateAsync(new DeleteCluster(name));
            if (failed is not null) return failed;
            return TypedResults.NoContent();
        });

    /// <summary>Kubernetes label rules: optional DNS prefix, name up to 63 characters, value up to 63.</summary>
    private static ValidationProblem? CheckLabels(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null) return null;
        if (labels.Count > MaxLabels) return Problems.Invalid("labels", $"at most {MaxLabels} labels are allowed.");
        foreach (var (key, value) in labels)
        {
            if (!LabelKey().IsMatch(key)) return Problems.Invalid("labels", $"label key '{key}' is invalid: use [prefix/]name with letters, digits, '-', '_', '.' (name up to 63 characters).");
            if (value.Length > 63 || (value.Length > 0 && !LabelValue().IsMatch(value))) return Problems.Invalid("labels", $"label value '{value}' for '{key}' is invalid: up to 63 letters, digits, '-', '_', '.'.");
        }
        return null;
    }

    [GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
