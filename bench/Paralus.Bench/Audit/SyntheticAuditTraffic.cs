using Paralus.Bench.Relay;
using Paralus.Domain.Audit;

namespace Paralus.Bench.Audit;

/// <summary>
/// Audit batches shaped like a relay's: 500 events within half a second, from a window of <see cref="UsersPerBatch"/>
/// users moving through a pool of <see cref="UserPool"/>, spread over <see cref="Clusters"/> clusters (cluster c belongs
/// to project c mod <see cref="Projects"/>); one event in <see cref="DeleteEvery"/> is a delete, the rest gets.
/// A user always works on the same cluster: user u on cluster u mod <see cref="Clusters"/>.
/// </summary>
internal sealed record SyntheticAuditTraffic(string OrganizationId, int UsersPerBatch = 20, int UserPool = 1_000, int Clusters = 2, int Projects = 1, int DeleteEvery = 0)
{
    public IReadOnlyList<KubectlAuditEvent> Batch(int b, DateTimeOffset newest) =>
        Enumerable.Range(0, KubectlAuditBatch.MaxEvents).Select(i =>
        {
            var user = (b * UsersPerBatch + i % UsersPerBatch) % UserPool;
            var cluster = user % Clusters;
            var verb = DeleteEvery > 0 && (i + b) % DeleteEvery == 0 ? "delete" : "get";
            return new KubectlAuditEvent($"b{b}-e{i}-{Guid.NewGuid():N}", newest.AddMilliseconds(-i), OrganizationId, ProjectName(cluster % Projects),
                $"cluster-{cluster}", $"user-{user}", UserName(user), "certificate", "10.0.0.1", "kubectl/v1.33.0", verb, null, "pods", null, "default",
                $"b{b}-pod-{i}", $"/api/v1/namespaces/default/pods/b{b}-pod-{i}", 200, KubectlAuditDecisions.Allow, "binding b1 grants NAMESPACE_ADMIN", 2, null,
                900, "sa");
        }).ToArray();

    public static string UserName(int user) => $"user-{user}@bench.local";

    public static string ProjectName(int project) => project == 0 ? RelayBenchStack.Project : $"project-{project}";
}
