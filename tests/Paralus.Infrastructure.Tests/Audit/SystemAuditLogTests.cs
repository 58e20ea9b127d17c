using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Tests.Audit;

/// <summary>The control plane's audit in the same segmented, chained store as kubectl audit, against a real Azurite.</summary>
public sealed class SystemAuditLogTests(KubectlAuditLogTests.Storage storage) : IClassFixture<KubectlAuditLogTests.Storage>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private readonly TableServiceClient _service = new(storage.Azurite.ConnectionString);
    private readonly string _prefix = "s" + Guid.NewGuid().ToString("N")[..8];
    private SystemAuditLog Log => field ??= new SystemAuditLog(_service, Options.Create(new TableStorageOptions { TablePrefix = _prefix }));

    [Fact]
    public async Task Events_AreFoundByActorAndAction_NewestFirst_InPagesBackAcrossDays()
    {
        await Log.WriteAsync("org-1", Event("old", Now.AddDays(-40), "admin@paralus.local", "user.create"), CancellationToken.None);
        await Log.WriteAsync("org-1", Event("mid", Now.AddDays(-1), "admin@paralus.local", "group.delete"), CancellationToken.None);
        await Log.WriteAsync("org-1", Event("new", Now.AddMinutes(-1), "admin@paralus.local", "user.create"), CancellationToken.None);
        await Log.WriteAsync("org-1", Event("other", Now.AddMinutes(-2), "ops@example.com", "user.create"), CancellationToken.None);

        var first = await Log.QueryAsync("org-1", new SystemAuditQuery(Actor: "admin@paralus.local", Limit: 2), Now, CancellationToken.None);
        var rest = await Log.QueryAsync("org-1", new SystemAuditQuery(Actor: "admin@paralus.local", Limit: 2, Continue: first.Continue), Now, CancellationToken.None);
        var creations = await Log.QueryAsync("org-1", new SystemAuditQuery(Action: "user.create", Since: Now.AddDays(-7)), Now, CancellationToken.None);

        Assert.Equal(["new", "mid"], first.Items.Select(e => e.Id));
        Assert.Equal(["old"], rest.Items.Select(e => e.Id));
        Assert.Null(rest.Continue);
        Assert.Equal(["new", "other"], creations.Items.Select(e => e.Id));
        Assert.Empty((await Log.QueryAsync("org-2", new SystemAuditQuery(), Now, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Verify_FindsAnEditedEvent_AndRetentionDropsWholeDays()
    {
        await Log.WriteAsync("org-1", Event("login", Now.AddMinutes(-3), "virat@example.com", "auth.login"), CancellationToken.None);
        await Log.WriteAsync("org-1", Event("delete", Now.AddMinutes(-2), "virat@example.com", "group.delete"), CancellationToken.None);
        await Log.WriteAsync("org-1", Event("ancient", Now.AddDays(-100), "virat@example.com", "auth.login"), CancellationToken.None);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Assert.True((await Log.VerifyAsync("org-1", today, today, CancellationToken.None)).Intact);

        // Someone removes the record of the group's deletion.
        var events = _service.GetTableClient($"{_prefix}systemaudit{Now:yyyyMMdd}");
        var rows = await events.QueryAsync<TableEntity>(r => r.PartitionKey == "org-1").ToListAsync();
        await events.DeleteEntityAsync(rows.Single(r => r.RowKey.Contains("_delete.", StringComparison.Ordinal)));
        var dropped = await Log.DropDaysBeforeAsync(Now.AddDays(-90), CancellationToken.None);

        var verification = await Log.VerifyAsync("org-1", today, today, CancellationToken.None);
        var removed = Assert.Single(verification.Findings, f => f.Kind == AuditFindingKinds.Removed && f.Where == "organization");
        Assert.Equal("system", removed.Log);
        Assert.Equal(["delete"], removed.EventIds);
        Assert.Equal([DateOnly.FromDateTime(Now.AddDays(-100).UtcDateTime)], dropped);
        var logins = await Log.QueryAsync("org-1", new SystemAuditQuery(Action: "auth.login", Since: Now.AddDays(-200)), Now, CancellationToken.None);
        Assert.Equal(["login"], logins.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task TwoControlPlanes_WritingAtOnce_ExtendOneChain_ThatVerifies()
    {
        // Two instances (a Functions app scaled out), each remembering the head it last moved.
        var other = new SystemAuditLog(_service, Options.Create(new TableStorageOptions { TablePrefix = _prefix }));
        var writes = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? Log : other)
            .WriteAsync("org-1", Event($"e{i}", Now.AddSeconds(-i), "admin@paralus.local", "user.create"), CancellationToken.None));

        await Task.WhenAll(writes);

        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var verification = await Log.VerifyAsync("org-1", today, today, CancellationToken.None);
        Assert.True(verification.Intact, string.Join("; ", verification.Findings.Select(f => $"{f.Kind} {f.Where}: {f.Detail}")));
        Assert.Equal(40, verification.Records);
        Assert.Equal(40, (await Log.QueryAsync("org-1", new SystemAuditQuery(Limit: 100), Now, CancellationToken.None)).Items.Count);
    }

    private static SystemAuditEvent Event(string id, DateTimeOffset time, string actor, string action) =>
        new(id, time, actor, action, "group/aws-admins", "aws", "success", "10.0.0.7", "paralus/1.0");
}
