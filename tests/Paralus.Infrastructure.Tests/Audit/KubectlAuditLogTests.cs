using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Storage;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Audit;

/// <summary>The kubectl audit store against a real Azurite: idempotent writes, filtered newest-first queries across days, whole days dropped.</summary>
public sealed class KubectlAuditLogTests(KubectlAuditLogTests.Storage storage) : IClassFixture<KubectlAuditLogTests.Storage>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    // A table prefix per test: each sees only its own days.
    private readonly KubectlAuditLog _log = new(new TableServiceClient(storage.Azurite.ConnectionString),
        Options.Create(new TableStorageOptions { TablePrefix = "k" + Guid.NewGuid().ToString("N")[..8] }));

    /// <summary>One Azurite for the class: three of them starting at once slowed every other fixture of the run.</summary>
    public sealed class Storage : IAsyncLifetime
    {
        public AzuriteServer Azurite { get; private set; } = null!;

        public async Task InitializeAsync() => Azurite = await AzuriteServer.StartAsync();

        public async Task DisposeAsync() => await Azurite.DisposeAsync();
    }

    [Fact]
    public async Task StoringABatchTwice_KeepsOneRecordPerEvent()
    {
        var batch = Enumerable.Range(0, 150).Select(i => Event($"e{i}", Now.AddSeconds(-i), user: i % 2 == 0 ? "sally" : "virat")).ToArray();

        await _log.WriteAsync(batch, CancellationToken.None);
        await _log.WriteAsync(batch, CancellationToken.None);

        var all = await _log.QueryAsync("org-1", new KubectlAuditQuery(Limit: 1000), Now, CancellationToken.None);
        Assert.Equal(150, all.Items.Count);
        Assert.Equal(batch.Select(e => e.Id), all.Items.Select(e => e.Id));
        var sally = await _log.QueryAsync("org-1", new KubectlAuditQuery(User: "sally", Limit: 1000), Now, CancellationToken.None);
        Assert.Equal(75, sally.Items.Count);
        Assert.All(sally.Items, e => Assert.Equal("sally", e.User));
    }

    [Fact]
    public async Task Filters_Combine_AndPagesRunBackAcrossDays()
    {
        await _log.WriteAsync(
        [
            Event("today-delete", Now.AddMinutes(-5), verb: "delete", name: "nginx"),
            Event("today-get", Now.AddMinutes(-4), verb: "get", name: "nginx"),
            Event("yesterday-delete", Now.AddDays(-1), verb: "delete", name: "nginx"),
            Event("denied", Now.AddMinutes(-3), verb: "delete", name: "nginx", status: 403, decision: KubectlAuditDecisions.Deny),
            Event("other-cluster", Now.AddMinutes(-2), verb: "delete", name: "nginx", cluster: "other"),
        ], CancellationToken.None);

        var query = new KubectlAuditQuery(Cluster: "sandbox", Verb: "delete", Decision: KubectlAuditDecisions.Allow, Since: Now.AddDays(-2), Limit: 1);
        var first = await _log.QueryAsync("org-1", query, Now, CancellationToken.None);
        var second = await _log.QueryAsync("org-1", query with { Continue = first.Continue }, Now, CancellationToken.None);

        Assert.Equal("today-delete", Assert.Single(first.Items).Id);
        Assert.Equal("yesterday-delete", Assert.Single(second.Items).Id);
        var denied = await _log.QueryAsync("org-1", new KubectlAuditQuery(StatusClass: 4), Now, CancellationToken.None);
        Assert.Equal("denied", Assert.Single(denied.Items).Id);
        Assert.Empty((await _log.QueryAsync("org-2", new KubectlAuditQuery(), Now, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Retention_DropsWholeDays()
    {
        await _log.WriteAsync([Event("old", Now.AddDays(-3)), Event("kept", Now)], CancellationToken.None);

        var dropped = await _log.DropDaysBeforeAsync(Now.AddDays(-1), CancellationToken.None);

        Assert.Equal([DateOnly.FromDateTime(Now.AddDays(-3).UtcDateTime)], dropped);
        var left = await _log.QueryAsync("org-1", new KubectlAuditQuery(Since: Now.AddDays(-5)), Now, CancellationToken.None);
        Assert.Equal("kept", Assert.Single(left.Items).Id);
    }

    private static KubectlAuditEvent Event(string id, DateTimeOffset time, string user = "sally", string verb = "get", string? name = null,
        int status = 200, string decision = KubectlAuditDecisions.Allow, string cluster = "sandbox") =>
        new(id, time, "org-1", "default", cluster, "user-" + user, user, "certificate", "127.0.0.1", "kubectl/v1.33.0",
            verb, "apps", "deployments", null, "default", name, $"/apis/apps/v1/namespaces/default/deployments/{name}", status, decision,
            decision == KubectlAuditDecisions.Allow ? "binding b1 grants PROJECT_ADMIN" : "no access", 12, 0, 100, "sally-sa");
}
