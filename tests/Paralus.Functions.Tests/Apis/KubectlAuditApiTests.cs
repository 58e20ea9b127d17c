using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Functions.Configuration;
using Paralus.Functions.Tests.Infrastructure;
using Paralus.Infrastructure.Audit;

namespace Paralus.Functions.Tests.Apis;

/// <summary>The kubectl audit query and export API over stored events: filters, formats, and who may read them.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class KubectlAuditApiTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Export_StreamsEveryMatchingEvent_InEachFormat()
    {
        var cluster = await StoreAsync(3);
        using var admin = fixture.Admin();

        var csv = await (await admin.GetAsync($"/api/v1/audit/kubectl/export?format=csv&cluster={cluster}&limit=2")).ReadTextAsync();
        var k8s = await (await admin.GetAsync($"/api/v1/audit/kubectl/export?format=k8s&cluster={cluster}")).ReadTextAsync();
        var jsonl = await (await admin.GetAsync($"/api/v1/audit/kubectl/export?cluster={cluster}")).ReadTextAsync();

        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("time,id,user,cluster,", rows[0]);
        Assert.Equal(4, rows.Length); // pages of two, followed to the end
        Assert.All(k8s.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Equal("Event", JsonDocument.Parse(line).RootElement.GetProperty("kind").GetString()));
        var records = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<KubectlAuditEventResource>(line, ApiCalls.Json)!).ToArray();
        Assert.Equal(["e2", "e1", "e0"], records.Select(r => r.Id[(r.Id.LastIndexOf('-') + 1)..]));
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("status=abc", "status")]
    [InlineData("decision=maybe", "decision")]
    [InlineData("limit=0", "limit")]
    [InlineData("continue=%25%25%25", "continue")]
    public async Task BadFilters_AreRefusedWithTheField(string query, string field)
    {
        using var admin = fixture.Admin();
        var response = await admin.GetAsync($"/api/v1/audit/kubectl/export?{query}");
        Assert.Contains(field, await response.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task WithoutRelayAuditPermission_NothingIsExported()
    {
        var user = ApiCalls.Unique("nosy") + "@example.com";
        using var admin = fixture.Admin();
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: "nosy-password-1"))).EnsureSuccessStatusCode();
        using var nosy = fixture.Server.Client(await fixture.Server.LoginAsync(user, "nosy-password-1"));

        await (await nosy.GetAsync("/api/v1/audit/kubectl/export?format=csv")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await nosy.GetAsync("/api/v1/audit/kubectl?project=default")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Verify_ReportsBothLogsIntact_AndOnlyOrganizationAuditorsMayAsk()
    {
        await StoreAsync(2);
        using var admin = fixture.Admin();
        var user = ApiCalls.Unique("projectauditor") + "@example.com";
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: "auditor-password-1"))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: user, Project: "default"))).EnsureSuccessStatusCode();
        using var auditor = fixture.Server.Client(await fixture.Server.LoginAsync(user, "auditor-password-1"));

        var verification = await admin.GetFromJsonAsync<AuditVerificationResource>("/api/v1/audit/verify", ApiCalls.Json);

        Assert.True(verification!.Intact, string.Join("; ", verification.Findings.Select(f => $"{f.Log} {f.Kind} {f.Where}: {f.Detail}")));
        Assert.Equal(["kubectl", "system"], verification.Logs);
        Assert.True(verification.Records >= 3, $"records: {verification.Records}"); // two kubectl events, and the user's creation at least
        await (await auditor.GetAsync("/api/v1/audit/verify")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("from", await (await admin.GetAsync("/api/v1/audit/verify?from=2026-12-08&to=2026-12-01")).ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("31 days", await (await admin.GetAsync("/api/v1/audit/verify?from=2026-01-01&to=2026-12-01")).ProblemAsync(HttpStatusCode.BadRequest));
    }

    private async Task<string> StoreAsync(int count)
    {
        var cluster = ApiCalls.Unique("c");
        var organization = fixture.Server.Services.GetRequiredService<ServedOrganization>().Id;
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, count).Select(i => new KubectlAuditEvent($"{cluster}-e{i}", now.AddSeconds(i - count), organization, "default", cluster,
            "user-x", "sally@example.com", "certificate", "127.0.0.1", "kubectl", "get", null, "pods", null, "default", $"pod-{i}",
            $"/api/v1/namespaces/default/pods/pod-{i}", 200, KubectlAuditDecisions.Allow, "binding b", 3, null, 10, "sally")).ToArray();
        await fixture.Server.Services.GetRequiredService<KubectlAuditLog>().WriteAsync(events, CancellationToken.None);
        return cluster;
    }
}
