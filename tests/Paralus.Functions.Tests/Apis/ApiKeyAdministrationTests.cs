using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>
/// Security review, issue 14 item 7: administrators could neither see nor delete another user's API keys, and keys
/// never expired.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ApiKeyAdministrationTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task AnAdministrator_ListsInspectsAndDeletesAnotherUsersKey()
    {
        using var admin = fixture.Admin();
        var (dave, client) = await CreateUserAsync(admin);
        var expires = DateTimeOffset.UtcNow.AddDays(30);
        var key = await (await client.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("dave's laptop", expires))).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        using var automation = fixture.Server.Client(key.Key);
        await (await automation.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();

        var listed = await (await admin.GetAsync($"/api/v1/apikeys?user={dave}")).ReadAsync<ListResponse<ApiKeyResource>>();
        var shown = Assert.Single(listed.Items);
        Assert.Equal((key.Id, dave, "dave's laptop"), (shown.Id, shown.User, shown.Description));
        Assert.Equal(expires.ToUnixTimeSeconds(), shown.ExpiresAt?.ToUnixTimeSeconds());
        Assert.NotNull(shown.LastUsedAt);
        var everyone = await (await admin.GetAsync("/api/v1/apikeys?allUsers=true")).ReadAsync<ListResponse<ApiKeyResource>>();
        Assert.Contains(everyone.Items, k => k.Id == key.Id);
        Assert.Equal(shown, await (await admin.GetAsync($"/api/v1/apikeys/{key.Id}")).ReadAsync<ApiKeyResource>());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/apikeys/{key.Id}")).StatusCode);

        await (await automation.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized);
        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>("/api/v1/audit/system?action=apikey.delete", ApiCalls.Json);
        Assert.Contains(audit!.Items, e => e.Target == $"apikey/{key.Id}" && e.Actor == fixture.Server.AdminUser && e.Detail == $"owner {dave}");
    }

    [Fact]
    public async Task AUserWithoutUserRead_CannotSeeOrDeleteAnotherUsersKey()
    {
        using var admin = fixture.Admin();
        var adminKey = await (await admin.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("admin's"))).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var (_, client) = await CreateUserAsync(admin);

        await (await client.GetAsync($"/api/v1/apikeys/{adminKey.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/v1/apikeys/{adminKey.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/apikeys?allUsers=true")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/api/v1/apikeys?user={fixture.Server.AdminUser}")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await (await client.GetAsync("/api/v1/apikeys")).ReadAsync<ListResponse<ApiKeyResource>>()).Items);
        Assert.Contains("allUsers", await (await admin.GetAsync("/api/v1/apikeys?allUsers=true&user=x")).ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/apikeys/{adminKey.Id}")).StatusCode);
    }

    [Fact]
    public async Task AnExpiredKey_IsRefused_AndAKeyCannotBeMadeExpired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ControlPlaneServer.StartAsync(fixture.Azurite, "k" + Guid.NewGuid().ToString("N")[..10], time: clock);
        using var admin = server.Client(await server.LoginAsAdminAsync());
        var key = await (await admin.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("short", clock.GetUtcNow().AddHours(1)))).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        using var automation = server.Client(key.Key);
        await (await automation.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Contains("expired", await (await automation.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized));
        var response = await admin.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("already", clock.GetUtcNow().AddSeconds(-1)));
        Assert.Contains("expiresAt", await response.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AReadOnlyKey_OfAnAdministrator_ReadsButChangesNothing_AndMintsNoKubeconfig()
    {
        using var admin = fixture.Admin();
        var key = await (await admin.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("report", Scope: "read-only"))).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        Assert.Equal("read-only", key.Scope);
        using var report = fixture.Server.Client(key.Key);

        await (await report.GetAsync("/api/v1/projects")).ReadAsync<ListResponse<ProjectResource>>();
        Assert.Equal("read-only", (await (await report.GetAsync($"/api/v1/apikeys/{key.Id}")).ReadAsync<ApiKeyResource>()).Scope);
        var project = ApiCalls.Unique("ro");
        foreach (var attempt in new[]
        {
            await report.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project)),
            await report.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest()),
            await report.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("escalate")),
            await report.DeleteAsync($"/api/v1/apikeys/{key.Id}"),
        })
        {
            Assert.Contains("read-only", await attempt.ProblemAsync(HttpStatusCode.Forbidden));
        }

        await (await admin.GetAsync($"/api/v1/projects/{project}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("scope", await (await admin.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("x", Scope: "admin"))).ProblemAsync(HttpStatusCode.BadRequest));
    }

    private async Task<(string User, HttpClient Client)> CreateUserAsync(HttpClient admin)
    {
        var user = ApiCalls.Unique("dave") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: "daves-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        return (user, fixture.Server.Client(await fixture.Server.LoginAsync(user, "daves-password")));
    }
}
