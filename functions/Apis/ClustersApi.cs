using System.Text.RegularExpressions;
using Paralus.Domain.Contracts;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Security;
using Paralus.Infrastructure.Storage;
using Paralus.Functions.Hosting;

namespace Paralus.Functions.Apis;

/// <summary>Cluster metadata. A cluster in a project the caller cannot see is answered exactly like a missing one.</summary>
internal static partial class ClustersApi
{
    private const int MaxLabels = 32;

    public static RouteGroupBuilder MapClustersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/clusters").WithFunction("clusters");
        api.MapGet("/", List);
        api.MapPost("/", Create);
        api.MapGet("/{name}", Get);
        api.MapPatch("/{name}", Update);
        api.MapDelete("/{name}", Delete);
        return api;
    }

    public static async Task<IResult> List(HttpContext http, ControlPlane cp, ClusterPresenceLog presence, string? project, int? limit, string? @continue)
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

    public static async Task<IResult> Get(HttpContext http, ControlPlane cp, ClusterPresenceLog presence, string name)
    {
        var access = await cp.ReadAsync(http);
        if (access.Find(Lookups.Cluster(name)) is not { } cluster) return Problems.NotFound("cluster", name);
        var reports = await presence.ReadAsync(access.Caller.OrganizationId, http.RequestAborted);
        return TypedResults.Ok(cluster.ToResource(access.View, reports.GetValueOrDefault(cluster.Value.Id), cp.Time.GetUtcNow()));
    }

    /// <summary>
    /// Cluster names are unique in the organization (kubeconfigs name clusters in the relay URL), so a name can be
    /// taken by a cluster the caller cannot see. Every taken name gets the same answer, which says only that.
    /// </summary>
    public static async Task<IResult> Create(HttpContext http, ControlPlane cp, CreateClusterRequest request)
    {
        if (NameRules.DnsLabel("cluster", request.Name) is { } nameError) return Problems.Invalid("name", nameError);
        return await cp.ExecuteAsync(http, new Operation(Permissions.ClusterWrite, "cluster.create", $"cluster/{request.Name}"), Lookups.Project(request.Project, "project"), async (granted, project) =>
        {
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);
            if (CheckLabels(request.Labels) is { } labelError) return labelError;

            var (_, failed) = await granted.MutateAsync(view =>
            {
                if (view.ClusterByName(request.Name) is not null) return NameTaken(request.Name);
                if (!view.Projects.ContainsKey(project.Value.Id)) return DirectoryError.NotFound("project", request.Project);
                var cluster = new Cluster(RandomTokens.Id(), request.Name, project.Value.Id, request.Description ?? string.Empty,
                    request.Labels ?? new Dictionary<string, string>(), cp.Time.GetUtcNow(), ClusterStatus.Pending);
                return Mutation<bool>.Apply(new DirectoryChangeSet().Insert(EntityKinds.Cluster, cluster.Id, cluster.Name, cluster), true);
            });
            if (failed is not null) return failed;
            var after = await granted.RefreshAsync();
            return TypedResults.Created($"/api/v1/clusters/{request.Name}", after.ClusterByName(request.Name)!.ToResource(after));
        });
    }

    public static Task<IResult> Update(HttpContext http, ControlPlane cp, string name, UpdateClusterRequest request) =>
        cp.ExecuteAsync(http, new Operation(Permissions.ClusterWrite, "cluster.update", $"cluster/{name}"), Lookups.Cluster(name), async (granted, existing) =>
        {
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);
            if (CheckLabels(request.Labels) is { } labelError) return labelError;

            var expected = IfMatch.From(http) ?? existing.ETag;
            var (_, failed) = await granted.MutateAsync(view =>
            {
                if (view.ClusterByName(name) is not { } cluster) return DirectoryError.NotFound("cluster", name);
                if (cluster.ETag != expected) return DirectoryError.ChangedConcurrently("cluster", name);
                var updated = cluster.Value with
                {
                    Description = request.Description ?? cluster.Value.Description,
                    Labels = request.Labels ?? cluster.Value.Labels,
                };
                return Mutation<bool>.Apply(new DirectoryChangeSet().Update(EntityKinds.Cluster, updated.Id, updated, cluster.ETag), true);
            });
            if (failed is not null) return failed;
            var after = await granted.RefreshAsync();
            return TypedResults.Ok(after.ClusterByName(name)!.ToResource(after));
        });

    public static Task<IResult> Delete(HttpContext http, ControlPlane cp, string name) =>
        cp.ExecuteAsync(http, new Operation(Permissions.ClusterWrite, "cluster.delete", $"cluster/{name}"), Lookups.Cluster(name), async (granted, _) =>
        {
            var (_, failed) = await granted.MutateAsync(view =>
                view.ClusterByName(name) is { } cluster
                    ? Mutation<bool>.Apply(new DirectoryChangeSet().Delete(EntityKinds.Cluster, cluster.Value.Id, cluster.Value.Name, cluster.ETag), true)
                    : DirectoryError.NotFound("cluster", name));
            return failed ?? TypedResults.NoContent();
        });

    private static DirectoryError NameTaken(string name) =>
        DirectoryError.Conflict($"the cluster name '{name}' is not available: cluster names are unique in the organization; choose another name.");

    /// <summary>Kubernetes label rules: optional DNS prefix, name up to 63 characters, value up to 63.</summary>
    private static IResult? CheckLabels(IReadOnlyDictionary<string, string>? labels)
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
