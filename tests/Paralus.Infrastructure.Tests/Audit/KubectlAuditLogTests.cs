using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Storage;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Audit;

/// <summary>The kubectl audit store against a real Azurite: idempotent writes, filtered newest-first queries across days, whole days dropped, tampering found.</summary>
public sealed class KubectlAuditLogTests(KubectlAuditLogTests.Storage storage) : IClassFixture<KubectlAuditLogTests.Storage>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    // A table prefix per test: each sees only its own days.
    private readonly TableServiceClient _service = new(storage.Azurite.ConnectionString);
    private readonly string _prefix = "k" + Guid.NewGuid().ToString("N")[..8];
    private KubectlAuditLog Log => field ??= new KubectlAuditLog(_service, Options.Create(new TableStorageOptions { TablePrefix = _prefix }));

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

        await Log.WriteAsync(batch, CancellationToken.None);
        await Log.WriteAsync(batch, CancellationToken.None);

        var all = await Log.QueryAsync("org-1", new KubectlAuditQuery(Limit: 1000), Now, CancellationToken.None);
        Assert.Equal(150, all.Items.Count);
        Assert.Equal(batch.Select(e => e.Id), all.Items.Select(e => e.Id));
        var sally = await Log.QueryAsync("org-1", new KubectlAuditQuery(User: "sally", Limit: 1000), Now, CancellationToken.None);
        Assert.Equal(75, sally.Items.Count);
        Assert.All(sally.Items, e => Assert.Equal("sally", e.User));
    }

    [Fact]
    public async Task Filters_Combine_AndPagesRunBackAcrossDays()
    {
        await Log.WriteAsync(
        [
            Event("today-delete", Now.AddMinutes(-5), verb: "delete", name: "nginx"),
            Event("today-get", Now.AddMinutes(-4), verb: "get", name: "nginx"),
            Event("yesterday-delete", Now.AddDays(-1), verb: "delete", name: "nginx"),
            Event("denied", Now.AddMinutes(-3), verb: "delete", name: "nginx", status: 403, decision: KubectlAuditDecisions.Deny),
            Event("other-cluster", Now.AddMinutes(-2), verb: "delete", name: "nginx", cluster: "other"),
        ], CancellationToken.None);

        var query = new KubectlAuditQuery(Cluster: "sandbox", Verb: "delete", Decision: KubectlAuditDecisions.Allow, Since: Now.AddDays(-2), Limit: 1);
        var first = await Log.QueryAsync("org-1", query, Now, CancellationToken.None);
        var second = await Log.QueryAsync("org-1", query with { Continue = first.Continue }, Now, CancellationToken.None);

        Assert.Equal("today-delete", Assert.Single(first.Items).Id);
        Assert.Equal("yesterday-delete", Assert.Single(second.Items).Id);
        var denied = await Log.QueryAsync("org-1", new KubectlAuditQuery(StatusClass: 4), Now, CancellationToken.None);
        Assert.Equal("denied", Assert.Single(denied.Items).Id);
        Assert.Empty((await Log.QueryAsync("org-2", new KubectlAuditQuery(), Now, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Retention_DropsWholeDays()
    {
        await Log.WriteAsync([Event("old", Now.AddDays(-3)), Event("kept", Now)], CancellationToken.None);

        var dropped = await Log.DropDaysBeforeAsync(Now.AddDays(-1), CancellationToken.None);

        Assert.Equal([DateOnly.FromDateTime(Now.AddDays(-3).UtcDateTime)], dropped);
        var left = await Log.QueryAsync("org-1", new KubectlAuditQuery(Since: Now.AddDays(-5)), Now, CancellationToken.None);
        Assert.Equal("kept", Assert.Single(left.Items).Id);
    }

    [Fact]
    public async Task PagesOfBatchesThatOverlapInTime_ListEveryRecordOnceInOrder()
    {
        // Two relays' batches cover the same seconds; a record that came in two batches is one record.
        var first = Enumerable.Range(0, 60).Select(i => Event($"a{i:D2}", Now.AddMilliseconds(-100 * i))).ToArray();
        var second = Enumerable.Range(0, 60).Select(i => Event($"b{i:D2}", Now.AddMilliseconds(-100 * i - 50))).Append(first[10]).ToArray();
        await Log.WriteAsync(first, CancellationToken.None);
        await Log.WriteAsync(second, CancellationToken.None);

        var listed = new List<string>();
        string? next = null;
        do
        {
            var page = await Log.QueryAsync("org-1", new KubectlAuditQuery(Limit: 7, Continue: next), Now, CancellationToken.None);
            listed.AddRange(page.Items.Select(e => e.Id));
            next = page.Continue;
        } while (next is not null);

        var expected = first.Concat(second).DistinctBy(e => e.Id).Order(AuditOrder.NewestFirst).Select(e => e.Id);
        Assert.Equal(expected, listed);
        var window = await Log.QueryAsync("org-1", new KubectlAuditQuery(Since: Now.AddSeconds(-3), Until: Now.AddSeconds(-2), Limit: 1000), Now, CancellationToken.None);
        Assert.Equal(21, window.Items.Count);
        Assert.All(window.Items, e => Assert.InRange(e.Time, Now.AddSeconds(-3), Now.AddSeconds(-2)));
    }

    [Fact]
    public async Task AMalformedContinueToken_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Log.QueryAsync("org-1", new KubectlAuditQuery(Continue: "bm90LWEtY3Vyc29y"), Now, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_PassesUntouchedRecords_AndStoringABatchAgainKeepsTheChain()
    {
        var batch = Enumerable.Range(0, 40).Select(i => Event($"e{i}", Now.AddSeconds(-i), user: i % 2 == 0 ? "sally" : "virat")).ToArray();
        await Log.WriteAsync(batch[..20], CancellationToken.None);
        await Log.WriteAsync(batch[20..], CancellationToken.None);
        await Log.WriteAsync(batch[..20], CancellationToken.None);

        var verification = await Verify();

        Assert.True(verification.Intact, string.Join("; ", verification.Findings.Select(f => $"{f.Kind} {f.Where}: {f.Detail}")));
        Assert.Equal(40, verification.Records);
    }

    [Fact]
    public async Task Verify_ReportsAChangedARemovedAndAnInsertedRecord()
    {
        await Log.WriteAsync([Event("nginx-delete", Now.AddMinutes(-30), user: "trainee", verb: "delete", name: "nginx")], CancellationToken.None);
        await Log.WriteAsync([Event("read-1", Now.AddMinutes(-20))], CancellationToken.None);
        await Log.WriteAsync([Event("read-2", Now.AddMinutes(-10))], CancellationToken.None);
        var rows = await OrganizationRowsAsync();

        // Someone makes the trainee's delete look like sally's, drops read-1 and adds a record nobody made.
        var changed = rows.Single(r => Content(r).Contains("nginx-delete", StringComparison.Ordinal));
        await Events.UpdateEntityAsync(WithContent(changed, Content(changed).Replace("trainee", "sally", StringComparison.Ordinal)), ETag.All);
        await Events.DeleteEntityAsync(rows.Single(r => Content(r).Contains("read-1", StringComparison.Ordinal)));
        var copied = rows.Single(r => Content(r).Contains("read-2", StringComparison.Ordinal));
        var forged = Content(copied).Replace("read-2", "forged", StringComparison.Ordinal);
        var forgedKey = $"{copied.RowKey[..copied.RowKey.LastIndexOf('.')]}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(forged)))[..16]}";
        await Events.AddEntityAsync(WithContent(new TableEntity(copied) { RowKey = forgedKey }, forged));

        var findings = (await Verify()).Findings;

        Assert.Contains(findings, f => f is { Kind: AuditFindingKinds.Changed } && f.EventIds.Contains("nginx-delete"));
        Assert.Contains(findings, f => f is { Kind: AuditFindingKinds.Removed } && f.EventIds.Contains("read-1"));
        Assert.Contains(findings, f => f is { Kind: AuditFindingKinds.Inserted } && f.EventIds.Contains("forged"));
        Assert.DoesNotContain(findings, f => f.EventIds.Contains("read-2"));
    }

    private TableClient Events => _service.GetTableClient($"{_prefix}kubectlaudit{Now:yyyyMMdd}");

    private Task<AuditVerification> Verify() =>
        Log.VerifyAsync("org-1", DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-1), DateOnly.FromDateTime(Now.UtcDateTime), CancellationToken.None);

    private async Task<List<TableEntity>> OrganizationRowsAsync() => await Events.QueryAsync<TableEntity>(r => r.PartitionKey == "org-1").ToListAsync();

    /// <summary>A segment row's records as stored: gzip'd JSON across binary columns.</summary>
    private static string Content(TableEntity row)
    {
        using var compressed = new MemoryStream();
        for (var i = 0; row.GetBinary("Data" + i) is { } part; i++) compressed.Write(part);
        compressed.Position = 0;
        using var reader = new StreamReader(new GZipStream(compressed, CompressionMode.Decompress));
        return reader.ReadToEnd();
    }

    private static TableEntity WithContent(TableEntity row, string content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(content));
        var copy = new TableEntity(row) { ["Data0"] = compressed.ToArray() };
        return copy;
    }

    private static KubectlAuditEvent Event(string id, DateTimeOffset time, string user = "sally", string verb = "get", string? name = null,
        int status = 200, string decision = KubectlAuditDecisions.Allow, string cluster = "sandbox") =>
        new(id, time, "org-1", "default", cluster, "user-" + user, user, "certificate", "127.0.0.1", "kubectl/v1.33.0",
            verb, "apps", "deployments", null, "default", name, $"/apis/apps/v1/namespaces/default/deployments/{name}", status, decision,
            decision == KubectlAuditDecisions.Allow ? "binding b1 grants PROJECT_ADMIN" : "no access", 12, 0, 100, "sally-sa");
}
