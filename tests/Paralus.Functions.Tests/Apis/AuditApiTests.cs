using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

[Collection(ControlPlaneCollection.Name)]
public sealed class AuditApiTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Mutations_AreAudited_NewestFirst_FilterableAndPaged()
    {
        using var admin = fixture.Admin();
        var names = Enumerable.Range(0, 3).Select(i => ApiCalls.Unique($"audited{i}")).ToArray();
        foreach (var name in names) await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(name))).ReadAsync<ProjectResource>(HttpStatusCode.Created);

        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"));
        var seen = new List<SystemAuditEventResource>();
        string? next = null;
        do
        {
            var page = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>(
                $"/api/v1/audit/system?action=project.create&since={since}&limit=2" + (next is null ? "" : $"&continue={next}"), ApiCalls.Json);
            seen.AddRange(page!.Items);
            next = page.Continue;
        }
        while (next is not null);

        var ours = seen.Where(e => names.Any(n => e.Target == $"project/{n}")).ToList();
        Assert.Equal(names.Reverse().Select(n => $"project/{n}"), ours.Select(e => e.Target));
        Assert.All(ours, e =>
        {
            Assert.Equal((fixture.Server.AdminUser, "success", "127.0.0.1"), (e.Actor, e.Outcome, e.ClientAddress));
            Assert.Equal(e.Target["project/".Length..], e.Project);
        });
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Time >= p.Second.Time), "newest first");
    }

    [Fact]
    public async Task LoginAttempts_AreAudited_WithOutcome()
    {
        using var anonymous = fixture.Server.Client();
        anonymous.DefaultRequestHeaders.UserAgent.ParseAdd("audit-test/1.0");
        await anonymous.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(fixture.Server.AdminUser, "wrong-password"));

        using var admin = fixture.Admin();
        var logins = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor={fixture.Server.AdminUser}&action=user.login", ApiCalls.Json);
        Assert.Contains(logins!.Items, e => e is { Outcome: "denied", UserAgent: "audit-test/1.0" });
        Assert.Contains(logins.Items, e => e.Outcome == "success");
    }

    [Fact]
    public async Task MalformedContinueToken_400()
    {
        using var admin = fixture.Admin();
        await (await admin.GetAsync("/api/v1/audit/system?continue=%25%25%25")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
